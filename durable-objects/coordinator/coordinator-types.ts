import { z } from "zod";
import { experimentConfigSchema } from "../../core/contracts/experiment-config.js";
import { candidatePoolSchema } from "../../core/round/round-types.js";
import { partManifestEntrySchema } from "../../core/events/part.js";
import { llmRoundTotalsSchema } from "../../core/contracts/llm-totals.js";

export const runRoundInputSchema = z.strictObject({
  experimentId: z.string().min(1),
  coordinator: z.number().int().min(0),
  round: z.number().int().min(0),
  config: experimentConfigSchema,
  pool: candidatePoolSchema,
  /** Agent turns in flight at once (bounded by the local live-object budget). */
  turnsInFlight: z.number().int().min(1),
  /** Local runs: evict each agent object after its turn (docs/local-limits.md's live-object limit). */
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
