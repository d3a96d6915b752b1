import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { writeAnswerSchema } from "../../../../core/contracts/platform-rpc.js";
import { migrate } from "../../../../durable-objects/common/migrations.js";
import { ExternalAgents } from "../../../../durable-objects/experiment/external-agents.js";
import { PendingQueue } from "../../../../durable-objects/experiment/external-queue.js";
import { externalMigrations, migrateExternal } from "../../../../durable-objects/experiment/external-schema.js";
import { createExperiment, experimentStub } from "../../helpers.js";

/** A blank SQLite: a BenchObject creates nothing until its first insertRead. */
function blankStorage(name: string): DurableObjectStub<import("../../../../durable-objects/bench/bench-object.js").BenchObject> {
  return env.BENCH.get(env.BENCH.idFromName(`external-queue-test:${name}`));
}

const hash = (c: string): string => c.repeat(64);

describe("the external agents' queue", () => {
  it("upgrades rows queued before v2 with what their bodies say", async () => {
    await runInDurableObject(blankStorage("upgrade"), (_instance, state) => {
      const sql = state.storage.sql;
      migrate(state.storage, externalMigrations.slice(0, 1), undefined, "_external_migrations");
      const rows = [
        { type: "comment", id: "c.2.Old.0", post: "p.1.a03.0", parent: null, content: "héllo", depth: 0 },
        { type: "vote", target: "c.1.a04.2", targetType: "comment", post: "p.1.a03.0", direction: -1 },
        { type: "follow", target: "a05", follow: false },
        { type: "subscribe", submolt: "general", subscribe: true },
      ];
      for (const body of rows)
        sql.exec("INSERT INTO external_pending (agent, body, id_round, claimed_round) VALUES ('Old', ?, 2, NULL)", JSON.stringify(body));
      migrateExternal(state.storage);
      const upgraded = sql
        .exec<{ kind: string; post: string | null; target: string; value: number; bytes: number; applied: number }>(
          "SELECT kind, post, target, value, bytes, applied FROM external_pending ORDER BY n",
        )
        .toArray();
      // By hand: the comment's own id is its target; the vote's direction its value; an unfollow -1;
      // a subscription +1; bytes are the UTF-8 length of each body ("é" is two bytes).
      expect(upgraded.map(({ kind, post, target, value, applied }) => [kind, post, target, value, applied])).toEqual([
        ["comment", "p.1.a03.0", "c.2.Old.0", 0, 0],
        ["vote", "p.1.a03.0", "c.1.a04.2", -1, 0],
        ["follow", null, "a05", -1, 0],
        ["subscribe", null, "general", 1, 0],
      ]);
      expect(upgraded.map((r) => r.bytes)).toEqual(rows.map((body) => new TextEncoder().encode(JSON.stringify(body)).length));
      const queue = new PendingQueue(sql);
      expect(queue.usedIn("Old", 2)).toEqual({ posts: 0, comments: 1 });
      expect(queue.roundOf("c.2.Old.0")).toEqual({ round: 2, agent: "Old" });
    });
  });

  it("never mints an id for a round whose opening has claimed the queue", async () => {
    const id = await createExperiment({ name: "claimed", agents: 12, rounds: 6, seed: 1 });
    await runInDurableObject(experimentStub(id), (instance, state) => {
      const register = instance.platform({
        op: "register",
        name: "Early",
        description: "",
        keyHash: hash("a"),
        ipHash: hash("b"),
        nowMs: 0,
      });
      expect(register).toMatchObject({ ok: true });
      // An hour apart: the wall-clock post window (1 per 30 minutes) has nothing to say.
      const write = (title: string, nowMs: number) =>
        writeAnswerSchema.parse(
          instance.platform({
            op: "write",
            agent: "Early",
            action: { type: "post", submolt: "general", title, content: "x", url: null },
            nowMs,
          }),
        );
      // Not started: the cursor is at round 0's pool, so round 0 commits the first post.
      expect(write("first", 0).id).toBe("p.0.Early.0");
      // Round 0's opening claims the queue (its pool step is in flight, the cursor not yet moved):
      // a post written now commits in round 1, and its id says so.
      new ExternalAgents(state.storage).markClaimed(0);
      expect(write("second", 3_600_000).id).toBe("p.1.Early.1");
    });
  });
});
