import { z } from "zod";
import { ruleRowSchema, verdictRowSchema } from "../../report/report-summary.js";
import { effectCell } from "./render-calibration.js";
import { formatSeeds } from "./seed-sets.js";
import { summarizeAcrossSeeds, verdictLabels } from "./seed-summary.js";

/**
 * sweep.json: one point per run (size and seed) with its verdicts, and per size the verdicts
 * aggregated across seeds. core/contracts has no sweep contract; this is its one definition, and
 * `murmur sweep` validates what it writes with it.
 */
const intervalSchema = z.tuple([z.number(), z.number()]).readonly();

export const sweepPointSchema = z.object({
  agents: z.number().int(),
  seed: z.number().int(),
  experimentId: z.string(),
  dir: z.string(),
  verdicts: z.array(verdictRowSchema),
  /** The rules' components (delta, unit), for the charts' bands and axis labels. */
  rules: z.array(ruleRowSchema).optional(),
  /** Posts, comments and votes in the run: the volume the verdicts rest on. */
  actions: z.number(),
});
export type SweepPoint = z.infer<typeof sweepPointSchema>;

export const sweepDiagnosticSchema = z.object({
  metric: z.string(),
  runs: z.number().int(),
  /** Runs per verdict label (and `missing`). */
  counts: z.record(z.string(), z.number().int()),
  emerged: z.number().int(),
  emergedRate: z.number(),
  /** 95 % Clopper-Pearson interval of the emerged rate. */
  emergedCi: intervalSchema,
  /** Each component's effect across seeds: mean, sd and 95 % t interval (seeds are the sample). */
  effects: z.array(
    z.object({
      component: z.string(),
      effect: z.object({ n: z.number().int(), mean: z.number(), sd: z.number().nullable(), ci: intervalSchema.nullable() }).nullable(),
    }),
  ),
});

export const sweepSizeSchema = z.object({
  agents: z.number().int(),
  seeds: z.array(z.number().int()),
  diagnostics: z.array(sweepDiagnosticSchema),
});
export type SweepSize = z.infer<typeof sweepSizeSchema>;

export const sweepSchema = z.object({
  preset: z.string().nullable(),
  seeds: z.array(z.number().int()),
  points: z.array(sweepPointSchema),
  sizes: z.array(sweepSizeSchema),
});
export type Sweep = z.infer<typeof sweepSchema>;

/** Per population size, every diagnostic's verdicts across the seeds run at that size. */
export function summarizeSweep(points: readonly SweepPoint[]): SweepSize[] {
  const sizes = [...new Set(points.map((p) => p.agents))].sort((a, b) => a - b);
  return sizes.map((agents) => {
    const runs = points.filter((p) => p.agents === agents).sort((a, b) => a.seed - b.seed);
    return {
      agents,
      seeds: runs.map((p) => p.seed),
      diagnostics: summarizeAcrossSeeds(runs.map((p) => p.verdicts)).map((d) => ({
        ...d,
        counts: { ...d.counts },
        effects: [...d.effects],
      })),
    };
  });
}

/** The terminal table: per diagnostic per N, the verdict counts and the mean effect across seeds. */
export function sweepTable(sizes: readonly SweepSize[]): string {
  const missing = sizes.some((s) => s.diagnostics.some((d) => (d.counts["missing"] ?? 0) > 0));
  const labels = [...verdictLabels, ...(missing ? ["missing"] : [])];
  const header = ["diagnostic", "N", "seeds", ...labels, "mean effect per component [95 % CI over seeds]"];
  const rows: string[][] = [];
  const metrics = [...new Set(sizes.flatMap((s) => s.diagnostics.map((d) => d.metric)))];
  for (const metric of metrics) {
    for (const size of sizes) {
      const d = size.diagnostics.find((x) => x.metric === metric);
      if (!d) continue;
      rows.push([metric, String(size.agents), formatSeeds(size.seeds), ...labels.map((l) => String(d.counts[l] ?? 0)), effectCell(d)]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
