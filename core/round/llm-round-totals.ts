import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { spendOf } from "../llm/cost.js";
import type { LlmRoundTotals } from "../contracts/llm-totals.js";
import type { LlmCallRecordRow } from "./round-types.js";

export const emptyLlmTotals = (): LlmRoundTotals => ({
  calls: 0,
  failedCalls: 0,
  promptTokens: 0,
  completionTokens: 0,
  spendUsd: 0,
  cachedCalls: 0,
  idleTurns: 0,
  droppedActions: 0,
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
    droppedActions: into.droppedActions + add.droppedActions,
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
