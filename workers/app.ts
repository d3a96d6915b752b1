import { Hono } from "hono";
import { ApiError } from "./http/errors.js";
import { withSecurityHeaders } from "./http/security-headers.js";
import { benchRoutes } from "./routes/bench.js";
import { experimentRoutes } from "./routes/experiments.js";
import { readerRoutes } from "./routes/experiment-readers.js";
import { libraryRoutes } from "./routes/run-library.js";
import { platformAdminRoutes } from "./routes/platform/platform-admin.js";
import { platformApp } from "./routes/platform/platform-app.js";

/** The Worker's HTTP surface. Static pages come from the assets binding (wrangler.jsonc). */
export const app = new Hono<{ Bindings: Env }>()
  .use("*", withSecurityHeaders)
  .get("/api/health", (c) => c.json({ success: true, service: "murmur" }))
  // Run directories (`r...` ids) and archives first: their ids are not experiment ids.
  .route("/api/experiments", libraryRoutes)
  .route("/api/experiments", experimentRoutes)
  .route("/api/experiments", readerRoutes)
  .route("/api/experiments", platformAdminRoutes)
  // The Moltbook-compatible platform: per experiment, and `/api/v1` for the default one.
  .route("/e/:experimentId/api/v1", platformApp)
  .route("/api/v1", platformApp)
  .route("/api/bench", benchRoutes)
  .notFound((c) =>
    c.json(new ApiError("NOT_FOUND", `no route ${c.req.method} ${new URL(c.req.url).pathname}`, "See README.md for the API.").body(), 404),
  )
  .onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.body(), error.status);
    // Never leak a stack trace; the detail goes to the log only.
    console.error("unhandled error", error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    return c.json(new ApiError("INTERNAL_ERROR", "internal error", "Retry; if it persists, check the server log.").body(), 500);
  });
