import { z } from "zod";
import type { CostEstimate } from "../../core/llm/cost.js";
import { llmRoundTotalsSchema } from "../coordinator/coordinator-types.js";
import type { LlmRoundTotals } from "../coordinator/coordinator-types.js";

export const experimentStatuses = ["created", "running", "paused", "finished", "stopped", "failed"] as const;
export type ExperimentStatus = (typeof experimentStatuses)[number];
export const experimentStatusSchema = z.enum(experimentStatuses);

export const cursorSchema = z.strictObject({
  round: z.number().int().min(0),
  phase: z.enum(["pool", "turns", "close"]),
});
export type Cursor = z.infer<typeof cursorSchema>;

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

export interface ExperimentStatusView {
  id: string;
  name: string;
  status: ExperimentStatus;
  reason: string | null;
  agents: number;
  rounds: number;
  round: number;
  phase: Cursor["phase"];
  roundsDone: number;
  lastRound: RoundSummary | null;
  totals: { active: number; actions: number; rejected: number; timeouts: number; events: number; wallMs: number };
  /** Experiments with llm agents: live spend, tokens and errors, the cap, and the pre-run estimate. */
  llm?: LlmRoundTotals & { budgetUsd: number | null; estimate: CostEstimate };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const totalsSchema = z.object({
  active: z.number(),
  actions: z.number(),
  rejected: z.number(),
  timeouts: z.number(),
  events: z.number(),
  wallMs: z.number(),
});

/**
 * The status view as clients (the CLI, the pages) validate it: the same fields as
 * `ExperimentStatusView`, unknown ones stripped, so an older client still reads a newer server.
 */
export const statusViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["created", "running", "paused", "finished", "stopped", "failed"]),
  reason: z.string().nullable(),
  agents: z.number(),
  rounds: z.number(),
  round: z.number(),
  phase: z.string(),
  roundsDone: z.number(),
  lastRound: roundSummarySchema.nullable(),
  totals: totalsSchema,
  llm: llmRoundTotalsSchema
    .extend({
      budgetUsd: z.number().nullable(),
      estimate: z.object({
        llmAgents: z.number(),
        llmTurns: z.number(),
        promptTokensPerTurn: z.number(),
        completionTokensPerTurn: z.number(),
        tokens: z.number(),
        usd: z.number(),
        perModel: z.record(z.string(), z.object({ turns: z.number(), usd: z.number() })),
      }),
    })
    .optional(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
