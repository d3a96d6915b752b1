import { z } from "zod";
import { defaultTurnsInFlightPerCoordinator } from "../tunables.js";

/** The bench floor (`POST /api/bench/floor`, workers/routes/bench.ts), as `murmur bench` calls it. */

/**
 * Objects per request: every object gets two calls, and all of a request's objects are alive
 * between its cold and its warm phase, so this stays well under the ~3,300 SQLite objects one
 * local workerd holds (core/tunables.ts, defaultLocalLiveObjectBudget); the CLI sends several requests for a larger floor.
 */
export const maxBenchObjectsPerRequest = 1_000;

export const benchFloorModes = ["ping", "insertRead"] as const;

export const floorRequestSchema = z.strictObject({
  objects: z.number().int().min(1).max(maxBenchObjectsPerRequest),
  mode: z.enum(benchFloorModes),
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
  mode: z.enum(benchFloorModes),
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

/** The floor's answer body (with `success: true`). */
export const floorBodySchema = z.object({ floor: floorResultSchema });
export type FloorBody = z.infer<typeof floorBodySchema>;
