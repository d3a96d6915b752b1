import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { canonicalLine, compareSortKeys, sortKeyOf } from "../../core/events/canonical.js";
import { eventSchema } from "../../core/events/event-schema.js";
import type { MurmurEvent } from "../../core/events/event-schema.js";

const repo = resolve(import.meta.dirname, "..", "..");

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `murmur` bin as a user would; `interruptAfterMs` sends Ctrl-C (SIGINT) that long after
 * the experiment has started (its first line of output). */
function murmur(args: string[], interruptAfterMs?: number): Promise<Finished> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(repo, "bin", "murmur.mjs"), ...args], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timer: ReturnType<typeof setTimeout> | undefined;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (interruptAfterMs !== undefined && timer === undefined && stdout.includes("murmur: experiment")) {
        timer = setTimeout(() => child.kill("SIGINT"), interruptAfterMs);
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", () => clearTimeout(timer));
    child.on("exit", (code) => done({ code, stdout, stderr }));
  });
}

const countsSchema = z.record(z.string(), z.number());

/** Checks every rule of EVENTS.md that a single log can show; returns the parsed events. */
function assertValidLog(text: string): MurmurEvent[] {
  const lines = text.split("\n");
  expect(lines.pop()).toBe("");
  const events = lines.map((line) => eventSchema.parse(JSON.parse(line)));
  const known = new Set<string>();
  const memoryRows = new Set<string>();
  let previous: { round: number; key: ReturnType<typeof sortKeyOf> } | null = null;
  const agentSeq = new Map<string, number>();
  events.forEach((event, i) => {
    // Canonical: re-serialising gives the same bytes.
    const { v: _v, seq, ...rest } = event;
    expect(canonicalLine(rest, seq)).toBe(lines[i]);
    // Ordered by round, then phase, frame, agent, agent sequence; seq counts from 0 per round.
    const agent = "agent" in event && typeof event.agent === "string" ? event.agent : "";
    if (previous && previous.round !== event.round) agentSeq.clear();
    const key = sortKeyOf(rest, 0);
    if (previous && previous.round === event.round) {
      expect(compareSortKeys(previous.key, key)).toBeLessThanOrEqual(0);
      expect(seq).toBe((events[i - 1]?.seq ?? -1) + 1);
    } else {
      expect(seq).toBe(0);
      if (previous) expect(event.round).toBeGreaterThan(previous.round);
    }
    agentSeq.set(agent, (agentSeq.get(agent) ?? 0) + 1);
    previous = { round: event.round, key };
    // Nothing points forward.
    if (event.type === "post" || event.type === "comment") known.add(event.id);
    if (event.type === "comment") {
      expect(known.has(event.post)).toBe(true);
      if (event.parent) expect(known.has(event.parent)).toBe(true);
    }
    if (event.type === "vote") expect(known.has(event.target)).toBe(true);
    if (event.type === "memoryWrite") memoryRows.add(event.id);
    if (event.type === "memoryRef") {
      expect(known.has(event.action)).toBe(true);
      for (const ref of event.refs) expect(memoryRows.has(ref)).toBe(true);
    }
    expect(event.t).toBe(new Date(Date.parse("2026-01-28T00:00:00.000Z") + event.round * 3_600_000).toISOString());
  });
  return events;
}

describe("murmur run (end to end, real workerd)", () => {
  it("runs 50 agents x 6 rounds and writes a valid run directory", async () => {
    const out = mkdtempSync(join(tmpdir(), "murmur-e2e-"));
    const run = await murmur([
      "run",
      "--preset",
      "moltbook-like",
      "--agents",
      "50",
      "--rounds",
      "6",
      "--seed",
      "5",
      "--out",
      out,
      "--quiet",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const text = readFileSync(join(out, "events.ndjson"), "utf8");
    const events = assertValidLog(text);
    const types = new Set(events.map((e) => e.type));
    for (const type of ["agent", "submolt", "feedSnapshot", "exposure", "post", "comment", "vote", "memoryWrite", "roundEnd"])
      expect(types).toContain(type);
    expect(events.filter((e) => e.type === "roundEnd")).toHaveLength(6);

    const manifest = z
      .object({ eventsSha256: z.string(), counts: countsSchema, events: z.number(), seed: z.number() })
      .loose()
      .parse(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")));
    expect(manifest.eventsSha256).toBe(createHash("sha256").update(text).digest("hex"));
    expect(manifest.events).toBe(events.length);
    expect(manifest.seed).toBe(5);
    const counted: Record<string, number> = {};
    for (const e of events) counted[e.type] = (counted[e.type] ?? 0) + 1;
    expect(manifest.counts).toEqual(counted);

    const summary = z
      .object({ counts: countsSchema, rounds: z.number(), agentTurns: z.number(), wallMs: z.number(), agentTurnsPerSecond: z.number() })
      .loose()
      .parse(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")));
    expect(summary.counts).toEqual(counted);
    expect(summary.rounds).toBe(6);
    expect(summary.agentTurns).toBe(events.filter((e) => e.type === "exposure" && e.kind === "feed").length);
    const config = z
      .object({ agents: z.number(), seed: z.number() })
      .loose()
      .parse(JSON.parse(readFileSync(join(out, "config.json"), "utf8")));
    expect(config.agents).toBe(50);
    const telemetry = readFileSync(join(out, "telemetry.ndjson"), "utf8").trim().split("\n");
    expect(telemetry).toHaveLength(6);
    expect(text).not.toMatch(/"(wallMs|latencyMs|durationMs|startedAt)":/);
  });

  it("pauses on Ctrl-C, resumes, and ends with the log of an uninterrupted run", async () => {
    const base = mkdtempSync(join(tmpdir(), "murmur-e2e-"));
    const args = ["run", "--preset", "socialized", "--agents", "200", "--rounds", "60", "--seed", "9"];
    const whole = await murmur([...args, "--out", join(base, "whole")]);
    expect(whole.code).toBe(0);
    const state = join(base, "state");
    const interrupted = await murmur([...args, "--out", join(base, "resumed"), "--state", state], 2_500);
    expect(interrupted.code).toBe(130);
    const resume = /npx murmur run --resume (x[0-9a-f]{12}) --state (\S+) --out (\S+)/.exec(interrupted.stdout);
    expect(resume).not.toBeNull();
    const resumed = await murmur([
      "run",
      "--resume",
      resume?.[1] ?? "",
      "--state",
      resume?.[2] ?? "",
      "--out",
      resume?.[3] ?? "",
      "--quiet",
    ]);
    expect(resumed.code).toBe(0);
    const a = readFileSync(join(base, "whole", "events.ndjson"), "utf8");
    const b = readFileSync(join(base, "resumed", "events.ndjson"), "utf8");
    expect(b.length).toBeGreaterThan(0);
    expect(b === a).toBe(true);
  });

  it("refuses an unknown preset with a clear message and a non-zero exit", async () => {
    const run = await murmur(["run", "--preset", "no-such-preset", "--quiet"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown preset "no-such-preset"');
    expect(run.stderr).toContain("moltbook-like");
  });
});
