import { z } from "zod";
import { experimentConfigSchema } from "../../core/config/experiment-config.js";
import { candidatePoolSchema } from "../../core/round/round-types.js";
import { partManifestEntrySchema } from "../../core/events/part.js";

export const runRoundInputSchema = z.strictObject({
  experimentId: z.string().min(1),
  coordinator: z.number().int().min(0),
  round: z.number().int().min(0),
  config: experimentConfigSchema,
  pool: candidatePoolSchema,
  /** Agent turns in flight at once (bounded by the local live-object budget). */
  turnsInFlight: z.number().int().min(1),
  /** Local runs: evict each agent object after its turn (STACK.md's live-object limit). */
  evictAfterTurn: z.boolean(),
});
export type RunRoundInput = z.input<typeof runRoundInputSchema>;
export type RunRoundParsed = z.output<typeof runRoundInputSchema>;

/**
 * What `runRound` checks: everything but the pool's posts, whose head only is checked. Its one
 * caller, the ExperimentObject of this Worker, parses the stored pool with `candidatePoolSchema`
 * right before it sends it to every coordinator of the step, so parsing hundreds of posts again in
 * each coordinator every round checks nothing new.
 */
export const runRoundHeadSchema = runRoundInputSchema.extend({
  pool: z.object({ round: z.number().int().min(0), snapshotId: z.string().min(1), posts: z.array(z.unknown()) }),
});

export function parseRunRoundInput(input: unknown): RunRoundParsed {
  const head = runRoundHeadSchema.parse(input);
  return { ...head, pool: (input as { pool: RunRoundParsed["pool"] }).pool };
}

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

/** A coordinator's round that must not commit (quota or auth): the experiment pauses with it. */
export const roundHaltSchema = z.strictObject({
  coordinator: z.number().int().min(0),
  halt: z.strictObject({ errorClass: z.string(), message: z.string() }),
});
export type RoundHalt = z.infer<typeof roundHaltSchema>;

export const roundPartSummarySchema = z.strictObject({
  coordinator: z.number().int().min(0),
  part: partManifestEntrySchema,
  active: z.number().int().min(0),
  actions: z.number().int().min(0),
  rejected: z.number().int().min(0),
  timeouts: z.number().int().min(0),
  turnMsTotal: z.number().min(0),
  turnMsMax: z.number().min(0),
  llm: llmRoundTotalsSchema.optional(),
});
export type RoundPartSummary = z.infer<typeof roundPartSummarySchema>;
