import { describe, expect, it } from "vitest";
import {
  feedbackRowsPerVisit,
  llmFeedbackWindow,
  llmVisitMemories,
  ownActionMemory,
  rememberedNotifications,
  simFeedbackWindow,
  simVisitMemories,
} from "../../../../core/memory/visit-memories.js";
import type { Notification, PoolPost } from "../../../../core/round/round-types.js";

function vote(round: number, actor: string, delta: number): Notification {
  return { round, kind: "vote", target: "p.0.a1.0", actor, post: "p.0.a1.0", delta };
}

function post(id: string, author: string, score: number): PoolPost {
  return {
    id,
    author,
    submolt: "general",
    title: `title ${id}`,
    text: `text ${id}`,
    score,
    authorKarma: 0,
    comments: 0,
    round: 0,
    hot: 0,
    topComments: [],
  };
}

// Seven notifications, oldest first (as the coordinator orders them): actors a10..a16.
const notifications = Array.from({ length: 7 }, (_, i) => vote(i, `a${10 + i}`, 1));
const feed = [post("p.1.a2.0", "a2", 0), post("p.1.a3.0", "a3", 10), post("p.1.a4.0", "a4", 3), post("p.1.a5.0", "a5", 99)];

describe("what a visit writes", () => {
  it("keeps five notifications: the oldest for sim agents, the newest for llm agents", () => {
    expect(feedbackRowsPerVisit).toBe(5);
    expect(simFeedbackWindow).toBe("oldest");
    expect(llmFeedbackWindow).toBe("newest");
    expect(rememberedNotifications(notifications, "oldest").map((n) => n.actor)).toEqual(["a10", "a11", "a12", "a13", "a14"]);
    expect(rememberedNotifications(notifications, "newest").map((n) => n.actor)).toEqual(["a12", "a13", "a14", "a15", "a16"]);
  });

  it("sim: feedback for the oldest five, then the first three posts of the feed", () => {
    const rows = simVisitMemories(feed, notifications);
    expect(rows.map((r) => r.kind)).toEqual([
      "feedback",
      "feedback",
      "feedback",
      "feedback",
      "feedback",
      "observation",
      "observation",
      "observation",
    ]);
    expect(rows[0]).toEqual({ kind: "feedback", importance: 4, sources: ["p.0.a1.0", "a10"], text: "1 vote on p.0.a1.0" });
    expect(rows.slice(5).map((r) => [r.sources[0], r.importance])).toEqual([
      ["p.1.a2.0", 2],
      ["p.1.a3.0", 7],
      ["p.1.a4.0", 5],
    ]);
    expect(rows[5]?.text).toBe("title p.1.a2.0 text p.1.a2.0");
  });

  it("llm: the first three posts, feedback for the newest five, and the kept note", () => {
    const rows = llmVisitMemories(feed, notifications, "  remember a3  ");
    expect(rows.map((r) => r.kind)).toEqual([
      "observation",
      "observation",
      "observation",
      "feedback",
      "feedback",
      "feedback",
      "feedback",
      "feedback",
      "observation",
    ]);
    expect(rows[1]).toEqual({
      kind: "observation",
      importance: 2 + Math.log2(11),
      sources: ["p.1.a3.0", "a3"],
      text: "a3 posted in general: title p.1.a3.0",
    });
    expect(rows[3]).toEqual({ kind: "feedback", importance: 4, sources: ["p.0.a1.0", "a12"], text: "a12 voted up my post" });
    expect(rows[8]).toEqual({ kind: "observation", importance: 5, sources: [], text: "remember a3" });
    expect(llmVisitMemories([], [], " ")).toEqual([]);
  });

  it("an accepted own post or comment becomes an action row; other actions none", () => {
    expect(ownActionMemory({ type: "post", id: "p.2.a1.0", submolt: "general", title: "Hello", content: "world" })).toEqual({
      kind: "action",
      importance: 5,
      sources: ["p.2.a1.0"],
      text: "Hello world",
    });
    expect(ownActionMemory({ type: "comment", id: "c.2.a1.0", post: "p.1.a2.0", parent: null, content: "x".repeat(300) })).toEqual({
      kind: "action",
      importance: 3,
      sources: ["c.2.a1.0"],
      text: "x".repeat(200),
    });
    expect(ownActionMemory({ type: "follow", target: "a2", follow: true })).toBeNull();
  });
});

describe("what a sim reader remembers of a thread that cites", () => {
  it("keeps the posts and agents the post and its top comments cite, beside the post and its author", () => {
    const citing: PoolPost = {
      ...post("p.2.a6.0", "a6", 4),
      text: "I keep coming back to this. Still thinking about p.0.a1.0 by @a1.",
      topComments: [
        { id: "c.2.a7.0", author: "a7", text: "Same. Still thinking about p.1.a8.0 by @a8.", score: 0, authorKarma: 0, depth: 0, parent: null },
      ],
    };
    const rows = simVisitMemories([citing], []);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.sources).toEqual(["p.2.a6.0", "a6", "a1", "a8", "p.0.a1.0", "p.1.a8.0"]);
  });
  it("keeps only the post and its author when citations are not remembered (memory.rememberCitations false)", () => {
    const citing: PoolPost = { ...post("p.2.a6.0", "a6", 4), text: "Still thinking about p.0.a1.0 by @a1." };
    expect(simVisitMemories([citing], [], false)[0]?.sources).toEqual(["p.2.a6.0", "a6"]);
    expect(simVisitMemories([citing], [], true)[0]?.sources).toEqual(["p.2.a6.0", "a6", "a1", "p.0.a1.0"]);
  });
  it("adds nothing to a post that cites nothing", () => {
    expect(simVisitMemories([post("p.1.a2.0", "a2", 0)], [])[0]?.sources).toEqual(["p.1.a2.0", "a2"]);
  });
});
