import { describe, expect, it } from "vitest";
import { bucketRows, leastSquares, nearestRank, perRoundMeans } from "../../../bench/llm-long-run-stats.js";

/** The long-run bench's arithmetic against values worked out by hand. */

describe("nearestRank", () => {
  it("takes the ceil(q x n)-th value: p50 of 1..10 is 5, p95 is 10", () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRank(values, 0.5)).toBe(5);
    expect(nearestRank(values, 0.95)).toBe(10);
  });
});

describe("bucketRows and perRoundMeans", () => {
  const calls = [
    { round: 0, promptTokens: 10, completionTokens: 1 },
    { round: 0, promptTokens: 30, completionTokens: 3 },
    { round: 1, promptTokens: 20, completionTokens: 2 },
    { round: 2, promptTokens: 40, completionTokens: 4 },
  ];

  it("gives each bucket its calls per round and prompt tokens per call", () => {
    const [first, second] = bucketRows(calls, 4, 2);
    expect(first).toEqual({
      fromRound: 0,
      toRound: 1,
      calls: 3,
      callsPerRound: 1.5,
      prompt: { mean: 20, p50: 20, p95: 30, max: 30 },
      completionMean: 2,
    });
    expect(second).toEqual({
      fromRound: 2,
      toRound: 3,
      calls: 1,
      callsPerRound: 0.5,
      prompt: { mean: 40, p50: 40, p95: 40, max: 40 },
      completionMean: 4,
    });
  });

  it("averages each round that had a call", () => {
    expect(perRoundMeans(calls)).toEqual([
      { round: 0, mean: 20, calls: 2 },
      { round: 1, mean: 20, calls: 1 },
      { round: 2, mean: 40, calls: 1 },
    ]);
  });
});

describe("leastSquares", () => {
  // (0,1) (1,3) (2,2) (3,5): sxx 5, sxy 5.5, slope 1.1, intercept 1.1; residuals -0.1 0.8 -1.3 0.6.
  const points = [
    { x: 0, y: 1 },
    { x: 1, y: 3 },
    { x: 2, y: 2 },
    { x: 3, y: 5 },
  ];

  it("fits the slope and its plain OLS interval: 1.96 x sqrt(2.7 / 2 / 5)", () => {
    const fit = leastSquares(points, 0);
    expect(fit.slopePerRound).toBeCloseTo(1.1, 12);
    expect(fit.intercept).toBeCloseTo(1.1, 12);
    expect(fit.ci95Independent).toBeCloseTo(1.96 * Math.sqrt(0.27), 12);
  });

  it("gives the Newey-West interval: scores 0.15 -0.4 -0.65 0.9; lag 1 adds 2 x 0.5 x -0.385", () => {
    // Lag 0: sum of squared scores 1.415, times n / (n - 2) = 2, square root, over sxx = 5.
    expect(leastSquares(points, 0).ci95).toBeCloseTo((1.96 * Math.sqrt(1.415 * 2)) / 5, 12);
    // Lag 1: 1.415 - 0.385 = 1.03.
    expect(leastSquares(points, 1).ci95).toBeCloseTo((1.96 * Math.sqrt(1.03 * 2)) / 5, 12);
  });
});
