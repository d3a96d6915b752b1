import { describe, expect, it } from "vitest";
import { agreements, consensusSummary, jaccard } from "../../../../../analysis/metrics/memory-probes/agreement.js";

const set = (agent: string, ...keys: string[]): { agent: string; keys: Set<string> } => ({ agent, keys: new Set(keys) });

describe("agreement", () => {
  it("is the Jaccard similarity of two named sets", () => {
    expect(jaccard(new Set(["x", "y"]), new Set(["y", "z"]))).toBeCloseTo(1 / 3, 12);
    expect(jaccard(new Set(["x"]), new Set(["x"]))).toBe(1);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });

  it("gives each answer its mean Jaccard with the others, whose mean is the mean pairwise Jaccard", () => {
    // {x, y}, {y, z}, {w}: J = 1/3, 0, 0 -> agreements (1/3 + 0) / 2, (1/3 + 0) / 2, 0.
    const sets = [set("a1", "x", "y"), set("a2", "y", "z"), set("a3", "w")];
    const values = agreements(sets);
    expect(values[0]).toBeCloseTo(1 / 6, 12);
    expect(values[1]).toBeCloseTo(1 / 6, 12);
    expect(values[2]).toBe(0);
    expect(agreements([set("a1", "x")])).toEqual([null]);
    const summary = consensusSummary([sets]);
    expect(summary.meanPairwiseJaccard).toBeCloseTo(1 / 9, 12);
    // Mentions x, y, y, z, w of 5: entropy of (1/5, 2/5, 1/5, 1/5).
    expect(summary.mentionEntropyBits).toBeCloseTo(-(3 * 0.2 * Math.log2(0.2) + 0.4 * Math.log2(0.4)), 12);
    expect(summary.distinctEntities).toBe(4);
  });
});
