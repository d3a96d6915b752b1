import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Action } from "../../../../core/round/round-types.js";

function shard(name: string): DurableObjectStub<import("../../../../durable-objects/shard/content-shard.js").ContentShard> {
  return env.SHARD.get(env.SHARD.idFromName(`apply-once-test:${name}`));
}

const post = (id: string): Action => ({ type: "post", id, submolt: "general", title: `Title ${id}`, content: "text" });
const vote = (target: string): Action => ({ type: "vote", target, targetType: "post", post: target, direction: 1 });

async function counts(stub: ReturnType<typeof shard>): Promise<{ posts: number; votes: number }> {
  const stats = await stub.stats();
  return { posts: stats.posts, votes: stats.votes };
}

describe("a shard applies each agent's actions of a round once", () => {
  it("returns the stored results when a batch comes again, whole or in part", async () => {
    const stub = shard("repeat");
    const batch = {
      round: 0,
      simSeconds: 1_700_000_000,
      items: [
        { agent: "a1", seq: 0, action: post("p1") },
        { agent: "a2", seq: 0, action: post("p2") },
        { agent: "a2", seq: 1, action: vote("p1") },
      ],
    };
    const first = await stub.applyBatch(batch);
    expect(first.map((r) => r.status)).toEqual(["accepted", "accepted", "accepted"]);
    expect(await stub.applyBatch(batch)).toEqual(first);
    // A re-run that reaches only some agents (others timed out the first time) repeats nothing.
    expect(await stub.applyBatch({ ...batch, items: batch.items.slice(1) })).toEqual(first.slice(1));
    expect(await counts(stub)).toEqual({ posts: 2, votes: 1 });
    // An agent reached for the first time in the re-run is applied.
    const late = await stub.applyBatch({ ...batch, items: [{ agent: "a3", seq: 0, action: vote("p1") }] });
    expect(late.map((r) => r.status)).toEqual(["accepted"]);
    expect(await counts(stub)).toEqual({ posts: 2, votes: 2 });
  });

  it("refuses a batch whose agent's actions are not together, and applies none of it", async () => {
    const stub = shard("contiguous");
    const items = [
      { agent: "a1", seq: 0, action: post("p1") },
      { agent: "a2", seq: 0, action: post("p2") },
      { agent: "a1", seq: 1, action: post("p3") },
    ];
    const refused = await stub.applyBatch({ round: 0, simSeconds: 1_700_000_000, items }).then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(refused).toMatch(/not contiguous/);
    expect(await counts(stub)).toEqual({ posts: 0, votes: 0 });
  });

  it("rejects a post or comment whose id is taken, and writes nothing for it", async () => {
    const stub = shard("duplicates");
    const comment = (id: string): Action => ({ type: "comment", id, post: "p1", parent: null, content: "a reply" });
    const results = await stub.applyBatch({
      round: 0,
      simSeconds: 1_700_000_000,
      items: [
        { agent: "a1", seq: 0, action: post("p1") },
        { agent: "a1", seq: 1, action: comment("c1") },
        { agent: "a2", seq: 0, action: post("p1") },
        { agent: "a2", seq: 1, action: comment("c1") },
      ],
    });
    expect(results).toEqual([
      { status: "accepted" },
      { status: "accepted" },
      { status: "rejected", reason: "duplicate id" },
      { status: "rejected", reason: "duplicate id" },
    ]);
    expect(await stub.stats()).toMatchObject({ posts: 1, comments: 1 });
  });

  it("honours actions applied under the per-action key (a round begun before schema v5)", async () => {
    const stub = shard("per-action");
    const round = 4;
    // What the older code left after applying a1's post, before the round was interrupted.
    await stub.applyBatch({ round, simSeconds: 1_700_000_000, items: [{ agent: "a1", seq: 0, action: post("p9") }] });
    await runInDurableObject(stub, (_instance, state) => {
      const sql = state.storage.sql;
      sql.exec("DELETE FROM applied_turns WHERE round = ?", round);
      sql.exec("INSERT INTO applied (round, agent, seq, result) VALUES (?, 'a1', 0, ?)", round, JSON.stringify({ status: "accepted" }));
    });
    const results = await stub.applyBatch({
      round,
      simSeconds: 1_700_000_000,
      items: [
        { agent: "a1", seq: 0, action: post("p9") },
        { agent: "a1", seq: 1, action: post("p10") },
      ],
    });
    // Without the per-action row the repeated post would be rejected as a duplicate id.
    expect(results.map((r) => r.status)).toEqual(["accepted", "accepted"]);
    expect(await counts(stub)).toEqual({ posts: 2, votes: 0 });
  });
});
