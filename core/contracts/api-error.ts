import { z } from "zod";

/** Every error answer of the Worker's HTTP API (workers/http/errors.ts, the platform API's too). */
export const apiErrorBodySchema = z.object({
  success: z.literal(false),
  error: z.string(),
  code: z.string(),
  hint: z.string().optional(),
});
