import { describe, expect, it } from "vitest";
import { Sharedness, nullMonteCarloError } from "../../../../../analysis/metrics/shared-references/sharedness.js";
import type { ReferencingAgent, SharednessUnit } from "../../../../../analysis/metrics/shared-references/sharedness.js";
import { RandomStream } from "../../../../../core/random/stream.js";

/**
 * Three referencing agents over entities 0-5, two null replicates (drawn: replicate 0, then 1):
 * - A cites entity 0 twice; null draws [1, 2] and [3, 3];
 * - B cites entity 0; null draws [1] and [4];
 * - C cites entity 5; null draws [2] and [4].
 */
function scene(): { sharedness: Sharedness; units: { A: SharednessUnit; B: SharednessUnit; C: SharednessUnit; D: SharednessUnit } } {
  const agent = (name: string, index: number, observed: number[], drawn: number[]): ReferencingAgent => ({
    agent: name,
    index,
    observed: Int32Array.from(observed),
    drawn: Int32Array.from(drawn),
  });
  const A = agent("A", 0, [0, 0], [1, 2, 3, 3]);
  const B = agent("B", 1, [0], [1, 4]);
  const C = agent("C", 2, [5], [2, 4]);
  const units = {
    A: { agent: "A", referencing: A },
    B: { agent: "B", referencing: B },
    C: { agent: "C", referencing: C },
    D: { agent: "D", referencing: null },
  };
  return { sharedness: new Sharedness([A, B, C], 6, 2), units };
}

describe("sharedness (cross-agent coincidence against the null)", () => {
  it("counts only pairs of references by different agents (hand-computed)", () => {
    const { sharedness, units } = scene();
    // 4 references, ordered pairs by different agents: 16 - (4 + 1 + 1) = 10.
    // Observed: A's two 0s with B's 0, both orders -> 4 matches; A's own repeat does not count. 0.4.
    // Replicate 0: A 1,2 / B 1 / C 2 -> A-B on 1 and A-C on 2, both orders -> 4 / 10 = 0.4.
    // Replicate 1: A 3,3 / B 4 / C 4 -> B-C on 4, both orders -> 2 / 10 = 0.2 (A's 3,3 is its own).
    const m = sharedness.measure([units.A, units.B, units.C, units.D], true);
    expect(m?.observed).toBeCloseTo(0.4, 12);
    expect(m?.perReplicate[0]).toBeCloseTo(0.4, 12);
    expect(m?.perReplicate[1]).toBeCloseTo(0.2, 12);
    expect(m?.null).toBeCloseTo(0.3, 12);
    expect(sharedness.excess([units.A, units.B, units.C, units.D])).toBeCloseTo(0.1, 12);
  });

  it("treats a bootstrap's repeated copies of one agent as that agent (hand-computed)", () => {
    const { sharedness, units } = scene();
    // Sample A, A, B: weights A 2, B 1. References 2 x 2 + 1 = 5; pairs 25 - (16 + 1) = 8: only A-B.
    // Observed: all of A's copies (0) match B's 0 -> 8 / 8 = 1.
    // Replicate 0: A's copies 1,2,1,2 against B's 1 -> 2 matches, both orders 4 -> 0.5.
    // Replicate 1: A's 3s against B's 4 -> 0. Null mean 0.25, excess 0.75.
    const m = sharedness.measure([units.A, units.A, units.B], true);
    expect(m?.observed).toBeCloseTo(1, 12);
    expect(m?.perReplicate).toEqual([0.5, 0]);
    expect(sharedness.excess([units.A, units.A, units.B])).toBeCloseTo(0.75, 12);
    // The counters are reset between samples: the full sample reads as before.
    expect(sharedness.excess([units.A, units.B, units.C])).toBeCloseTo(0.1, 12);
  });

  it("reads 0 (nothing shared) when no two agents referenced anything", () => {
    const { sharedness, units } = scene();
    expect(sharedness.measure([units.C, units.C, units.D])).toBeNull();
    expect(sharedness.excess([units.C, units.D])).toBe(0);
    expect(sharedness.excess([])).toBe(0);
  });

  it("draws the null's Monte Carlo error from resampled replicates", () => {
    // Replicates 0.2 and 0.4 (mean 0.3): a resample's mean is 0.2, 0.3 or 0.4, so the error is -0.1, 0 or 0.1.
    const random = new RandomStream(3, "t", 0, "t");
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(nullMonteCarloError([0.2, 0.4], random).toFixed(12));
    expect([...seen].sort()).toEqual(["-0.100000000000", "0.000000000000", "0.100000000000"]);
    expect(nullMonteCarloError([0.2], random)).toBe(0);
  });
});
