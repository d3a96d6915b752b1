import { describe, expect, it } from "vitest";
import { estimatedRunSeconds, estimatedSeconds, formatDuration } from "../../../../cli/calibration/run-estimate.js";

describe("the calibration's time estimate", () => {
  it("spreads the runs over the workers, largest first", () => {
    const run = { agents: 300, rounds: 168 };
    const big = { agents: 1000, rounds: 168 };
    const one = estimatedRunSeconds(run);
    const large = estimatedRunSeconds(big);
    expect(estimatedSeconds([run, run, big], 1)).toBeCloseTo(2 * one + large, 9);
    // Two workers: the large run alone on one, the two small ones on the other.
    expect(estimatedSeconds([run, run, big], 2)).toBeCloseTo(Math.max(large, 2 * one), 9);
  });
  it("formats durations", () => {
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(12 * 60)).toBe("12 min");
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe("3 h 05 min");
  });
});
