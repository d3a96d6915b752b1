import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { experimentListBodySchema } from "../../../../core/contracts/experiment-status.js";
import { api, createExperiment } from "../../helpers.js";

/**
 * The Worker as deployed has no `LIBRARY` binding (only `murmur serve` gives one,
 * docs/run-library.md): it lists its own experiments alone, answers run-directory ids with a clear
 * 404, refuses writes to them, and points the download at `murmur pull` - all behind the admin token.
 */
const errorSchema = z.object({ success: z.literal(false), error: z.string(), code: z.string(), hint: z.string() });

describe("the library of runs on a Worker without one", () => {
  it("lists only its experiments and answers run-directory routes and archives clearly", async () => {
    const id = await createExperiment({ name: "library-less", agents: 10, rounds: 1, seed: 1 });
    const list = experimentListBodySchema.parse(await (await api("/api/experiments")).json()).experiments;
    expect(list.map((e) => e.id)).toContain(id);
    expect(list.every((e) => e.source === undefined)).toBe(true);

    const unauthenticated = await exports.default.fetch("http://murmur.test/api/experiments/r0123456789ab/feed");
    expect(unauthenticated.status).toBe(401);

    const feed = await api("/api/experiments/r0123456789ab/feed");
    expect(feed.status).toBe(404);
    expect(errorSchema.parse(await feed.json()).hint).toContain("murmur serve");

    const write = await api("/api/experiments/r0123456789ab/pause", { method: "POST" });
    expect(write.status).toBe(409);
    expect(errorSchema.parse(await write.json()).error).toBe("a run directory is read-only");

    const archive = await api(`/api/experiments/${id}/archive`);
    expect(archive.status).toBe(404);
    expect(errorSchema.parse(await archive.json()).hint).toContain(`murmur pull ${id}`);
    expect((await api("/api/experiments/x000000000000/archive")).status).toBe(404);
  });
});
