import { describe, expect, it } from "vitest";
import { evaluationSeeds, formatSeeds, isTuningSeed } from "../../../../cli/calibration/seed-sets.js";

describe("seed sets", () => {
  it("tuning seeds are 1-5 and 101-110", () => {
    for (const seed of [1, 5, 101, 110]) expect(isTuningSeed(seed)).toBe(true);
    for (const seed of [0, 6, 100, 111, 1001]) expect(isTuningSeed(seed)).toBe(false);
  });
  it("evaluation seeds start at 1001 and never meet a tuning seed", () => {
    expect(evaluationSeeds(3)).toEqual([1001, 1002, 1003]);
    expect(evaluationSeeds(200).some(isTuningSeed)).toBe(false);
  });
  it("prints a set as ranges", () => {
    expect(formatSeeds([8, 1, 2, 3, 5, 7, 3])).toBe("1-3, 5, 7-8");
    expect(formatSeeds([])).toBe("");
  });
});
