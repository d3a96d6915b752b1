import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { floorResultSchema } from "../../../../core/contracts/bench.js";
import { api } from "../../helpers.js";

const floorBodySchema = z.object({ success: z.literal(true), floor: floorResultSchema });
const errorBodySchema = z.object({ success: z.literal(false), code: z.string(), error: z.string(), hint: z.string() });

function floor(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return api("/api/bench/floor", { method: "POST", body: JSON.stringify(body), headers });
}

describe("the bench floor", () => {
  it("calls every fresh object twice and every answer is right", async () => {
    for (const mode of ["ping", "insertRead"] as const) {
      const response = await floor({ objects: 40, mode, concurrency: 8 });
      expect(response.status).toBe(200);
      const { floor: result } = floorBodySchema.parse(await response.json());
      expect(result).toMatchObject({ mode, objects: 40, concurrency: 8, correct: 40, evicted: false, coldEvicted: null });
      expect(result.cold.msPerObject).toBeCloseTo(result.cold.wallMs / 40);
    }
  });

  it("is admin only and validates its input with a clear error", async () => {
    const anonymous = await floor({ objects: 10, mode: "ping" }, { Authorization: "" });
    expect(anonymous.status).toBe(401);
    for (const bad of [{ objects: 0, mode: "ping" }, { objects: 1_001, mode: "ping" }, { objects: 10, mode: "drop" }, { objects: 10 }]) {
      const response = await floor(bad);
      expect(response.status).toBe(400);
      expect(errorBodySchema.parse(await response.json()).code).toBe("VALIDATION_ERROR");
    }
  });

  it("keeps the row it wrote across an eviction, and ping never opens SQLite", async () => {
    const id = env.BENCH.idFromName("bench:test:durable");
    // The object evicts itself after this call (the local live-object budget's path).
    expect(await env.BENCH.get(id).insertRead(7, true)).toBe(14);
    // A call that lands on the object while it resets is rejected once, as the coordinator expects.
    const again = (): Promise<number> =>
      env.BENCH.get(id)
        .insertRead(7, false)
        .catch((error: unknown) => {
          if (error instanceof Error && "durableObjectReset" in error) return env.BENCH.get(id).insertRead(7, false);
          throw error;
        });
    expect(await again()).toBe(14);
    const stub = env.BENCH.get(id);
    const rows = await runInDurableObject(
      stub,
      (_, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM rows").one().n,
    );
    expect(rows).toBe(1);

    const pinged = env.BENCH.get(env.BENCH.idFromName("bench:test:ping"));
    expect(await pinged.ping(false)).toBe(1);
    const tables = await runInDurableObject(pinged, (_, state) =>
      state.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'")
        .toArray(),
    );
    expect(tables).toEqual([]);
  });
});
