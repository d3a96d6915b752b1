import { z } from "zod";
import { reportLogSchema, verdictSchema } from "../core/contracts/report.js";

/**
 * What readers of a stored report.json need of it - the verdicts and the log's size - validated
 * the same way by the CLI's sweep and the pages: picks of report.json's one schema
 * (core/contracts/report.ts). Unknown fields are kept out, so a reader does not depend on the rest
 * of the report's shape.
 */
export const verdictRowSchema = verdictSchema.omit({ pHolm: true });
export type VerdictRow = z.infer<typeof verdictRowSchema>;

export const reportSummarySchema = z.object({
  verdicts: z.array(verdictRowSchema),
  log: reportLogSchema.pick({ agents: true, posts: true, comments: true, votes: true }),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;
