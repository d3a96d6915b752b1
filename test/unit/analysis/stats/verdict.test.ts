import { describe, expect, it } from "vitest";
import { clusteredBootstrap, meanOfMeans, pUpperBound } from "../../../../analysis/stats/bootstrap.js";
import type { BootstrapResult } from "../../../../analysis/stats/bootstrap.js";
import { decide, decideAll, diagnosticP, holm } from "../../../../analysis/stats/verdict.js";
import { diagnosisOf, onlyComponent } from "../../../../analysis/metrics/metric-definition.js";
import type { DiagnosticEvidence } from "../../../../analysis/stats/verdict.js";
import type { DiagnosticRule } from "../../../../core/contracts/report.js";

const rule: DiagnosticRule = { metric: "x", delta: 0.1, minN: 5, why: "test" };
const twoParts: DiagnosticRule = {
  metric: "y",
  components: [
    { name: "pull", delta: 0.1, unit: "cosine" },
    { name: "consistency", delta: 0.2, unit: "cosine" },
  ],
  minN: 5,
  why: "test",
};
const boot = (estimate: number, ci90: readonly [number, number], p: number, ci95 = ci90): BootstrapResult => ({
  estimate,
  ci95,
  ci90,
  p,
  replicates: 999,
});
const single = (result: BootstrapResult | null, n = 10, unavailable: string | null = null): DiagnosticEvidence => ({
  rule,
  n,
  components: [{ name: "primary", n, result }],
  unavailable,
});

describe("verdict labels", () => {
  it("emerged: Holm p < 0.05 and the effect reaches delta, with the reason as a checkable sentence", () => {
    const v = decide(single(boot(0.2, [0.08, 0.28], 0.004, [0.05, 0.3])), 0.012);
    expect(v).toMatchObject({ verdict: "emerged", effect: 0.2, ci: [0.05, 0.3], delta: 0.1, p: 0.004, pHolm: 0.012 });
    expect(v.reason).toBe("effect 0.2 >= delta 0.1 and Holm p 0.012 < 0.05");
    expect(v.components).toEqual([{ name: "primary", effect: 0.2, ci95: [0.05, 0.3], ci90: [0.08, 0.28], delta: 0.1, p: 0.004, n: 10 }]);
  });

  it("negligible: significant, but the 90% CI lies inside (-delta, delta) - not absent", () => {
    const v = decide(single(boot(0.05, [0.02, 0.08], 0.001)), 0.006);
    expect(v.verdict).toBe("negligible");
    expect(v.reason).toBe("90% CI [0.02, 0.08] inside (-0.1, 0.1) but its 95% CI [0.02, 0.08] is above 0: real, smaller than delta");
  });

  it("is never absent for a component significantly different from 0", () => {
    // Inside the band and above 0 although the diagnostic is not significant after Holm: negligible.
    const above = decide(single(boot(0.03, [0.01, 0.05], 0.004, [0.005, 0.055])), 0.2);
    expect(above.verdict).toBe("negligible");
    // Inside the band but below 0: the reference does not fit; neither absent nor negligible.
    const below = decide(single(boot(-0.03, [-0.05, -0.01], 0.999, [-0.055, -0.005])), 1);
    expect(below.verdict).toBe("inconclusive");
    expect(below.reason).toBe(
      "90% CI [-0.05, -0.01] inside (-0.1, 0.1) but its 95% CI [-0.055, -0.005] is below 0: smaller than its reference, which does not fit the data",
    );
  });

  it("absent: the 90% CI inside the band and not significant", () => {
    const v = decide(single(boot(0, [-0.09, 0.09], 0.5)), 0.9);
    expect(v.verdict).toBe("absent");
    expect(v.reason).toBe("90% CI [-0.09, 0.09] inside (-0.1, 0.1), its 95% CI [-0.09, 0.09] covers 0, and Holm p 0.9 >= 0.05");
  });

  it("inconclusive: wide CI, or significant with an effect below delta whose CI reaches past it", () => {
    expect(decide(single(boot(0, [-0.15, 0.15], 0.5)), 0.9).verdict).toBe("inconclusive");
    const short = decide(single(boot(0.08, [0.03, 0.13], 0.001)), 0.004);
    expect(short.verdict).toBe("inconclusive");
    expect(short.reason).toBe("Holm p 0.004 < 0.05 but effect 0.08 < delta 0.1 and its 90% CI [0.03, 0.13] reaches outside (-0.1, 0.1)");
  });

  it("is inconclusive below the minimum sample or without the events, with the reason", () => {
    const small = decide(single(boot(0.5, [0.45, 0.55], 0.001), 3), null);
    expect(small).toMatchObject({
      verdict: "inconclusive",
      reason: "only 3 qualifying units (minimum 5)",
      effect: 0.5,
      p: 0.001,
      pHolm: null,
    });
    const lacking = decide({ rule, n: 0, components: [], unavailable: "log lacks vote" }, null);
    expect(lacking).toMatchObject({ verdict: "inconclusive", reason: "log lacks vote", effect: null, ci: null, p: null, components: [] });
    expect(decide(single(null), null)).toMatchObject({
      verdict: "inconclusive",
      reason: "the statistic is undefined on every bootstrap resample",
    });
  });
});

describe("intersection-union over components", () => {
  const evidence = (pull: BootstrapResult, consistency: BootstrapResult): DiagnosticEvidence => ({
    rule: twoParts,
    n: 10,
    components: [
      { name: "pull", n: 10, result: pull },
      { name: "consistency", n: 12, result: consistency },
    ],
    unavailable: null,
  });

  it("takes the largest component p as the diagnostic's p", () => {
    expect(diagnosticP(evidence(boot(0.3, [0.2, 0.4], 0.001), boot(0.5, [0.3, 0.7], 0.02)))).toBe(0.02);
  });

  it("emerges only when every component reaches its own delta", () => {
    const both = decideAll([evidence(boot(0.3, [0.2, 0.4], 0.001), boot(0.5, [0.3, 0.7], 0.002))])[0];
    expect(both?.verdict).toBe("emerged");
    expect(both?.reason).toBe("pull: effect 0.3 >= delta 0.1, consistency: effect 0.5 >= delta 0.2 and Holm p 0.002 < 0.05");
    // pull is strong, consistency is significant but inside its own band (-0.2, 0.2): negligible, decided by consistency.
    const one = decideAll([evidence(boot(0.3, [0.2, 0.4], 0.001), boot(0.1, [0.05, 0.15], 0.003))])[0];
    expect(one).toMatchObject({ verdict: "negligible", effect: 0.1, delta: 0.2, p: 0.003, pHolm: 0.003 });
  });

  it("refuses a component the rule does not name", () => {
    const wrong: DiagnosticEvidence = {
      ...evidence(boot(0.3, [0.2, 0.4], 0.001), boot(0.5, [0.3, 0.7], 0.002)),
      rule: { ...twoParts, components: [{ name: "pull", delta: 0.1, unit: "" }] },
    };
    expect(() => decideAll([wrong])).toThrow(/no component "consistency"/);
  });
});

describe("Holm decides", () => {
  it("adjusts p-values with Holm's step-down procedure", () => {
    // sorted 0.005, 0.01, 0.03, 0.04 with m = 4: 0.02, 0.03, max(0.03, 0.06) = 0.06, max(0.06, 0.04) = 0.06
    expect(holm([0.01, 0.04, 0.03, 0.005])).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(holm([0.04, 0.01, null, 0.02])).toEqual([0.04, 0.03, null, 0.04]);
    expect(holm([0.5, 0.6])).toEqual([1, 1]);
  });

  it("turns two raw p of 0.03 and 0.04 into 0.06: neither emerges, both stay inconclusive", () => {
    const a = single(boot(0.2, [0.01, 0.3], 0.03));
    const b = { ...single(boot(0.3, [0.02, 0.4], 0.04)), rule: { ...rule, metric: "z" } };
    const verdicts = decideAll([a, b]);
    expect(verdicts.map((v) => [v.verdict, v.pHolm])).toEqual([
      ["inconclusive", 0.06],
      ["inconclusive", 0.06],
    ]);
  });

  it("leaves undecidable diagnostics out of the family", () => {
    const below = single(boot(0.5, [0.4, 0.6], 0.5), 2);
    const decided = decideAll([below, single(boot(0.2, [0.15, 0.25], 0.03))]);
    // m = 1, not 2: 0.03 stays 0.03 and emerges.
    expect(decided.map((v) => [v.verdict, v.pHolm])).toEqual([
      ["inconclusive", null],
      ["emerged", 0.03],
    ]);
  });
});

describe("a withheld verdict", () => {
  it("shows its components, claims nothing, and leaves Holm's family", () => {
    // Would emerge on its own (p 0.001, effect 0.5 >= delta 0.1), but its rule withholds the verdict.
    const withheld = { ...single(boot(0.5, [0.4, 0.6], 0.001, [0.35, 0.65])), rule: { ...rule, withheld: "failed its controls" } };
    const other = { ...single(boot(0.2, [0.15, 0.25], 0.03)), rule: { ...rule, metric: "z" } };
    expect(diagnosticP(withheld)).toBeNull();
    const [w, o] = decideAll([withheld, other]);
    expect(w?.verdict).toBe("inconclusive");
    expect(w?.pHolm).toBeNull();
    expect(w?.p).toBe(0.001);
    expect(w?.components.map((c) => [c.name, c.effect, c.ci95])).toEqual([["primary", 0.5, [0.35, 0.65]]]);
    expect(w?.reason).toBe("verdict withheld: failed its controls (primary: effect 0.5, 95% CI [0.35, 0.65]; p unadjusted, not part of Holm's family)");
    // m = 1: the other diagnostic's 0.03 is not doubled by the withheld one.
    expect([o?.verdict, o?.pHolm]).toEqual(["emerged", 0.03]);
  });
});

describe("agent-clustered bootstrap", () => {
  const units = Array.from({ length: 40 }, (_, i) => ({ agent: `a${i}`, values: [i % 2 === 0 ? 1 : 3, 2] }));

  it("resamples agents, is seeded, and brackets the estimate", () => {
    const a = clusteredBootstrap(units, meanOfMeans, 7, 300);
    const b = clusteredBootstrap(units, meanOfMeans, 7, 300);
    expect(a).toEqual(b);
    expect(a?.estimate).toBeCloseTo(2, 10);
    expect(a?.ci95[0]).toBeLessThan(2);
    expect(a?.ci95[1]).toBeGreaterThan(2);
    expect(a?.ci90[0]).toBeGreaterThanOrEqual(a?.ci95[0] ?? Infinity);
  });

  it("gives a p that is a bound, never 0: (1 + replicates <= 0) / (B + 1)", () => {
    // Every replicate of a statistic of 1.5-2.5 is positive: p = 1 / (299 + 1).
    expect(clusteredBootstrap(units, meanOfMeans, 7, 299)?.p).toBe(1 / 300);
    expect(pUpperBound([0.1, 0.2, 0.3])).toBe(0.25);
    expect(pUpperBound([-1, 0, 0.5, 2])).toBe(0.6);
    expect(pUpperBound([])).toBe(1);
  });

  it("carries the reference's Monte Carlo error: referenceError widens the CI", () => {
    const constant = Array.from({ length: 30 }, () => ({ values: [1] }));
    const plain = clusteredBootstrap(constant, meanOfMeans, 3, 4000);
    expect(plain?.ci95).toEqual([1, 1]);
    // Uniform(-0.5, 0.5) added per replicate: its 2.5 % and 97.5 % quantiles are -0.475 and +0.475.
    const widened = clusteredBootstrap(constant, meanOfMeans, 3, 4000, (random) => random.next() - 0.5);
    expect(widened?.estimate).toBe(1);
    expect(widened?.ci95[0]).toBeCloseTo(0.525, 1);
    expect(widened?.ci95[1]).toBeCloseTo(1.475, 1);
    expect(Math.abs((widened?.ci95[0] ?? 0) - 0.525)).toBeLessThan(0.02);
  });

  it("is null when no replicate is finite", () => {
    expect(clusteredBootstrap([1, 2], () => Number.NaN, 1, 10)).toBeNull();
  });

  it("takes the mean over agents of each agent's mean", () => {
    expect(meanOfMeans([{ values: [1, 3] }, { values: [10] }, { values: [] }])).toBe(6);
  });
});

describe("diagnostic inputs", () => {
  const units = [{ values: [1] }, { values: [3] }];

  it("reads the { units, statistic } shorthand as one component named primary, judged by the rule's delta", () => {
    const diagnosis = diagnosisOf("x", { units, statistic: meanOfMeans });
    expect(diagnosis.n).toBe(2);
    const [primary] = diagnosis.bootstrap(1, 99);
    expect(primary).toMatchObject({ name: "primary", n: 2, result: { estimate: 2, p: 0.01 } });
    expect(onlyComponent({ units, statistic: meanOfMeans }).name).toBe("primary");
  });

  it("bootstraps each component on its own stream; n is the fewest units", () => {
    const diagnosis = diagnosisOf("y", {
      components: [
        { name: "pull", units, statistic: meanOfMeans },
        { name: "consistency", units: [...units, { values: [5] }], statistic: meanOfMeans },
      ],
    });
    expect(diagnosis.n).toBe(2);
    expect(diagnosis.bootstrap(1, 99).map((c) => [c.name, c.n, c.result?.estimate])).toEqual([
      ["pull", 2, 2],
      ["consistency", 3, 3],
    ]);
    expect(() => onlyComponent({ components: [] })).toThrow();
  });
});
