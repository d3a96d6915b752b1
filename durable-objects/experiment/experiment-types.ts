import { z } from "zod";
import { roundPhaseSchema } from "../../core/contracts/experiment-status.js";

/** Where the experiment's engine stands: the round and its phase (stored in the object's meta). */
export const cursorSchema = z.strictObject({
  round: z.number().int().min(0),
  phase: roundPhaseSchema,
});
export type Cursor = z.infer<typeof cursorSchema>;
