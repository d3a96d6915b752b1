import { onlyComponent } from "../../../../../analysis/metrics/metric-definition.js";
import { describe, expect, it } from "vitest";
import type { LogPost } from "../../../../../analysis/log/analysis-log.js";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import { windowsOf } from "../../../../../analysis/log/windows.js";
import {
  ageStratum,
  computeFeedbackAdaptation,
  diagnoseFeedbackAdaptation,
  windowScore,
} from "../../../../../analysis/metrics/feedback-adaptation/feedback-adaptation.js";
import type { FeedbackAdaptationResult } from "../../../../../core/contracts/report-metrics.js";
import type { AnalysisContext } from "../../../../../analysis/metrics/metric-types.js";
import type { Unavailable } from "../../../../../core/contracts/report-metrics.js";
import { LogFixture } from "../../fixtures.js";

/** A context whose vectors are chosen by hand (3 dims) so every cosine can be checked on paper. */
function handContext(fixture: LogFixture, vectors: Record<string, readonly number[]>, seed = 7): AnalysisContext {
  const log = logFromEvents(fixture.events);
  const map = new Map(Object.entries(vectors).map(([id, v]) => [id, Float64Array.from(v)]));
  return { log, windows: windowsOf(log), vectors: map, dims: 3, seed };
}

function available(result: FeedbackAdaptationResult | Unavailable): FeedbackAdaptationResult {
  if (!result.available) throw new Error(result.reason);
  return result;
}

const X = [1, 0, 0];
const Y = [0, 1, 0];
const Z = [0, 0, 1];

function post(id: string, round: number): LogPost {
  return { id, author: "a", round, submolt: "general", text: "" };
}

/** Votes +1 (or -1) on `target` by `count` distinct voters in `round`. */
function votes(fixture: LogFixture, round: number, target: string, count: number, value: 1 | -1 = 1): void {
  for (let i = 0; i < count; i++) fixture.vote(round, `v${round}x${i}`, target, "a", value);
}

/**
 * One window of ten posts by `a` at rounds 0..9 and the next post at round 40 (1 round = 1 hour).
 * Scores: p0 = 3, p1 = 2, p2 = 1 (top 30 %), p3..p6 = 0, p7..p9 = -1 (bottom 30 %).
 * Vectors: top X, middle Z, bottom Y, next X.
 */
function oneWindow(): { fixture: LogFixture; vectors: Record<string, readonly number[]> } {
  const fixture = new LogFixture().agent("a");
  const vectors: Record<string, readonly number[]> = {};
  const shape = [X, X, X, Z, Z, Z, Z, Y, Y, Y];
  shape.forEach((v, i) => {
    fixture.post(i, "a", `p${i}`, "text");
    vectors[`p${i}`] = v;
  });
  votes(fixture, 1, "p0", 3);
  votes(fixture, 2, "p1", 2);
  votes(fixture, 5, "p2", 1);
  votes(fixture, 10, "p7", 1, -1);
  votes(fixture, 10, "p8", 1, -1);
  votes(fixture, 10, "p9", 1, -1);
  return { fixture, vectors };
}

describe("feedbackAdaptation", () => {
  it("says the log lacks votes instead of reporting a zero", () => {
    const fixture = new LogFixture().agent("a").post(0, "a", "p0", "text");
    expect(computeFeedbackAdaptation(handContext(fixture, { p0: X }))).toEqual({ available: false, reason: "log lacks vote" });
  });

  it("counts votes from the post's own round to 24 simulated hours later, and only before the next post", () => {
    const p = post("p", 10);
    const next = post("n", 40);
    const score = (round: number): number => windowScore(p, next, [{ round, delta: 1 }], 1);
    expect(score(10)).toBe(1); // same round as the post: within
    expect(score(34)).toBe(1); // exactly 24 h later: within
    expect(score(35)).toBe(0); // 25 h later: outside the horizon
    // The next post comes 3 rounds after p: votes of its own round or later are future votes.
    const soon = post("n", 13);
    expect(windowScore(p, soon, [{ round: 12, delta: 1 }], 1)).toBe(1);
    expect(windowScore(p, soon, [{ round: 13, delta: 1 }], 1)).toBe(0);
    // With 2-hour rounds the horizon is 12 rounds.
    expect(windowScore(p, next, [{ round: 22, delta: 1 }], 2)).toBe(1);
    expect(windowScore(p, next, [{ round: 23, delta: 1 }], 2)).toBe(0);
  });

  it("puts posts whose scores could gather votes for equally long in one age stratum", () => {
    const next = post("n", 12);
    expect(ageStratum(post("a", 0), post("n", 40), 1)).toBe(-1); // full 24 h reach
    expect(ageStratum(post("a", 0), next, 1)).toBe(4); // rounds 0..11: 12 rounds
    expect(ageStratum(post("a", 8), next, 1)).toBe(3); // 4 rounds
    expect(ageStratum(post("a", 9), next, 1)).toBe(2); // 3 rounds
    expect(ageStratum(post("a", 11), next, 1)).toBe(1); // its own round only
    expect(ageStratum(post("a", 12), next, 1)).toBe(0); // same round as the next post: no votes count
  });

  it("computes NP by hand on one window", () => {
    const { fixture, vectors } = oneWindow();
    fixture.post(40, "a", "p10", "text");
    vectors.p10 = X;
    const result = available(computeFeedbackAdaptation(handContext(fixture, vectors)));
    // u = (3X + 4Z + 3Y) / 10 = (0.3, 0.3, 0.4); T = X, B = Y, u' = X.
    // NP = [cos(X, X) - cos(u, X)] - [cos(X, Y) - cos(u, Y)] = [1 - 0.3/|u|] - [0 - 0.3/|u|] = 1.
    expect(result.agents).toBe(1);
    expect(result.windows).toBe(1);
    const a = result.perAgent[0];
    expect(a?.np).toBeCloseTo(1, 12);
    // Every post had its full 24 h, so the placebo permutes all ten scores; a random T and B
    // rarely both land on X and Y posts, so the placebo is far below 1.
    expect(a?.placebo).toBeLessThan(0.5);
    expect(a?.values[0]).toBeCloseTo(1 - (a?.placebo ?? 0), 12);
    expect(result.primary).toBeCloseTo(1 - (a?.placebo ?? 0), 12);
    const input = onlyComponent(diagnoseFeedbackAdaptation(handContext(fixture, vectors), result));
    expect(input.units).toEqual([{ agent: "a", values: a?.values }]);
    // The placebo is a function of the log, not of the analysis seed: another seed, same numbers.
    expect(available(computeFeedbackAdaptation(handContext(fixture, vectors, 12345))).perAgent).toEqual(result.perAgent);
  });

  it("ignores future votes and votes past the horizon when ranking the window", () => {
    const { fixture, vectors } = oneWindow();
    // Votes that would make p3 and p4 (Z) the top posts if they counted:
    votes(fixture, 30, "p4", 9); // p4 is from round 4: 26 h later, past the horizon
    fixture.post(40, "a", "p10", "text");
    vectors.p10 = X;
    votes(fixture, 40, "p3", 9); // the next post's own round
    votes(fixture, 41, "p5", 9); // after the next post
    const result = available(computeFeedbackAdaptation(handContext(fixture, vectors)));
    // Same T (X posts) and B (Y posts) as without those votes, so NP is still exactly 1.
    expect(result.perAgent[0]?.np).toBeCloseTo(1, 12);
  });

  it("drops windows whose top and bottom scores tie", () => {
    const fixture = new LogFixture().agent("a");
    const vectors: Record<string, readonly number[]> = {};
    for (let i = 0; i <= 10; i++) {
      fixture.post(i, "a", `p${i}`, "text");
      vectors[`p${i}`] = i % 2 === 0 ? X : Y;
    }
    // Two voted posts: sorted scores 1, 1, 0, ..., 0 - the third-best (0) ties the bottom (0).
    votes(fixture, 2, "p0", 1);
    votes(fixture, 2, "p1", 1);
    const result = available(computeFeedbackAdaptation(handContext(fixture, vectors)));
    expect(result.agents).toBe(0);
    expect(result.droppedTies).toBe(1);
    expect(result.primary).toBeNull();
    expect(onlyComponent(diagnoseFeedbackAdaptation(handContext(fixture, vectors), result)).units).toEqual([]);
  });

  it("permutes scores only among posts of similar age", () => {
    const fixture = new LogFixture().agent("a");
    const vectors: Record<string, readonly number[]> = {};
    // Seven unvoted Y posts at round 0 (one stratum), three voted X posts at rounds 8, 10 and 11
    // (strata 3, 2, 1: 4, 2 and 1 rounds before the next post at round 12).
    for (let i = 0; i < 7; i++) {
      fixture.post(0, "a", `y${i}`, "text");
      vectors[`y${i}`] = Y;
    }
    for (const round of [8, 10, 11]) {
      fixture.post(round, "a", `x${round}`, "text");
      vectors[`x${round}`] = X;
    }
    fixture.post(12, "a", "next", "text");
    vectors.next = X;
    for (const round of [8, 10, 11]) votes(fixture, 11, `x${round}`, 1);
    const result = available(computeFeedbackAdaptation(handContext(fixture, vectors)));
    // u = (3X + 7Y) / 10 = (0.3, 0.7, 0), |u| = sqrt(0.58); T = X, B = Y, u' = X.
    // NP = [1 - 0.3/|u|] - [0 - 0.7/|u|] = 1 + 0.4 / sqrt(0.58).
    const a = result.perAgent[0];
    expect(a?.np).toBeCloseTo(1 + 0.4 / Math.sqrt(0.58), 12);
    // The voted posts are alone in their strata and the old ones all score 0: no permutation can
    // move a score, so the placebo equals NP and the window contributes 0.
    expect(result.unpermutable).toBe(1);
    expect(a?.placebo).toBeCloseTo(a?.np ?? 0, 12);
    expect(a?.values[0]).toBeCloseTo(0, 12);
  });
});
