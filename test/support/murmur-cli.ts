import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { expect } from "vitest";
import { z } from "zod";
import { canonicalLine, compareSortKeys, sortKeyOf } from "../../core/events/canonical.js";
import { eventSchema } from "../../core/events/event-schema.js";
import type { MurmurEvent } from "../../core/events/event-schema.js";

/** What end-to-end tests share: the `murmur` bin as a user runs it, and the docs/events.md checks. */
const repo = resolve(import.meta.dirname, "..", "..");

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `murmur` bin as a user would; `interruptAfterMs` sends Ctrl-C (SIGINT) that long after
 * the experiment has started (its first line of output). */
export function murmur(args: string[], interruptAfterMs?: number, env: NodeJS.ProcessEnv = process.env): Promise<Finished> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(repo, "bin", "murmur.mjs"), ...args], {
      cwd: repo,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
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

export const countsSchema = z.record(z.string(), z.number());

/** Checks every rule of docs/events.md that a single log can show; returns the parsed events. */
export function assertValidLog(text: string): MurmurEvent[] {
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
    if (event.type === "memoryShown") for (const row of event.rows) expect(memoryRows.has(row)).toBe(true);
    if (event.type === "memoryRef") {
      expect(known.has(event.action)).toBe(true);
      for (const ref of event.refs) expect(memoryRows.has(ref)).toBe(true);
    }
    expect(event.t).toBe(new Date(Date.parse("2026-01-28T00:00:00.000Z") + event.round * 3_600_000).toISOString());
  });
  return events;
}
