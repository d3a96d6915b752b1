import { describe, expect, it } from "vitest";
import { applyAgentRules, roundQuota, ruleRefusal } from "../../../../core/round/commit-rules.js";
import type { Action } from "../../../../core/round/round-types.js";

describe("per-agent commit rules", () => {
  it("scales Moltbook's limits (1 post per 30 minutes, 50 comments per hour) to the round, at least one of each", () => {
    // 10 minutes: floor(10/30) = 0 -> 1 post; floor(50 x 10 / 60) = 8 comments.
    expect(roundQuota(10)).toEqual({ posts: 1, comments: 8 });
    // 60 minutes: 2 posts, 50 comments; 1 minute: floor(50/60) = 0 -> 1 comment.
    expect(roundQuota(60)).toEqual({ posts: 2, comments: 50 });
    expect(roundQuota(1)).toEqual({ posts: 1, comments: 1 });
  });

  it("judges one action against what the round has used, as the commit judges a sequence", () => {
    const quota = { posts: 1, comments: 2 };
    const submolts = new Set(["general"]);
    const none = { posts: 0, comments: 0, votedTargets: new Set<string>() };
    expect(ruleRefusal("a1", { type: "post", submolt: "general" }, none, quota, submolts)).toBeNull();
    expect(ruleRefusal("a1", { type: "post", submolt: "general" }, { ...none, posts: 1 }, quota, submolts)).toBe("rate limit: posts");
    expect(ruleRefusal("a1", { type: "post", submolt: "elsewhere" }, none, quota, submolts)).toBe("unknown submolt");
    expect(ruleRefusal("a1", { type: "comment" }, { ...none, comments: 2 }, quota, submolts)).toBe("rate limit: comments");
    expect(ruleRefusal("a1", { type: "follow", target: "a1" }, none, quota, submolts)).toBe("cannot follow oneself");
    expect(ruleRefusal("a1", { type: "vote", target: "p.0.a2.0" }, { ...none, votedTargets: new Set(["p.0.a2.0"]) }, quota, submolts)).toBe(
      "second vote on one target in a turn",
    );

    // The sequence: 3 comments in a 1-minute round (1 comment allowed) and 2 posts (1 allowed).
    const actions: Action[] = [
      { type: "comment", id: "c.0.a1.0", post: "p.0.a2.0", parent: null, content: "x" },
      { type: "post", id: "p.0.a1.1", submolt: "general", title: "t", content: "x" },
      { type: "comment", id: "c.0.a1.2", post: "p.0.a2.0", parent: null, content: "y" },
      { type: "post", id: "p.0.a1.3", submolt: "general", title: "t", content: "x" },
    ];
    const outcome = applyAgentRules("a1", actions, 1, submolts);
    expect(outcome.accepted.map((a) => ("id" in a ? a.id : ""))).toEqual(["c.0.a1.0", "p.0.a1.1"]);
    expect(outcome.rejected.map((r) => r.reason)).toEqual(["rate limit: comments", "rate limit: posts"]);
  });
});
