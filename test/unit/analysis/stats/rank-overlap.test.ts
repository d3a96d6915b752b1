import { describe, expect, it } from "vitest";
import { RandomStream } from "../../../../core/random/stream.js";
import { kthLargest, topKJaccard, topKMembership, topKPersistence } from "../../../../analysis/stats/rank-overlap.js";
import { topPercentShare, topPercentShareOf } from "../../../../analysis/stats/concentration.js";

describe("rank overlap", () => {
  it("shares the places of a tie at the k-th score equally", () => {
    // k = 2: 5 leads; 3 is the 2nd score, tied three times, so the one place left is split in thirds.
    expect([...topKMembership([5, 3, 3, 3, 1], 2)]).toEqual([1, 1 / 3, 1 / 3, 1 / 3, 0]);
    // No tie at the cut: plain top k.
    expect([...topKMembership([1, 4, 2, 3], 2)]).toEqual([0, 1, 0, 1]);
    // Fewer finite values than k: every finite value leads, absent ones never.
    expect([...topKMembership([Number.NaN, 2, Number.NEGATIVE_INFINITY], 3)]).toEqual([0, 1, 0]);
  });

  it("measures leader persistence and Jaccard on fractional memberships", () => {
    // Memberships [1, 1/3, 1/3, 1/3, 0] and [0, 1/3, 1/3, 1/3, 1]: shared 1 of 2 places.
    expect(topKPersistence([5, 3, 3, 3, 1], [1, 3, 3, 3, 5], 2)).toBeCloseTo(0.5, 12);
    expect(topKJaccard([5, 3, 3, 3, 1], [1, 3, 3, 3, 5], 2)).toBeCloseTo(1 / 3, 12);
    // Renaming the tied agents cannot change the answer (a sort by id would).
    expect(topKPersistence([5, 3, 3, 3, 1], [3, 3, 1, 3, 5], 2)).toBeCloseTo(topKPersistence([5, 3, 3, 3, 1], [1, 3, 3, 3, 5], 2), 12);
    // The leader of the first window is absent from the second.
    expect(topKPersistence([Number.NaN, 2, 1], [3, 2, Number.NaN], 1)).toBe(0);
    expect(topKPersistence([1, 2, 3], [1, 2, 3], 2)).toBe(1);
  });

  it("finds the k-th largest value like a full sort, in both of its paths", () => {
    const random = new RandomStream(7, "test", 0, "kth");
    for (const k of [1, 3, 10, 64, 65, 200]) {
      const values = Array.from({ length: 500 }, () => Math.floor(random.next() * 50));
      const sorted = [...values].sort((a, b) => b - a);
      expect(kthLargest(values, k)).toBe(sorted[k - 1]);
    }
  });

  it("gives the top-1 % share without sorting, equal to the sorted definition", () => {
    // 150 holders: ceil(1.5) = 2 holders; 9 and one of the tied 4s: 13 of 164.
    const values = [9, 4, 4, ...new Array<number>(147).fill(1)];
    expect(topPercentShareOf(values, 1)).toBeCloseTo(13 / 164, 12);
    const random = new RandomStream(7, "test", 0, "share");
    for (let trial = 0; trial < 20; trial++) {
      const xs = Array.from({ length: 50 + trial * 37 }, () => random.next() ** 4);
      expect(topPercentShareOf(xs, 1)).toBeCloseTo(topPercentShare(xs, 1) ?? Number.NaN, 12);
    }
  });
});
