import { describe, expect, it } from "vitest";
import { appliedKey, planCommit } from "../../../../core/round/commit-plan.js";
import type { Action } from "../../../../core/round/round-types.js";

const post = (id: string, submolt = "general"): Action => ({ type: "post", id, submolt, title: "t", content: "c" });
const comment = (id: string, onPost: string): Action => ({ type: "comment", id, post: onPost, parent: null, content: "c" });
const vote = (target: string): Action => ({ type: "vote", target, targetType: "post", post: target, direction: 1 });
const follow = (target: string): Action => ({ type: "follow", target, follow: true });
const subscribe = (submolt: string): Action => ({ type: "subscribe", submolt, subscribe: true });

describe("the commit plan", () => {
  // 30-minute rounds: one post per turn (30 / postIntervalMinutes 30), 25 comments (50 an hour).
  const rules = { roundMinutes: 30, submolts: new Set(["general"]), shards: 1 };

  it("applies each agent's rules in its own order and numbers what they accept from 0", () => {
    const a3 = [subscribe("nowhere"), vote("p.0.a1.0"), vote("p.0.a1.0")];
    const a1 = [post("p.1.a1.0"), post("p.1.a1.1"), follow("a1"), follow("a2")];
    const plan = planCommit(
      [
        { agent: "a3", actions: a3 },
        { agent: "a2", actions: null },
        { agent: "a1", actions: a1 },
      ],
      rules,
    );
    // Refused by the rules: a3's unknown submolt and second vote on one target; a1's second post
    // (one per 30 minutes) and its follow of itself.
    expect(plan.rejectedByRules).toBe(4);
    expect(plan.accepted).toEqual(
      new Map([
        ["a3", [vote("p.0.a1.0")]],
        ["a1", [post("p.1.a1.0"), follow("a2")]],
      ]),
    );
    // One shard: one batch, agents in turn order (not sorted), seq counting accepted actions only.
    expect(plan.batches).toEqual(
      new Map([
        [
          0,
          [
            { agent: "a3", seq: 0, action: vote("p.0.a1.0") },
            { agent: "a1", seq: 0, action: post("p.1.a1.0") },
            { agent: "a1", seq: 1, action: follow("a2") },
          ],
        ],
      ]),
    );
  });

  it("routes content by its post and follows and subscriptions by the actor", () => {
    const actions = [post("p.1.a1.0"), follow("a2"), comment("c.1.a1.0", "p.1.a1.0"), subscribe("general")];
    const plan = planCommit([{ agent: "a1", actions }], { ...rules, shards: 8 });
    const batches = [...plan.batches.values()];
    const batchOf = (seq: number) => batches.find((batch) => batch.some((item) => item.seq === seq));
    expect(batches.flat()).toHaveLength(4);
    // The post and the comment on it share a shard; so do the actor's follow and subscription.
    expect(batchOf(0)?.map((item) => item.seq)).toContain(2);
    expect(batchOf(1)?.map((item) => item.seq)).toContain(3);
    // Within a batch the agent's actions keep their order.
    for (const batch of batches) expect(batch.map((item) => item.seq)).toEqual([...batch.map((item) => item.seq)].sort((a, b) => a - b));
  });

  it("commits nothing when no turn answered", () => {
    const plan = planCommit([{ agent: "a1", actions: null }], rules);
    expect(plan).toEqual({ batches: new Map(), accepted: new Map(), rejectedByRules: 0 });
  });

  it("keys an applied result by agent and seq", () => {
    expect(appliedKey("a1", 3)).toBe("a1\u00003");
    expect(appliedKey("a1", 3)).not.toBe(appliedKey("a13", 0));
  });
});
