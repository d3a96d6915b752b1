import { z } from "zod";
import type { ExperimentConfig } from "../config/experiment-config.js";
import { spendOf } from "../llm/cost.js";
import type { LlmCallRecordRow } from "./round-types.js";

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
  errors: z.record(z.string(), z.number().int().min(0)),
});
export type LlmRoundTotals = z.infer<typeof llmRoundTotalsSchema>;

export const emptyLlmTotals = (): LlmRoundTotals => ({
  calls: 0,
  failedCalls: 0,
  promptTokens: 0,
  completionTokens: 0,
  spendUsd: 0,
  cachedCalls: 0,
  idleTurns: 0,
  errors: {},
});

export function addLlmTotals(into: LlmRoundTotals, add: LlmRoundTotals): LlmRoundTotals {
  const errors = { ...into.errors };
  for (const [k, n] of Object.entries(add.errors)) errors[k] = (errors[k] ?? 0) + n;
  return {
    calls: into.calls + add.calls,
    failedCalls: into.failedCalls + add.failedCalls,
    promptTokens: into.promptTokens + add.promptTokens,
    completionTokens: into.completionTokens + add.completionTokens,
    spendUsd: into.spendUsd + add.spendUsd,
    cachedCalls: into.cachedCalls + add.cachedCalls,
    idleTurns: into.idleTurns + add.idleTurns,
    errors,
  };
}

/** Counts one model call into `totals` (a cached call costs nothing: it was paid for once). */
export function countLlmCall(totals: LlmRoundTotals, config: ExperimentConfig, call: LlmCallRecordRow): void {
  totals.calls++;
  totals.promptTokens += call.promptTokens;
  totals.completionTokens += call.completionTokens;
  if (call.cached === true) totals.cachedCalls++;
  else totals.spendUsd += spendOf(config, call.model, call.promptTokens, call.completionTokens);
  if (!call.ok) {
    totals.failedCalls++;
    const errorClass = call.errorClass ?? "unknown";
    totals.errors[errorClass] = (totals.errors[errorClass] ?? 0) + 1;
  }
}
