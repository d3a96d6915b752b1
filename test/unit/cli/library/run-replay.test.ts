import { describe, expect, it } from "vitest";
import { agentOf, feedOf, roundsOf, threadOf } from "../../../../cli/library/run-readers.js";
import { replayLog } from "../../../../cli/library/run-replay.js";

/**
 * A run directory's state rebuilt from its log: a tiny log whose scores, karma, threads and rounds
 * are worked out by hand below, and an import's score snapshot.
 */

const start = Date.parse("2026-01-28T00:00:00.000Z");
const seqs = new Map<number, number>();
function line(round: number, type: string, fields: Record<string, unknown>): string {
  const seq = seqs.get(round) ?? 0;
  seqs.set(round, seq + 1);
  return JSON.stringify({ v: 1, type, round, seq, t: new Date(start + round * 3_600_000).toISOString(), ...fields });
}

async function* lines(list: string[]): AsyncGenerator<string> {
  yield* list;
}

const agent = (id: string) => line(0, "agent", { agent: id, name: id.toUpperCase(), persona: {}, policy: "sim" });
const vote = (round: number, voter: string, target: string, value: number, targetAuthor: string) =>
  line(round, "vote", { agent: voter, target, targetType: "post", value, targetAuthor });

seqs.clear();
const log = [
  line(0, "submolt", { name: "general", description: "Anything goes" }),
  agent("a0"),
  agent("a1"),
  agent("a2"),
  line(0, "post", { agent: "a0", id: "p.0.a0.0", submolt: "general", title: "A", content: "first" }),
  line(0, "post", { agent: "a1", id: "p.0.a1.0", submolt: "general", title: "B", content: "second" }),
  line(1, "comment", { agent: "a1", id: "c.1.a1.0", post: "p.0.a0.0", parent: null, content: "reply to a0" }),
  line(1, "comment", { agent: "a2", id: "c.1.a2.0", post: "p.0.a0.0", parent: "c.1.a1.0", content: "reply to a1" }),
  vote(1, "a1", "p.0.a0.0", 1, "a0"),
  vote(1, "a2", "p.0.a0.0", 1, "a0"),
  vote(1, "a2", "p.0.a1.0", -1, "a1"),
  line(1, "memoryWrite", { agent: "a0", id: "m.a0.0", kind: "action", importance: 3, sources: ["p.0.a0.0"] }),
  line(1, "memoryRef", { agent: "a0", action: "p.0.a0.0", refs: ["m.a0.0"] }),
  // a2 takes its upvote back: its state on the post is 0 again.
  vote(2, "a2", "p.0.a0.0", 0, "a0"),
  // a0 votes a1's post down and takes it back in round 2: a net 0 for a1 in that round.
  vote(2, "a0", "p.0.a1.0", -1, "a1"),
  vote(2, "a0", "p.0.a1.0", 0, "a1"),
  line(2, "roundEnd", { active: 2, actions: 1 }),
  "not json",
];

describe("replayLog and the readers over it", () => {
  it("rebuilds scores from each voter's last state, threads, karma per round and replies", async () => {
    const replay = await replayLog(lines(log));
    expect(replay.invalidLines).toBe(1);
    // p.0.a0.0: a1 up, a2 up then 0 -> 1 up; p.0.a1.0: a2 down.
    const top = feedOf(replay, { submolt: null, sort: "top", limit: 10, offset: 0 });
    expect(top.posts.map((p) => [p.id, p.up, p.down, p.score, p.comments])).toEqual([
      ["p.0.a0.0", 1, 0, 1, 2],
      ["p.0.a1.0", 0, 1, -1, 0],
    ]);
    expect(top.submolts).toEqual([{ name: "general", description: "Anything goes" }]);
    // hot: sign(score) * log10(max(|score|, 1)) + seconds / 45,000 - both scores have |score| 1, so only age counts.
    expect(top.posts[0]?.hot).toBeCloseTo(start / 1000 / 45_000, 6);
    expect(feedOf(replay, { submolt: null, sort: "top", limit: 1, offset: 1 }).posts.map((p) => p.id)).toEqual(["p.0.a1.0"]);
    expect(feedOf(replay, { submolt: "science", sort: "hot", limit: 10, offset: 0 }).posts).toEqual([]);

    const thread = threadOf(replay, "p.0.a0.0");
    expect(thread?.comments.map((c) => [c.id, c.depth, c.parent])).toEqual([
      ["c.1.a1.0", 0, null],
      ["c.1.a2.0", 1, "c.1.a1.0"],
    ]);
    expect(threadOf(replay, "p.9.a0.0")).toBeNull();

    const a0 = agentOf(replay, null, "a0", null);
    // +2 in round 1, -1 in round 2.
    expect(a0?.agent.karma).toBe(1);
    expect(a0?.activity.karma).toEqual([
      { round: 1, delta: 2, karma: 2 },
      { round: 2, delta: -1, karma: 1 },
    ]);
    expect(a0?.activity.replies.map((r) => r.id)).toEqual(["c.1.a1.0"]);
    expect(a0?.activity.recalled).toEqual([{ round: 1, action: "p.0.a0.0", refs: ["m.a0.0"] }]);
    expect(a0?.memory).toEqual([{ id: "m.a0.0", round: 1, kind: "action", importance: 3, sources: ["p.0.a0.0"], text: "" }]);
    expect(a0?.agent.counters.ownPosts).toBe(1);
    expect(agentOf(replay, null, "a1", null)?.activity.replies.map((r) => r.id)).toEqual(["c.1.a2.0"]);
    expect(agentOf(replay, null, "a1", null)?.agent.karma).toBe(-1);
    // a1's round 2 nets 0 and is left out of its karma series.
    expect(agentOf(replay, null, "a1", null)?.activity.karma).toEqual([{ round: 1, delta: -1, karma: -1 }]);
    expect(agentOf(replay, null, "zz", null)).toBeNull();

    // Rounds 0 and 1 have no roundEnd: active = distinct actors, actions = action events; round 2 has one.
    expect(
      roundsOf(replay, [{ round: 1, wallMs: 40, rejected: 3 }]).map((r) => [r.round, r.active, r.actions, r.events, r.rejected, r.wallMs]),
    ).toEqual([
      [0, 2, 2, 6, 0, 0],
      [1, 2, 5, 7, 3, 40],
      [2, 2, 1, 4, 0, 0],
    ]);
  });

  it("takes an import's score snapshot as the content's totals and its author's karma; its authors are not external", async () => {
    seqs.clear();
    const replay = await replayLog(
      lines([
        line(0, "agent", { agent: "zed", name: "zed", persona: {}, policy: "imported" }),
        line(0, "post", { agent: "zed", id: "p.0.zed.x1", submolt: "general", title: "T", content: "c" }),
        line(3, "scoreSnapshot", { target: "p.0.zed.x1", up: 5, down: 2 }),
      ]),
    );
    expect(feedOf(replay, { submolt: null, sort: "top", limit: 5, offset: 0 }).posts.map((p) => [p.score, p.external])).toEqual([
      [3, false],
    ]);
    expect(agentOf(replay, null, "zed", null)?.agent.external).toBe(false);
    expect(agentOf(replay, null, "zed", null)?.agent.karma).toBe(3);
  });
});
