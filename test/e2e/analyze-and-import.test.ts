import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { influenceGraphSchema } from "../../core/contracts/graph.js";

const repo = resolve(import.meta.dirname, "..", "..");
const murmur = (args: string[]) =>
  spawnSync(process.execPath, [join(repo, "bin", "murmur.mjs"), ...args], { cwd: repo, encoding: "utf8", timeout: 170_000 });

const interval = z.tuple([z.number(), z.number()]);
/** A p-value is a bound, never 0 (docs/metrics.md, "Verdicts"). */
const pBound = z.number().gt(0).max(1);
const verdictSchema = z.strictObject({
  metric: z.string(),
  verdict: z.enum(["emerged", "negligible", "absent", "inconclusive"]),
  effect: z.number().nullable(),
  ci: interval.nullable(),
  delta: z.number().positive(),
  n: z.number().int().min(0),
  reason: z.string().min(1),
  p: pBound.nullable(),
  pHolm: pBound.nullable(),
  components: z.array(
    z.strictObject({
      name: z.string(),
      effect: z.number(),
      ci95: interval,
      ci90: interval,
      delta: z.number().positive(),
      p: pBound,
      n: z.number().int().min(0),
    }),
  ),
});
const reportSchema = z
  .object({
    metrics: z.record(z.string(), z.unknown()),
    verdicts: z.array(verdictSchema),
    windows: z.array(z.object({ fromRound: z.number(), toRound: z.number() }).loose()),
  })
  .loose();
const metricNames = [
  "activity",
  "lexicalTurnover",
  "centroidStability",
  "pairwiseSimilarity",
  "localCohesion",
  "individualDrift",
  "feedbackAdaptation",
  "interactionInfluence",
  "influence",
  "memoryProbes",
  "sharedReferences",
  "memeDiffusion",
  "structure",
];
const diagnostics = ["individualDrift", "feedbackAdaptation", "interactionInfluence", "influence", "memoryProbes", "sharedReferences"];

function readReport(dir: string) {
  return reportSchema.parse(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")));
}

describe("murmur analyze and murmur import (end to end)", () => {
  it("analyses its own run: every metric, a verdict per diagnostic, and a small run is inconclusive with its reason", () => {
    const out = mkdtempSync(join(tmpdir(), "murmur-analyze-"));
    const run = murmur(["run", "--agents", "30", "--rounds", "6", "--seed", "2", "--out", out, "--quiet"]);
    expect(run.status).toBe(0);
    const report = readReport(out);
    expect(Object.keys(report.metrics).sort()).toEqual([...metricNames].sort());
    expect(report.verdicts.map((v) => v.metric)).toEqual(diagnostics);
    const feedback = report.verdicts.find((v) => v.metric === "feedbackAdaptation");
    expect(feedback?.verdict).toBe("inconclusive");
    expect(feedback?.reason).toMatch(/^only \d+ qualifying units \(minimum \d+\)$/);
    expect(report.verdicts.find((v) => v.metric === "memoryProbes")?.reason).toBe("log lacks probe, probeAnswer");
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(12);
    expect(html).not.toMatch(/<script|(src|href)="https?:/);

    // Analysing again gives the same report (timings, the only wall-clock section, aside).
    const withoutTimings = (): unknown => {
      const raw = z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(join(out, "report.json"), "utf8")));
      delete raw["timings"];
      return raw;
    };
    const first = withoutTimings();
    const again = murmur(["analyze", out]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("feedbackAdaptation");
    expect(withoutTimings()).toEqual(first);
  });

  it("imports Moltbook data and analyses it, saying which metrics the data cannot support", () => {
    const dir = mkdtempSync(join(tmpdir(), "murmur-import-"));
    const rows: Record<string, unknown>[] = [];
    const start = Date.parse("2026-01-28T09:30:00Z");
    for (let i = 0; i < 40; i++) {
      rows.push({
        id: `post${i}`,
        author: `agent_${i % 7}`,
        submolt: "general",
        title: `t ${i}`,
        content: `hello world number ${i} about tokens`,
        created_at: new Date(start + i * 1_800_000).toISOString(),
        upvotes: i % 5,
        downvotes: 0,
      });
    }
    for (let i = 0; i < 60; i++) {
      rows.push({
        id: `comment${i}`,
        author: `agent_${(i + 3) % 7}`,
        post_id: `post${i % 40}`,
        parent_id: null,
        content: `reply ${i}`,
        created_at: new Date(start + (i % 40) * 1_800_000 + 7_200_000).toISOString(),
        upvotes: 1,
        downvotes: 0,
      });
    }
    const file = join(dir, "moltbook.jsonl");
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const out = join(dir, "run");
    const imported = murmur(["import", "moltbook", file, "--out", out]);
    expect(imported.stderr).toBe("");
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain("imported 40 posts and 60 comments");
    const analysed = murmur(["analyze", out]);
    expect(analysed.status).toBe(0);
    const report = readReport(out);
    expect(report.verdicts.find((v) => v.metric === "feedbackAdaptation")?.reason).toBe("log lacks vote");
    expect(report.verdicts.find((v) => v.metric === "interactionInfluence")?.reason).toBe("log lacks exposure");
    // Windows of an import fall on UTC days: the first ends at the first day's last hour (round 14 = 23:00).
    expect(report.windows[0]).toMatchObject({ fromRound: 0, toRound: 14 });
    // The influence explorer's graph: agents by their handles, and no leader null without exposures - said so.
    const graph = influenceGraphSchema.parse(JSON.parse(readFileSync(join(out, "graph.json"), "utf8")));
    expect(graph.nodes.map((node) => node.name).sort()).toEqual([
      "agent_0",
      "agent_1",
      "agent_2",
      "agent_3",
      "agent_4",
      "agent_5",
      "agent_6",
    ]);
    expect(graph.leaderNull).toEqual({ available: false, reason: expect.stringMatching(/exposure.*the leader null draws/) });
  });
});
