import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { runManifestSchema, simRunSummarySchema } from "../../core/contracts/run-directory.js";
import { assertValidLog, murmur } from "../support/murmur-cli.js";

describe("murmur run (end to end, real workerd)", () => {
  it("runs 50 agents x 6 rounds and writes a valid run directory", async () => {
    const out = mkdtempSync(join(tmpdir(), "murmur-e2e-"));
    // socialized, not the quiet Moltbook twin: in 6 rounds the twin's 50 agents take a handful of
    // turns and may cast no vote, and this test wants every action type in the log.
    const run = await murmur(["run", "--preset", "socialized", "--agents", "50", "--rounds", "6", "--seed", "5", "--out", out, "--quiet"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const text = readFileSync(join(out, "events.ndjson"), "utf8");
    const events = assertValidLog(text);
    const types = new Set(events.map((e) => e.type));
    for (const type of ["agent", "submolt", "feedSnapshot", "exposure", "post", "comment", "vote", "memoryWrite", "roundEnd"])
      expect(types).toContain(type);
    expect(events.filter((e) => e.type === "roundEnd")).toHaveLength(6);

    const manifest = runManifestSchema.parse(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")));
    expect(manifest.eventsSha256).toBe(createHash("sha256").update(text).digest("hex"));
    expect(manifest.events).toBe(events.length);
    expect(manifest.seed).toBe(5);
    const counted: Record<string, number> = {};
    for (const e of events) counted[e.type] = (counted[e.type] ?? 0) + 1;
    expect(manifest.counts).toEqual(counted);

    const summary = simRunSummarySchema.parse(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")));
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
  }, 600_000); // three runs of 200 agents, each analysed (4,000 bootstrap resamples per component)

  it("refuses an unknown preset with a clear message and a non-zero exit", async () => {
    const run = await murmur(["run", "--preset", "no-such-preset", "--quiet"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown preset "no-such-preset"');
    expect(run.stderr).toContain("moltbook-like");
  });
});
