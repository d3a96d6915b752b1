import { z } from "zod";
import { experimentConfigSchema } from "./experiment-config.js";
import { costEstimateSchema, llmRoundTotalsSchema } from "./llm-totals.js";
import { runSourceSchema } from "./run-library.js";

/** Murmur's experiment API (`/api/experiments`): what the ExperimentObject reports and clients read. */

export const experimentStatuses = ["created", "running", "paused", "finished", "stopped", "failed"] as const;
export type ExperimentStatus = (typeof experimentStatuses)[number];
export const experimentStatusSchema = z.enum(experimentStatuses);

/** The phases of one round, in the order the engine steps through them. */
export const roundPhases = ["pool", "turns", "close"] as const;
export const roundPhaseSchema = z.enum(roundPhases);

/** One finished round, as status and summary.json report it. Wall-clock values are telemetry. */
export const roundSummarySchema = z.strictObject({
  round: z.number().int().min(0),
  active: z.number().int().min(0),
  actions: z.number().int().min(0),
  rejected: z.number().int().min(0),
  timeouts: z.number().int().min(0),
  events: z.number().int().min(0),
  wallMs: z.number().min(0),
  llm: llmRoundTotalsSchema.optional(),
});
export type RoundSummary = z.infer<typeof roundSummarySchema>;

/** Sums over the finished rounds. */
export const experimentTotalsSchema = z.object({
  active: z.number(),
  actions: z.number(),
  rejected: z.number(),
  timeouts: z.number(),
  events: z.number(),
  wallMs: z.number(),
});

/**
 * The status view. Not strict: unknown fields are stripped, so an older client (the CLI, the
 * pages) still reads a newer server.
 */
export const experimentStatusViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: experimentStatusSchema,
  reason: z.string().nullable(),
  agents: z.number(),
  rounds: z.number(),
  round: z.number(),
  phase: roundPhaseSchema,
  roundsDone: z.number(),
  lastRound: roundSummarySchema.nullable(),
  totals: experimentTotalsSchema,
  /** Experiments with llm agents: live spend, tokens and errors, the cap, and the pre-run estimate. */
  llm: llmRoundTotalsSchema.extend({ budgetUsd: z.number().nullable(), estimate: costEstimateSchema }).optional(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Only for a run directory of the library (core/contracts/run-library.ts): read-only, with what its data cannot show. */
  source: runSourceSchema.optional(),
});
export type ExperimentStatusView = z.infer<typeof experimentStatusViewSchema>;

/** Bodies of the experiment API's answers (each also carries `success: true`). */
export const experimentBodySchema = z.object({ experiment: experimentStatusViewSchema });
export const experimentListBodySchema = z.object({ experiments: z.array(experimentStatusViewSchema) });
export const roundsBodySchema = z.object({ rounds: z.array(roundSummarySchema) });
export const experimentConfigBodySchema = z.object({ config: experimentConfigSchema });
