import { env, runInDurableObject } from "cloudflare:test";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { migrate } from "../../../../durable-objects/common/migrations.js";
import { catchUpSearchIndex, search } from "../../../../durable-objects/shard/platform-store.js";
import { shardMigrations } from "../../../../durable-objects/shard/shard-schema.js";
import { searchHitSchema } from "../../../../core/contracts/platform-rows.js";
import type { ExternalOp } from "../../../../durable-objects/shard/platform-types.js";

const hitsSchema = z.array(searchHitSchema);

/** A fresh shard, driven through its RPC methods only. */
function freshShard(name: string): DurableObjectStub<import("../../../../durable-objects/shard/content-shard.js").ContentShard> {
  return env.SHARD.get(env.SHARD.idFromName(`search-index-test:${name}`));
}

let seq = 0;
async function apply(shard: ReturnType<typeof freshShard>, round: number, ops: ExternalOp[]): Promise<void> {
  const results = await shard.applyExternal({
    round,
    simSeconds: 1_700_000_000 + round * 600,
    items: ops.map((op) => ({ agent: "a1", seq: seq++, op, url: null })),
  });
  expect(results.map((r) => r.status)).toEqual(ops.map(() => "accepted"));
}

const post = (id: string, title: string, content: string): ExternalOp => ({ type: "post", id, submolt: "general", title, content });
const comment = (id: string, postId: string, content: string): ExternalOp => ({ type: "comment", id, post: postId, parent: null, content });
const remove = (id: string, targetType: "post" | "comment", postId: string): ExternalOp => ({
  type: "delete",
  target: id,
  targetType,
  post: postId,
});

async function ids(shard: ReturnType<typeof freshShard>, word: string): Promise<string[]> {
  const hits = hitsSchema.parse(await shard.platformSearch({ match: word, posts: true, comments: true, limit: 100 }));
  return hits.map((h) => `${h.kind}:${h.id}`).sort();
}

describe("the shard's search index catches up at search time", () => {
  it("finds what was written before and after earlier searches, and never what was deleted", async () => {
    const shard = freshShard("writes");
    await apply(shard, 0, [post("p1", "Harbour lights", "boats at anchor"), comment("c1", "p1", "the harbour is calm")]);
    expect(await ids(shard, "harbour")).toEqual(["comment:c1", "post:p1"]);
    await apply(shard, 1, [post("p2", "Another harbour", "gulls"), comment("c2", "p2", "harbour gulls again")]);
    expect(await ids(shard, "harbour")).toEqual(["comment:c1", "comment:c2", "post:p1", "post:p2"]);
    // Deleting indexed rows removes them; deleting rows not indexed yet must not touch the index.
    await apply(shard, 2, [post("p3", "Harbour fog", "grey"), remove("c1", "comment", "p1"), remove("p3", "post", "p3")]);
    expect(await ids(shard, "harbour")).toEqual(["comment:c2", "post:p1", "post:p2"]);
    expect(await ids(shard, "fog")).toEqual([]);
  });

  it("indexes a row that reuses the rowid of a deleted last row", async () => {
    const shard = freshShard("rowid-reuse");
    await apply(shard, 0, [post("p1", "Lantern one", "first"), post("p2", "Lantern two", "second")]);
    expect(await ids(shard, "lantern")).toEqual(["post:p1", "post:p2"]);
    // p2 had the highest rowid: the next insert gets the same rowid.
    await apply(shard, 1, [remove("p2", "post", "p2")]);
    await apply(shard, 2, [post("p4", "Lantern four", "reused rowid")]);
    expect(await ids(shard, "lantern")).toEqual(["post:p1", "post:p4"]);
    expect(await ids(shard, "reused")).toEqual(["post:p4"]);
    expect(await ids(shard, "second")).toEqual([]);
  });

  it("catches up in chunks, oldest rows first, each chunk leaving the index whole", async () => {
    const blank = env.BENCH.get(env.BENCH.idFromName("search-index-test:chunks"));
    await runInDurableObject(blank, (_instance, state) => {
      const sql = state.storage.sql;
      migrate(state.storage, shardMigrations);
      for (let i = 1; i <= 5; i++) {
        sql.exec(
          "INSERT INTO posts (id, author, submolt, title, content, round, sim_seconds, hot) VALUES (?, 'a1', 'general', ?, 'x', 0, 0, 0)",
          `p${i}`,
          `Ember ${i}`,
        );
      }
      const found = (): string[] =>
        search(sql, "ember", true, false, 10)
          .map((h) => h.id)
          .sort();
      expect(catchUpSearchIndex(sql, 2)).toBe(true);
      expect(found()).toEqual(["p1", "p2"]);
      sql.exec("INSERT INTO posts_fts (posts_fts) VALUES ('integrity-check')");
      // A deleted row the index has not reached yet stays out of it.
      sql.exec("DELETE FROM posts WHERE id = 'p4'");
      expect(catchUpSearchIndex(sql, 2)).toBe(true);
      expect(catchUpSearchIndex(sql, 2)).toBe(false);
      expect(found()).toEqual(["p1", "p2", "p3", "p5"]);
      sql.exec("INSERT INTO posts_fts (posts_fts) VALUES ('integrity-check')");
    });
  });

  it("upgrades a shard indexed by triggers (schema v3) without indexing a row twice", async () => {
    // A BenchObject's SQLite is blank until its first insertRead: a stand-in for a shard created
    // before v4, migrated here by hand.
    const blank = env.BENCH.get(env.BENCH.idFromName("search-index-test:v3-upgrade"));
    await runInDurableObject(blank, (_instance, state) => {
      const sql = state.storage.sql;
      migrate(state.storage, shardMigrations.slice(0, 3));
      sql.exec(
        "INSERT INTO posts (id, author, submolt, title, content, round, sim_seconds, hot) VALUES ('p1', 'a1', 'general', 'Old tide', 'x', 0, 0, 0)",
      );
      expect(migrate(state.storage, shardMigrations)).toBe("migrated");
      sql.exec(
        "INSERT INTO posts (id, author, submolt, title, content, round, sim_seconds, hot) VALUES ('p2', 'a1', 'general', 'New tide', 'y', 1, 0, 0)",
      );
      expect(catchUpSearchIndex(sql, 100)).toBe(false);
      expect(
        search(sql, "tide", true, false, 10)
          .map((h) => h.id)
          .sort(),
      ).toEqual(["p1", "p2"]);
      // One index entry per row: the FTS5 integrity check fails on duplicates or strays.
      sql.exec("INSERT INTO posts_fts (posts_fts) VALUES ('integrity-check')");
      sql.exec("DELETE FROM posts WHERE id = 'p1'");
      sql.exec("INSERT INTO posts_fts (posts_fts) VALUES ('integrity-check')");
      expect(search(sql, "tide", true, false, 10).map((h) => h.id)).toEqual(["p2"]);
    });
  });
});
