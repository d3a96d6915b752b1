import { Hono } from "hono";
import { z } from "zod";
import { parseExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { ExperimentStatusView } from "../../core/contracts/experiment-status.js";
import { experimentRecordKey } from "../../durable-objects/common/names.js";
import { experimentIdSchema, parseId, stubFor, unwrap } from "./experiment-stub.js";
import { requireAdmin } from "../http/admin-auth.js";
import { ApiError } from "../http/errors.js";
import { exportEvents, exportTelemetry } from "./experiment-export.js";
import { libraryList } from "./run-library.js";

const createBodySchema = z.strictObject({ config: z.unknown() });

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ApiError("VALIDATION_ERROR", "the body is not valid JSON", 'Send a JSON object such as {"config": {...}}.');
  }
}

/** Murmur's own experiment API (not the Moltbook platform API), behind the admin token. */
export const experimentRoutes = new Hono<{ Bindings: Env }>()
  .use("*", requireAdmin)
  .post("/", async (c) => {
    const body = createBodySchema.safeParse(await readJson(c.req.raw));
    if (!body.success)
      throw new ApiError("VALIDATION_ERROR", 'the body must be {"config": {...}}', 'Wrap the experiment config in a "config" key.');
    const parsed = parseExperimentConfig(body.data.config);
    if (!parsed.ok)
      throw new ApiError("VALIDATION_ERROR", `invalid config: ${parsed.issues.join("; ")}`, "See experiments/*.json for valid configs.");
    const id = `x${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const createdAt = new Date().toISOString();
    const status = unwrap(await stubFor(c.env, id).create(id, parsed.config, createdAt));
    await c.env.EVENTS.put(experimentRecordKey(id), JSON.stringify({ id, name: parsed.config.name, createdAt }));
    return c.json({ success: true, experiment: status }, 201);
  })
  .get("/", async (c) => {
    const listing = await c.env.EVENTS.list({ prefix: "experiments/", delimiter: "/" });
    const ids = listing.delimitedPrefixes.map((p) => p.split("/")[1] ?? "").filter((id) => experimentIdSchema.safeParse(id).success);
    const experiments = await Promise.all(
      ids.map(async (id) => {
        const outcome = await stubFor(c.env, id).status();
        return outcome.ok ? outcome.value : null;
      }),
    );
    // The local server's run directories are listed beside the experiments (docs/run-library.md).
    const list = [...experiments.filter((e): e is ExperimentStatusView => e !== null), ...(await libraryList(c.env))].sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : -1,
    );
    return c.json({ success: true, experiments: list });
  })
  .get("/:id", async (c) => c.json({ success: true, experiment: unwrap(await stubFor(c.env, parseId(c.req.param("id"))).status()) }))
  .post("/:id/:verb{start|pause|resume|stop}", async (c) => {
    const stub = stubFor(c.env, parseId(c.req.param("id")));
    const verb = c.req.param("verb");
    const outcome =
      verb === "start"
        ? await stub.start()
        : verb === "pause"
          ? await stub.pause()
          : verb === "resume"
            ? await stub.resume()
            : await stub.stop();
    return c.json({ success: true, experiment: unwrap(outcome) });
  })
  .get("/:id/config", async (c) => {
    const stub = stubFor(c.env, parseId(c.req.param("id")));
    unwrap(await stub.status());
    return c.json({ success: true, config: await stub.getConfig() });
  })
  .get("/:id/rounds", async (c) => {
    const stub = stubFor(c.env, parseId(c.req.param("id")));
    unwrap(await stub.status());
    return c.json({ success: true, rounds: await stub.roundSummaries() });
  })
  .get("/:id/:stream{events|telemetry}", async (c) => {
    const id = parseId(c.req.param("id"));
    const status = unwrap(await stubFor(c.env, id).status());
    const stream =
      c.req.param("stream") === "events"
        ? exportEvents(c.env.EVENTS, id, status.roundsDone)
        : exportTelemetry(c.env.EVENTS, id, status.roundsDone);
    return new Response(stream, {
      headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "X-Murmur-Rounds": String(status.roundsDone) },
    });
  });
