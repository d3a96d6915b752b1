import { describe, expect, it } from "vitest";
import { computeActivity } from "../../../../../analysis/metrics/activity/activity.js";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import { LogFixture } from "../../fixtures.js";
import { handContext } from "../../hand-context.js";

// 12 rounds of 1 h: shorter than 7 days, so windows of max(6, 12 / 8) = 6 rounds: [0-5], [6-11].
function fixture(): LogFixture {
  return new LogFixture()
    .agent("a1")
    .agent("a2")
    .agent("a3")
    .post(0, "a1", "p.0.a1.0", "hello")
    .comment(1, "a2", "c.1.a2.0", "p.0.a1.0", null, "hi")
    .vote(1, "a3", "p.0.a1.0", "a1", 1)
    .follow(2, "a3", "a1")
    .post(7, "a2", "p.7.a2.0", "again")
    .vote(7, "a1", "p.7.a2.0", "a2", 1)
    .follow(8, "a1", "a2", 0)
    .roundEnd(11);
}

describe("activity", () => {
  it("counts per window, an unfollow as activity but not a follow", () => {
    const result = computeActivity(handContext(logFromEvents(fixture().events)));
    if (!result.available) throw new Error(result.reason);
    // Window 0: p, c, vote, follow by a1, a2, a3 -> actives 3.
    // Window 1: post by a2, vote and unfollow by a1 -> follows 0, actives 2.
    expect(result.windows).toEqual([
      { index: 0, fromRound: 0, toRound: 5, posts: 1, comments: 1, votes: 1, follows: 1, actives: 3 },
      { index: 1, fromRound: 6, toRound: 11, posts: 1, comments: 0, votes: 1, follows: 0, actives: 2 },
    ]);
    expect(result.followsReason).toBeNull();
  });

  it("reports follows as null, not 0, when the log has no follow events", () => {
    const events = fixture().events.filter((e) => e.type !== "follow");
    const result = computeActivity(handContext(logFromEvents(events)));
    if (!result.available) throw new Error(result.reason);
    expect(result.windows.map((w) => w.follows)).toEqual([null, null]);
    expect(result.followsReason).toBe("log lacks follow");
  });

  it("is unavailable when the log lacks votes", () => {
    const events = fixture().events.filter((e) => e.type !== "vote");
    expect(computeActivity(handContext(logFromEvents(events)))).toEqual({ available: false, reason: "log lacks vote" });
  });
});
