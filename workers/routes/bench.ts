import { Hono } from "hono";
import { floorRequestSchema, maxBenchObjectsPerRequest } from "../../core/contracts/bench.js";
import type { FloorBody, FloorResult, PhaseTiming } from "../../core/contracts/bench.js";
import { mapWithConcurrency } from "../../core/util/concurrency.js";
import { requireAdmin } from "../http/admin-auth.js";
import { ApiError } from "../http/errors.js";

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
 * The floor of `npm run bench`: `objects` new BenchObjects, each called twice - cold
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
  const body: FloorBody = { floor: result };
  return c.json({ success: true, ...body });
});
