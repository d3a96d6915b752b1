import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import { computePairwiseSimilarity } from "../../../../../analysis/metrics/pairwise-similarity/pairwise-similarity.js";
import { LogFixture } from "../../fixtures.js";
import { handContext } from "../../hand-context.js";

// 18 rounds -> windows [0-5], [6-11], [12-17].
function fixture(): LogFixture {
  return new LogFixture()
    .agent("x")
    .post(0, "x", "p1", "")
    .post(1, "x", "p2", "")
    .post(2, "x", "p3", "")
    .post(6, "x", "p4", "")
    .post(7, "x", "p5", "")
    .post(12, "x", "p6", "")
    .roundEnd(17);
}

const vectors = { p1: [1, 0], p2: [0, 1], p3: [1, 0], p4: [0.6, 0.8], p5: [0.6, -0.8], p6: [1, 0] };

describe("pairwiseSimilarity", () => {
  const result = computePairwiseSimilarity(handContext(logFromEvents(fixture().events), vectors));
  if (!result.available) throw new Error(result.reason);

  it("within windows: the mean over pairs of distinct posts", () => {
    // W0 pairs: p1p2 0, p1p3 1, p2p3 0 -> 1/3 (formula: s = (2,1), (5 - 3) / (3 x 2) = 1/3).
    // W1: p4p5 = .36 - .64 = -.28. W2 has one post: null.
    expect(result.within[0]).toBeCloseTo(1 / 3, 12);
    expect(result.within[1]).toBeCloseTo(-0.28, 12);
    expect(result.within[2]).toBeNull();
    expect(result.meanWithin).toBeCloseTo((1 / 3 - 0.28) / 2, 12);
  });

  it("across windows: the mean over cross pairs", () => {
    // W0 x W1: .6 + .6 + .8 - .8 + .6 + .6 = 2.4 over 6 pairs = .4.
    // W0 x W2: 1 + 0 + 1 over 3 = 2/3. W1 x W2: .6 + .6 over 2 = .6.
    expect(result.matrix[0]?.[1]).toBeCloseTo(0.4, 12);
    expect(result.matrix[1]?.[0]).toBeCloseTo(0.4, 12);
    expect(result.matrix[0]?.[2]).toBeCloseTo(2 / 3, 12);
    expect(result.matrix[1]?.[2]).toBeCloseTo(0.6, 12);
    expect(result.meanAcross).toBeCloseTo((0.4 + 2 / 3 + 0.6) / 3, 12);
  });

  it("baseline: the mean over all 15 pairs of the run, and a size-keeping shuffle", () => {
    // Pair sums: W0 1, W1 -.28, W0xW1 2.4, W0xW2 2, W1xW2 1.2 -> 6.32 / 15.
    // Formula: S = (4.2, 1), (18.64 - 6) / (6 x 5) = .421333...
    expect(result.baseline.expectedWithin).toBeCloseTo(6.32 / 15, 12);
    expect(result.excessWithin).toBeCloseTo((1 / 3 - 0.28) / 2 - 6.32 / 15, 12);
    expect(result.baseline.shuffledWithin[2]).toBeNull();
    expect(result.baseline.shuffledWithin[0]).not.toBeNull();
  });

  it("is unavailable when the log lacks posts", () => {
    const log = logFromEvents(new LogFixture().agent("x").roundEnd(3).events);
    expect(computePairwiseSimilarity(handContext(log))).toEqual({ available: false, reason: "log lacks post" });
  });
});
