import { Hono } from "hono";
import { z } from "zod";
import { defaultTurnsInFlightPerCoordinator } from "../../core/tunables.js";
import { mapWithConcurrency } from "../../core/util/concurrency.js";
import { requireAdmin } from "../http/admin-auth.js";
import { ApiError } from "../http/errors.js";

/**
 * Objects per request: every object gets two calls, and all of a request's objects are alive
 * between its cold and its warm phase, so this stays well under the ~3,300 SQLite objects one
 * local workerd holds (STACK.md); the CLI sends several requests for a larger floor.
 */
export const maxBenchObjectsPerRequest = 1_000;

export const floorRequestSchema = z.strictObject({
  objects: z.number().int().min(1).max(maxBenchObjectsPerRequest),
  mode: z.enum(["ping", "insertRead"]),
  /** Calls in flight; the default is the engine's turns in flight per coordinator. */
  concurrency: z.number().int().min(1).max(1_024).default(defaultTurnsInFlightPerCoordinator),
});
export type FloorRequest = z.input<typeof floorRequestSchema>;

export const phaseTimingSchema = z.strictObject({
  /** Wall time of the whole phase (all objects, `concurrency` in flight). */
  wallMs: z.number(),
  /** wallMs / objects: the throughput cost of one call, comparable with engine ms per agent-turn. */
  msPerObject: z.number(),
  /** Latency of one awaited call, queueing behind the others in flight included. */
  meanLatencyMs: z.number(),
  p99LatencyMs: z.number(),
});
export type PhaseTiming = z.infer<typeof phaseTimingSchema>;

export const floorResultSchema = z.strictObject({
  mode: z.enum(["ping", "insertRead"]),
  objects: z.number(),
  concurrency: z.number(),
  /** Whether each object was evicted after its warm call (set when LIVE_OBJECT_BUDGET is). */
  evicted: z.boolean(),
  /** Calls whose answer was the expected value (ping: 1; insertRead: the row read back). */
  correct: z.number(),
  cold: phaseTimingSchema,
  warm: phaseTimingSchema,
  /**
   * Local runs only (null when nothing is evicted): other fresh objects, each called once and then
   * evicted, as every local agent turn at scale is (first touch plus teardown).
   */
  coldEvicted: phaseTimingSchema.nullable(),
});
export type FloorResult = z.infer<typeof floorResultSchema>;

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ApiError("VALIDATION_ERROR", "the body is not valid JSON", 'Send {"objects": 500, "mode": "insertRead"}.');
  }
}

/**
 * One phase: each object gets one call, `concurrency` in flight. Times are taken around awaited
 * RPCs: workerd only advances Date.now() across I/O, which each awaited call is.
 */
async function phase(
  objects: number,
  concurrency: number,
  call: (index: number) => Promise<boolean>,
): Promise<{ timing: PhaseTiming; correct: number }> {
  const started = Date.now();
  const outcomes = await mapWithConcurrency(
    Array.from({ length: objects }, (_, i) => i),
    concurrency,
    async (index) => {
      const t0 = Date.now();
      const ok = await call(index);
      return { ok, ms: Date.now() - t0 };
    },
  );
  const wallMs = Date.now() - started;
  const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  return {
    timing: {
      wallMs,
      msPerObject: wallMs / objects,
      meanLatencyMs: latencies.reduce((s, ms) => s + ms, 0) / objects,
      p99LatencyMs: latencies[Math.min(objects - 1, Math.floor(objects * 0.99))] ?? 0,
    },
    correct: outcomes.filter((o) => o.ok).length,
  };
}

/**
 * The floor of `npm run bench` (issue 6): `objects` new BenchObjects, each called twice - cold
 * (first touch: the object and, for insertRead, its SQLite database are created) and warm (the
 * same object again) - and, locally, `objects` more called once and evicted. Admin only: it
 * creates objects at will.
 */
export const benchRoutes = new Hono<{ Bindings: Env }>().use("*", requireAdmin).post("/floor", async (c) => {
  const parsed = floorRequestSchema.safeParse(await readJson(c.req.raw));
  if (!parsed.success)
    throw new ApiError(
      "VALIDATION_ERROR",
      `invalid floor request: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`,
      `Send {"objects": 1..${maxBenchObjectsPerRequest}, "mode": "ping" | "insertRead", "concurrency"?: 1..1024}.`,
    );
  const { objects, mode, concurrency } = parsed.data;
  const budget = Number.parseInt(String(c.env.LIVE_OBJECT_BUDGET), 10);
  // Local runs evict like agents do (live-object-budget.ts); deployed Workers never set the budget.
  const evict = Number.isFinite(budget) && budget > 0;
  // Fresh names per request, so every cold call really is an object's first touch.
  const run = crypto.randomUUID();
  const stub = (set: string, index: number) => c.env.BENCH.get(c.env.BENCH.idFromName(`bench:${run}:${mode}:${set}${index}`));
  const call = async (set: string, index: number, last: boolean): Promise<boolean> =>
    mode === "ping"
      ? (await stub(set, index).ping(last && evict)) === 1
      : (await stub(set, index).insertRead(index, last && evict)) === index * 2;
  const cold = await phase(objects, concurrency, (index) => call("", index, false));
  const warm = await phase(objects, concurrency, (index) => call("", index, true));
  const coldEvicted = evict ? await phase(objects, concurrency, (index) => call("e", index, true)) : null;
  const result: FloorResult = {
    mode,
    objects,
    concurrency,
    evicted: evict,
    correct: Math.min(cold.correct, warm.correct, coldEvicted?.correct ?? objects),
    cold: cold.timing,
    warm: warm.timing,
    coldEvicted: coldEvicted?.timing ?? null,
  };
  return c.json({ success: true, floor: result });
});
