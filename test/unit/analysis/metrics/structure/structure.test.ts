import { describe, expect, it } from "vitest";
import type { MurmurEvent } from "../../../../../core/events/event-schema.js";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import { computeStructure } from "../../../../../analysis/metrics/structure/structure.js";
import { LogFixture } from "../../fixtures.js";
import { handContext } from "../../hand-context.js";

function fixture(): LogFixture {
  return new LogFixture()
    .agent("a1")
    .agent("a2")
    .agent("a3")
    .agent("a4")
    .post(0, "a1", "p1", "Hello World")
    .post(0, "a2", "p2", " hello world  ")
    .comment(1, "a2", "c1", "p1", null, "nice")
    .comment(1, "a3", "c2", "p1", null, "Nice")
    .vote(1, "a2", "p1", "a1", 1)
    .vote(1, "a3", "p1", "a1", 1)
    .vote(1, "a1", "p2", "a2", -1)
    .comment(2, "a1", "c3", "p1", "c1", "thanks")
    .comment(2, "a1", "c4", "p1", null, "more")
    .vote(2, "a3", "p1", "a1", 0)
    .vote(2, "a1", "p2", "a2", 1)
    .comment(3, "a2", "c5", "p1", "c3", "sure")
    .post(3, "a1", "p3", "third");
}

describe("structure", () => {
  it("computes the calibration values by hand", () => {
    const result = computeStructure(handContext(logFromEvents(fixture().events)));
    // Ties: c1 a2->a1, c2 a3->a1, c3 a1->a2 (reply to a2's c1), c4 self (dropped), c5 a2->a1 again.
    //   {a2->a1, a3->a1, a1->a2}: a2->a1 and a1->a2 are mutual -> 2/3.
    expect(result.reciprocity).toBeCloseTo(2 / 3, 12);
    // Replied to: c1 (by c3), c3 (by c5); no reply: c2, c4, c5 -> 3/5.
    expect(result.noReplyShare).toBeCloseTo(0.6, 12);
    // Depths c1 1, c2 1, c3 2, c4 1, c5 3 -> 8/5.
    expect(result.meanThreadDepth).toBeCloseTo(1.6, 12);
    // Final upvoters: p1 {a2} (a3 retracted), p2 {a1} (switched -1 -> 1), p3 none -> [0, 1, 1].
    //   Gini: sum (2i - n - 1) x = -2*0 + 0*1 + 2*1 = 2, / (3 x 2) = 1/3.
    expect(result.upvoteGini).toBeCloseTo(1 / 3, 12);
    // Posts per post author: a2 1, a1 2 -> (-1*1 + 1*2) / (2 x 3) = 1/6.
    expect(result.postGini).toBeCloseTo(1 / 6, 12);
    // Three participating agents: far below the fit's 50-agent tail.
    expect(result.powerLawAlpha).toBeNull();
    expect(result.powerLawFit).toBeNull();
    // Texts: p2 repeats p1 (trimmed, lower-cased), c2 repeats c1 -> 2 of 8.
    expect(result.duplicateShare).toBeCloseTo(0.25, 12);
    // "hello" and "world" are in 2 of 8 texts (distinctive: 2 <= max(2, 1 % of 8)); no comment on p1
    // uses them -> all 5 comments share no distinctive word with their post.
    expect(result.vocabularyNoOverlapShare).toBe(1);
    // HITS: the top authority is a1 (commented on twice by a2, once by a3), the top hub a2 -> disjoint.
    expect(result.hubAuthorityOverlap).toBe(0);
    // One window (4 rounds): the run's ties.
    expect(result.reciprocityByWindow).toEqual([2 / 3]);
    expect(result.reasons).toEqual({
      powerLawAlpha: "fewer than 50 participating agents",
      attentionDecayExponent: "fewer than three age bins with comments",
      upvoteCommentScaling: "fewer than ten posts with both upvotes and comments",
      burstiness: "no agent active in five rounds",
      communityJaccard: "no two consecutive windows share ten agents",
      rewardEventDrift: "fewer than ten agents with both a top-decile and an ordinary post followed by another",
    });
    const reciprocityRow = result.twin.find((row) => row.key === "reciprocity");
    expect(reciprocityRow?.inBand).toBe(false);
    expect(reciprocityRow?.band).toEqual({ min: null, max: 0.08 });
    expect(result.twin.find((row) => row.key === "powerLawAlpha")?.inBand).toBeNull();
  });

  it("says which values the log cannot give, and keeps the others", () => {
    const events = fixture().events.filter((e) => e.type !== "comment" && e.type !== "vote");
    const result = computeStructure(handContext(logFromEvents(events)));
    expect(result.reciprocity).toBeNull();
    expect(result.upvoteGini).toBeNull();
    expect(result.reasons).toEqual({
      reciprocity: "log lacks comment",
      noReplyShare: "log lacks comment",
      meanThreadDepth: "log lacks comment",
      upvoteGini: "log lacks vote",
      powerLawAlpha: "log lacks comment",
      duplicateShare: "log lacks comment",
      attentionDecayExponent: "log lacks comment",
      upvoteCommentScaling: "log lacks vote",
      burstiness: "log lacks comment",
      communityJaccard: "log lacks comment",
      vocabularyNoOverlapShare: "log lacks comment",
      hubAuthorityOverlap: "log lacks comment",
      rewardEventDrift: "log lacks vote",
    });
    // Posts per post author [1, 2] as above.
    expect(result.postGini).toBeCloseTo(1 / 6, 12);
    expect(result.twin.find((row) => row.key === "reciprocity")?.reason).toBe("log lacks comment");
  });

  it("uses score snapshots for upvotes when an import has no voters", () => {
    const fixtureEvents = fixture().events.filter((e) => e.type !== "vote");
    const t = "2026-01-28T04:00:00.000Z";
    const snapshots: MurmurEvent[] = [
      { v: 1, type: "scoreSnapshot", round: 4, seq: 0, t, target: "p1", up: 9, down: 0 },
      { v: 1, type: "scoreSnapshot", round: 4, seq: 1, t, target: "p2", up: 1, down: 3 },
      { v: 1, type: "scoreSnapshot", round: 4, seq: 2, t, target: "p3", up: 0, down: 0 },
    ];
    const result = computeStructure(handContext(logFromEvents([...fixtureEvents, ...snapshots])));
    // [0, 1, 9]: (-2*0 + 0*1 + 2*9) / (3 x 10) = 0.6.
    expect(result.upvoteGini).toBeCloseTo(0.6, 12);
  });

  it("is null with a reason when there are no ties", () => {
    const log = logFromEvents(new LogFixture().agent("a1").post(0, "a1", "p1", "x").comment(1, "a1", "c1", "p1", null, "y").events);
    const result = computeStructure(handContext(log));
    expect(result.reciprocity).toBeNull();
    expect(result.reasons.reciprocity).toBe("no commenter -> author ties");
  });
});
