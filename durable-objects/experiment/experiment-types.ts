import { z } from "zod";
import { roundPhaseSchema } from "../../core/contracts/experiment-status.js";

/** Where the experiment's engine stands: the round and its phase (stored in the object's meta). */
export const cursorSchema = z.strictObject({
  round: z.number().int().min(0),
  phase: roundPhaseSchema,
});
export type Cursor = z.infer<typeof cursorSchema>;

/**
 * Temporary: the status view and the round summary are contracts now
 * (core/contracts/experiment-status.ts); experiment-object.ts imports them from here until it
 * imports them from there.
 */
export { experimentStatusSchema, roundSummarySchema } from "../../core/contracts/experiment-status.js";
export type { ExperimentStatus, ExperimentStatusView, RoundSummary } from "../../core/contracts/experiment-status.js";
