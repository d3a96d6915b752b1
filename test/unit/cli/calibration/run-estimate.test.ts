import { describe, expect, it } from "vitest";
import { estimatedRunCpuSeconds, estimatedSeconds, formatDuration } from "../../../../cli/calibration/run-estimate.js";

describe("the calibration's time estimate", () => {
  const small = { agents: 300, rounds: 168 };
  const large = { agents: 1000, rounds: 168 };

  it("reproduces the two measured runs' CPU time", () => {
    expect(estimatedRunCpuSeconds(small)).toBeCloseTo(25 + 0.00102 * 50_400, 9); // 76.4 s
    expect(estimatedRunCpuSeconds(large)).toBeCloseTo(25 + 0.00102 * 168_000, 9); // 196.4 s
  });

  it("is the sum of alone-wall times at one worker, and never below CPU over cores", () => {
    const cpuSmall = 25 + 0.00102 * 50_400;
    const cpuLarge = 25 + 0.00102 * 168_000;
    // One worker: 0.67 x CPU per run, one after another (above CPU / 2 cores).
    expect(estimatedSeconds([small, small, large], 1, 2)).toBeCloseTo(0.67 * (2 * cpuSmall + cpuLarge), 6);
    // Two workers on two cores: the schedule (large | small + small) = 0.67 x 196.4 = 131.6 s is
    // shorter than the CPU bound (2 x 76.4 + 196.4) / 2 = 174.6 s, so the bound holds.
    expect(estimatedSeconds([small, small, large], 2, 2)).toBeCloseTo((2 * cpuSmall + cpuLarge) / 2, 6);
  });

  it("formats durations", () => {
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(12 * 60)).toBe("12 min");
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe("3 h 05 min");
  });
});
