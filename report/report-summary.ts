import { z } from "zod";
import { diagnosticRuleFieldsSchema, reportLogSchema, verdictSchema } from "../core/contracts/report.js";
import { structureResultSchema } from "../core/contracts/report-structure.js";

/**
 * What readers of a stored report.json need of it - the verdicts, the rules' components and the
 * log's size - validated the same way by the CLI's sweep and the pages: picks of report.json's one
 * schema (core/contracts/report.ts). Unknown fields are kept out, so a reader does not depend on the
 * rest of the report's shape. `p`, `pHolm`, `components` and `rules` are optional: reports stored
 * before issue 13's rule lack some of them, and a page still shows their verdicts.
 */
export const verdictRowSchema = verdictSchema.extend({
  p: verdictSchema.shape.p.optional(),
  pHolm: verdictSchema.shape.pHolm.optional(),
  components: verdictSchema.shape.components.optional(),
});
export type VerdictRow = z.infer<typeof verdictRowSchema>;

export const ruleRowSchema = diagnosticRuleFieldsSchema.pick({ metric: true, components: true });
export type RuleRow = z.infer<typeof ruleRowSchema>;

/** The twin table of `structure` (reports before issue 14 lack it). */
export const twinSummarySchema = structureResultSchema.pick({ twin: true, comparedWith: true });
export type TwinSummary = z.infer<typeof twinSummarySchema>;

export const reportSummarySchema = z.object({
  verdicts: z.array(verdictRowSchema),
  rules: z.array(ruleRowSchema).optional(),
  metrics: z.object({ structure: twinSummarySchema.optional().catch(undefined) }).optional(),
  log: reportLogSchema.pick({ agents: true, posts: true, comments: true, votes: true }),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;
