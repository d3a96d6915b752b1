import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError } from "../../http/errors.js";
import { agentRoutes, registerRoute } from "./agents.js";
import { admit, drainBody, requireAgent, setRateHeaders } from "./context.js";
import type { PlatformEnv } from "./context.js";
import { discoveryRoutes } from "./discovery.js";
import { PlatformError } from "./errors.js";
import { commentRoutes, postRoutes } from "./posts.js";
import { submoltRoutes } from "./submolts.js";
import { unsupportedRoutes } from "./unsupported.js";

/**
 * The Moltbook-compatible platform API (docs/platform-api.md), one per experiment: mounted at
 * `/e/:experimentId/api/v1` and, for the default experiment, at `/api/v1`. Every request is
 * admitted first (experiment, wall-clock rate limits, key); registration is the only route
 * open without a key (default deny after it).
 */
export const platformApp = new Hono<PlatformEnv>()
  .use("*", drainBody)
  .use("*", admit)
  .route("/", registerRoute)
  .use("*", requireAgent)
  .route("/", agentRoutes)
  .route("/", postRoutes)
  .route("/", commentRoutes)
  .route("/", submoltRoutes)
  .route("/", discoveryRoutes)
  .route("/", unsupportedRoutes)
  .all("*", (c) => {
    throw new PlatformError(
      "NOT_FOUND",
      `no route ${c.req.method} ${new URL(c.req.url).pathname}`,
      "See docs/platform-api.md for the endpoints.",
    );
  })
  .onError((error, c) => {
    if (error instanceof PlatformError) {
      if (error.retryAfterSeconds !== null) c.header("Retry-After", String(error.retryAfterSeconds));
      // A refused write names its own window, not the request window admit() described.
      if (error.rate !== null) setRateHeaders(c, error.rate);
      return c.json(error.body(), error.status);
    }
    if (error instanceof ApiError) return c.json(error.body(), error.status);
    if (error instanceof HTTPException)
      return c.json({ success: false, error: error.message, hint: "Check the request.", code: "VALIDATION_ERROR" }, 400);
    // Never a stack trace, never the request (it may carry a key): the error's class and message only.
    console.error("platform API error", error instanceof Error ? `${error.name}: ${error.message}` : "unknown");
    return c.json(new PlatformError("INTERNAL_ERROR", "internal error", "Retry; if it persists, tell the operator.").body(), 500);
  });
