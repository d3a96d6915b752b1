import { describe, expect, it } from "vitest";
import { averageRanks, pearson, spearman } from "../../../../analysis/stats/spearman.js";

describe("averageRanks", () => {
  it("gives tied values the mean of the ranks they span", () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([5, 5, 5])).toEqual([2, 2, 2]);
    expect(averageRanks([3, 1, 2])).toEqual([3, 1, 2]);
    expect(averageRanks([0, 0, 1, 0])).toEqual([2, 2, 4, 2]);
  });
});

describe("spearman", () => {
  it("is 1 and -1 for monotone relations, whatever the scale", () => {
    expect(spearman([1, 2, 3, 4], [10, 100, 1000, 10000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it("matches 1 - 6 sum d^2 / (n (n^2 - 1)) without ties", () => {
    // ranks x: 1 2 3 4 5, ranks y: 2 1 4 3 5 -> sum d^2 = 4 -> 1 - 24 / 120 = 0.8
    expect(spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50])).toBeCloseTo(0.8, 12);
  });

  it("handles ties as Pearson on average ranks (hand-computed)", () => {
    // x = [1, 2, 2, 3] -> ranks [1, 2.5, 2.5, 4]; y = [1, 3, 2, 4] -> ranks [1, 3, 2, 4]
    // centred x: [-1.5, 0, 0, 1.5]; centred y: [-1.5, 0.5, -0.5, 1.5]
    // sxy = 2.25 + 2.25 = 4.5; sxx = 4.5; syy = 2.25 + 0.25 + 0.25 + 2.25 = 5 -> 4.5 / sqrt(22.5)
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
    // Tie blocks on both sides: x ranks [1.5, 1.5, 3.5, 3.5], y ranks [1, 2.5, 2.5, 4]
    // centred x: [-1, -1, 1, 1]; centred y: [-1.5, 0, 0, 1.5] -> sxy = 3, sxx = 4, syy = 4.5
    expect(spearman([0, 0, 1, 1], [1, 2, 2, 3])).toBeCloseTo(3 / Math.sqrt(18), 12);
  });

  it("is NaN when undefined", () => {
    expect(spearman([1], [2])).toBeNaN();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([], [])).toBeNaN();
  });
});
