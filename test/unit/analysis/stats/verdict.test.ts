import { describe, expect, it } from "vitest";
import { clusteredBootstrap, meanOfMeans } from "../../../../analysis/stats/bootstrap.js";
import { decide, holm } from "../../../../analysis/stats/verdict.js";
import type { DiagnosticRule } from "../../../../core/contracts/report.js";

const rule: DiagnosticRule = { metric: "x", delta: 0.1, minN: 5, why: "test" };
const ci = (lo: number, hi: number) => [lo, hi] as const;

describe("verdict rule", () => {
  it("says emerged when the 95% CI is above 0 and the effect reaches delta", () => {
    expect(decide(rule, 10, { estimate: 0.2, ci95: ci(0.05, 0.3), ci90: ci(0.08, 0.28), p: 0.01 }, null).verdict).toBe("emerged");
    expect(decide(rule, 10, { estimate: 0.05, ci95: ci(0.01, 0.09), ci90: ci(0.02, 0.08), p: 0.01 }, null).verdict).toBe("absent");
  });

  it("says absent only when the 90% CI lies inside (-delta, delta)", () => {
    expect(decide(rule, 10, { estimate: 0, ci95: ci(-0.12, 0.12), ci90: ci(-0.09, 0.09), p: 0.9 }, null).verdict).toBe("absent");
    expect(decide(rule, 10, { estimate: 0, ci95: ci(-0.2, 0.2), ci90: ci(-0.15, 0.15), p: 0.9 }, null).verdict).toBe("inconclusive");
  });

  it("is inconclusive below the minimum sample or without the events, with the reason", () => {
    const small = decide(rule, 3, { estimate: 0.5, ci95: ci(0.4, 0.6), ci90: ci(0.45, 0.55), p: 0 }, null);
    expect(small.verdict).toBe("inconclusive");
    expect(small.reason).toBe("only 3 qualifying units (minimum 5)");
    const lacking = decide(rule, 0, null, "log lacks vote");
    expect(lacking).toMatchObject({ verdict: "inconclusive", reason: "log lacks vote", effect: null, ci: null });
  });

  it("adjusts p-values with Holm's step-down procedure", () => {
    // sorted 0.01, 0.02, 0.04 with m = 3: 0.03, max(0.03, 0.04) = 0.04, max(0.04, 0.04) = 0.04
    expect(holm([0.04, 0.01, null, 0.02])).toEqual([0.04, 0.03, null, 0.04]);
    expect(holm([0.5, 0.6])).toEqual([1, 1]);
  });
});

describe("agent-clustered bootstrap", () => {
  const units = Array.from({ length: 40 }, (_, i) => ({ agent: `a${i}`, values: [i % 2 === 0 ? 1 : 3, 2] }));

  it("resamples agents, is seeded, and brackets the estimate", () => {
    const a = clusteredBootstrap(units, meanOfMeans, 7, 300);
    const b = clusteredBootstrap(units, meanOfMeans, 7, 300);
    expect(a).toEqual(b);
    expect(a.estimate).toBeCloseTo(2, 10);
    expect(a.ci95[0]).toBeLessThan(2);
    expect(a.ci95[1]).toBeGreaterThan(2);
    expect(a.ci90[0]).toBeGreaterThanOrEqual(a.ci95[0]);
    expect(a.p).toBe(0);
  });

  it("takes the mean over agents of each agent's mean", () => {
    expect(meanOfMeans([{ values: [1, 3] }, { values: [10] }, { values: [] }])).toBe(6);
  });
});
