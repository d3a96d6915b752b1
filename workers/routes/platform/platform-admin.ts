import { Hono } from "hono";
import { z } from "zod";
import { limitsAnswerSchema, platformLimitsPatchSchema } from "../../../core/contracts/platform-rpc.js";
import { requireAdmin } from "../../http/admin-auth.js";
import { ApiError } from "../../http/errors.js";
import { parseId, requireExperiment, stubFor } from "../experiment-stub.js";

const limitsBodySchema = z.strictObject({ limits: platformLimitsPatchSchema });

/**
 * The operator's view of an experiment's platform limits (Murmur's own API, behind the admin
 * token): docs/platform-api.md's wall-clock limits are Moltbook's by default and configurable here.
 */
export const platformAdminRoutes = new Hono<{ Bindings: Env }>()
  .use("*", requireAdmin)
  .get("/:id/platform/limits", async (c) => {
    const id = parseId(c.req.param("id"));
    await requireExperiment(c.env, id);
    return c.json({ success: true, limits: limitsAnswerSchema.parse(await stubFor(c.env, id).platform({ op: "limits" })).limits });
  })
  .put("/:id/platform/limits", async (c) => {
    const id = parseId(c.req.param("id"));
    await requireExperiment(c.env, id);
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new ApiError("VALIDATION_ERROR", "the body is not valid JSON", 'Send {"limits": {"requestsPerMinute": 100}}.');
    }
    const body = limitsBodySchema.safeParse(raw);
    if (!body.success)
      throw new ApiError(
        "VALIDATION_ERROR",
        body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
        'Send {"limits": {...}}.',
      );
    const answer = limitsAnswerSchema.parse(await stubFor(c.env, id).platform({ op: "limits", set: body.data.limits }));
    return c.json({ success: true, limits: answer.limits });
  });
