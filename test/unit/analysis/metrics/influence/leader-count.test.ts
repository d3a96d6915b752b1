import { describe, expect, it } from "vitest";
import { persistentLeaderCount, topOf } from "../../../../../analysis/metrics/influence/leader-count.js";

const col = (...values: number[]): Float64Array => Float64Array.from(values);

describe("topOf", () => {
  it("takes the k highest, ties in agent order, skipping agents that are not nodes", () => {
    expect([...topOf(col(0.2, 0.2, 0.4, Number.NaN), 2)]).toEqual([2, 0]);
    expect([...topOf(col(Number.NaN, 0.1), 3)]).toEqual([1]);
  });
});

describe("persistentLeaderCount", () => {
  // Four agents, two pairs of windows (1-2 and 2-3), k = 2 throughout.
  const w1 = col(0.4, 0.3, 0.2, 0.1); // top {0, 1}
  const w2 = col(0.1, 0.5, 0.3, 0.1); // top {1, 2}: agent 1 survives pair 1
  const w3 = col(0.2, 0.2, 0.4, Number.NaN); // top {2, 0}: agent 2 survives pair 2
  const a = col(1, 0, 0, 0); // top {0, 1}
  const b = col(0, 0, 1, 1); // top {2, 3}
  const c = col(1, 0.5, 0, 0); // top {0, 1}
  const d = col(1, 0, 0.5, 0); // top {0, 2}
  const e = col(0.5, 1, 0, 0); // top {1, 0}
  const f = col(0, 0, 0.5, 1); // top {3, 2}
  // Replicate survivors: r0 none | none; r1 {0} | none; r2 {0} | {0, 1}; r3 none | {2, 3}.
  const pairs = [
    { window: 1, k: 2, kAfter: 2, before: w1, after: w2, nullBefore: [a, c, c, a], nullAfter: [b, d, d, b] },
    { window: 2, k: 2, kAfter: 2, before: w2, after: w3, nullBefore: [b, b, c, b], nullAfter: [a, a, e, f] },
  ];

  it("counts each agent once over the judged pairs, and the null's count per replicate", () => {
    expect(persistentLeaderCount({ pairs, replicates: 4 })).toEqual({
      observed: 2,
      fromWindow: 1,
      toWindow: 3,
      replicates: 4,
      // Counts 0, 1, 2, 2; quantiles interpolate linearly between order statistics at (n - 1) p:
      // 2.5 % at 0.075 (0 + 0.075 x (1 - 0)), 97.5 % at 2.925 (between 2 and 2).
      nullMean: 1.25,
      nullLow: expect.closeTo(0.075, 12),
      nullHigh: 2,
    });
  });

  it("has nothing to say without a judged pair", () => {
    expect(persistentLeaderCount({ pairs: [], replicates: 50 })).toBeNull();
  });
});
