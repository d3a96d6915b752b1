import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseExperimentConfig } from "../../../../core/contracts/experiment-config.js";
import type { ImportRunSummary, SimRunSummary } from "../../../../core/contracts/run-directory.js";
import { writeConfigFile, writeManifestFile, writeSummaryFile } from "../../../../node/run-directory.js";
import { scanRuns } from "../../../../cli/library/run-scan.js";
import { statusOf } from "../../../../cli/library/run-status.js";

/** Finding and validating run directories, and their status views, on directories made here. */

const log = { events: 3, counts: { post: 2, exposure: 1 }, sha256: "a".repeat(64) };

async function simRun(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const parsed = parseExperimentConfig({ name: "scan me", agents: 12, rounds: 4, seed: 7 });
  if (!parsed.ok) throw new Error(parsed.issues.join("; "));
  const hash = await writeConfigFile(dir, parsed.config);
  const run = {
    experimentId: "x0123456789ab",
    seed: 7,
    promptVersion: null,
    policies: ["sim"],
    models: [],
    startTime: parsed.config.startTime,
    rounds: 4,
  };
  await writeManifestFile(dir, hash, run, log);
  const summary: SimRunSummary = {
    experimentId: "x0123456789ab",
    status: "stopped",
    policy: "sim",
    agents: 12,
    rounds: 4,
    events: 3,
    counts: log.counts,
    agentTurns: 9,
    actions: 2,
    rejectedActions: 1,
    turnTimeouts: 0,
    wallMs: 100,
    engineWallMs: 80,
    agentTurnsPerSecond: 90,
    tokens: { prompt: 0, completion: 0 },
    costUsd: 0,
  };
  await writeSummaryFile(dir, summary);
  writeFileSync(join(dir, "events.ndjson"), "");
}

async function importRun(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const hash = await writeConfigFile(dir, { source: "moltbook" });
  const counts = { post: 5, comment: 4, scoreSnapshot: 2 };
  const run = {
    experimentId: "import",
    seed: null,
    promptVersion: null,
    policies: ["imported"],
    models: [],
    startTime: "2026-01-28T00:00:00.000Z",
    rounds: 3,
  };
  await writeManifestFile(dir, hash, run, { events: 11, counts, sha256: "b".repeat(64) });
  const summary: ImportRunSummary = {
    experimentId: "import",
    policy: "imported",
    files: 1,
    records: { posts: 5, comments: 4 },
    agents: 3,
    submolts: 1,
    rounds: 3,
    startTime: "2026-01-28T00:00:00.000Z",
    endTime: "2026-01-28T02:00:00.000Z",
    events: 11,
    counts,
    dropped: {},
    deferred: 0,
    wallMs: 5,
  };
  await writeSummaryFile(dir, summary);
  writeFileSync(join(dir, "events.ndjson"), "");
}

describe("scanRuns", () => {
  it("finds valid run directories up to four levels down, skips invalid ones with their reason", async () => {
    const root = mkdtempSync(join(tmpdir(), "murmur-scan-"));
    await simRun(join(root, "sim"));
    await importRun(join(root, "imports", "day1"));
    await simRun(join(root, "a", "b", "c", "d", "too-deep"));
    mkdirSync(join(root, "broken"));
    writeFileSync(join(root, "broken", "manifest.json"), "{");
    writeFileSync(join(root, "broken", "events.ndjson"), "");
    const { runs, rejected } = scanRuns([root, join(root, "missing")]);
    const real = realpathSync(root);
    expect(runs.map((r) => r.dir).sort()).toEqual([join(real, "imports", "day1"), join(real, "sim")]);
    const sim = runs.find((r) => r.dir.endsWith("sim"));
    // The id: `r` and the first 12 hex digits of the sha256 of the real path.
    expect(sim?.id).toBe(`r${createHash("sha256").update(join(real, "sim")).digest("hex").slice(0, 12)}`);
    expect(rejected.map((r) => r.dir)).toEqual([join(real, "broken")]);
    // Scanning a run directory itself as the root finds it.
    expect(scanRuns([join(root, "sim")]).runs.map((r) => r.id)).toEqual([sim?.id]);
  });

  it("shows a run directory as a read-only status view with what its log lacks", async () => {
    const root = mkdtempSync(join(tmpdir(), "murmur-scan-"));
    await simRun(join(root, "sim"));
    await importRun(join(root, "imp"));
    const { runs } = scanRuns([root]);
    const analysis = { state: "pending" as const, graph: false, note: null };
    const [imp, sim] = [runs.find((r) => r.dir.endsWith("imp")), runs.find((r) => r.dir.endsWith("sim"))];
    if (!imp || !sim) throw new Error("runs not found");
    expect(statusOf(sim, analysis)).toMatchObject({
      name: "scan me",
      status: "stopped",
      agents: 12,
      rounds: 4,
      roundsDone: 4,
      totals: { active: 9, actions: 2, rejected: 1, events: 3, wallMs: 80 },
      source: { kind: "runDirectory", imported: false },
    });
    // The sim log has exposures but no votes, memory or follows.
    expect(statusOf(sim, analysis).source?.limits.map((l) => l.split(":")[0])).toEqual(["No votes", "No memory", "No follows."]);
    const view = statusOf(imp, analysis);
    expect(view).toMatchObject({ name: "import imp", status: "finished", agents: 3, totals: { actions: 9, events: 11 } });
    expect(view.source?.limits.map((l) => l.split(":")[0])).toEqual([
      "No exposures",
      "No individual votes",
      "No memory",
      "No follows.",
      "No simulated personas",
    ]);
  });
});
