import { z } from "zod";

/** Model calls of a round (or a run): counts, tokens, spend at the config's prices, errors by class. */
export const llmRoundTotalsSchema = z.strictObject({
  calls: z.number().int().min(0),
  failedCalls: z.number().int().min(0),
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  spendUsd: z.number().min(0),
  /** Calls replayed from the response cache (counted in calls and tokens, not in spend). */
  cachedCalls: z.number().int().min(0).default(0),
  /** Turns that idled because of a model error (the error is on their last call). */
  idleTurns: z.number().int().min(0),
  /** Actions an answer proposed that named something its prompt did not show, left out of their turns. */
  droppedActions: z.number().int().min(0).default(0),
  errors: z.record(z.string(), z.number().int().min(0)),
});
export type LlmRoundTotals = z.infer<typeof llmRoundTotalsSchema>;

/** The pre-run cost estimate of an experiment with llm agents (core/llm/cost.ts computes it). */
export const costEstimateSchema = z.object({
  llmAgents: z.number(),
  /** Expected llm agent-turns over the whole run (activations are seeded, so this is counted). */
  llmTurns: z.number(),
  /** Upper bound of prompt tokens per turn: a full feed, full memories, every field at its cap. */
  promptTokensPerTurn: z.number(),
  completionTokensPerTurn: z.number(),
  tokens: z.number(),
  /** At the price table of the config; 0 for models without prices (e.g. a local server). */
  usd: z.number(),
  perModel: z.record(z.string(), z.object({ turns: z.number(), usd: z.number() })),
});
export type CostEstimateView = z.infer<typeof costEstimateSchema>;
