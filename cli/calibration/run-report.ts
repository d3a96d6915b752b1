import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { reportLogSchema, reportSchema } from "../../core/contracts/report.js";
import { verdictRowSchema } from "../../report/report-summary.js";

/**
 * What the calibration reads of a run's report.json: a pick of the report's one schema. A report
 * may name the embedder its deltas were derived under (`deltasEmbedder`); older reports do not.
 */
export const calibrationReportSchema = z.object({
  embedder: reportSchema.shape.embedder,
  deltasEmbedder: z.string().optional(),
  seed: reportSchema.shape.seed,
  log: reportLogSchema.pick({ agents: true, rounds: true }),
  verdicts: z.array(verdictRowSchema),
});
export type CalibrationReport = z.infer<typeof calibrationReportSchema>;

export function readCalibrationReport(dir: string): CalibrationReport | null {
  const path = join(dir, "report.json");
  if (!existsSync(path)) return null;
  return calibrationReportSchema.parse(JSON.parse(readFileSync(path, "utf8")));
}
