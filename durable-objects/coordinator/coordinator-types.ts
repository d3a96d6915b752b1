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

export const roundPartSummarySchema = z.strictObject({
  coordinator: z.number().int().min(0),
  part: partManifestEntrySchema,
  active: z.number().int().min(0),
  actions: z.number().int().min(0),
  rejected: z.number().int().min(0),
  timeouts: z.number().int().min(0),
  turnMsTotal: z.number().min(0),
  turnMsMax: z.number().min(0),
});
export type RoundPartSummary = z.infer<typeof roundPartSummarySchema>;
