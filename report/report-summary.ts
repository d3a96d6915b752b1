import { z } from "zod";

/**
 * What readers of a stored report.json need of it - the verdicts and the log's size - validated
 * the same way by the CLI's sweep and the pages. Unknown fields are kept out, so a reader does not
 * depend on the rest of the report's shape.
 */
export const verdictRowSchema = z.object({
  metric: z.string(),
  verdict: z.enum(["emerged", "absent", "inconclusive"]),
  effect: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  delta: z.number(),
  n: z.number(),
  reason: z.string(),
});
export type VerdictRow = z.infer<typeof verdictRowSchema>;

export const reportSummarySchema = z.object({
  verdicts: z.array(verdictRowSchema),
  log: z.object({ agents: z.number(), posts: z.number(), comments: z.number(), votes: z.number() }),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;
