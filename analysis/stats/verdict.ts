import type { BootstrapResult } from "./bootstrap.js";
import type { DiagnosticRule, Verdict } from "../../core/contracts/report.js";

/**
 * docs/metrics.md's rule: emerged when the 95 % CI lies above 0 and the estimate is >= delta; absent
 * when the 90 % CI lies inside (-delta, +delta) (two one-sided tests); inconclusive otherwise or
 * below the minimum sample.
 */
export function decide(
  rule: DiagnosticRule,
  n: number,
  result: BootstrapResult | null,
  unavailable: string | null,
): Omit<Verdict, "pHolm"> & { p: number | null } {
  const base = { metric: rule.metric, delta: rule.delta, n };
  if (unavailable !== null) return { ...base, verdict: "inconclusive", effect: null, ci: null, reason: unavailable, p: null };
  if (result === null || n < rule.minN) {
    return {
      ...base,
      verdict: "inconclusive",
      effect: result?.estimate ?? null,
      ci: result?.ci95 ?? null,
      reason: `only ${n} qualifying units (minimum ${rule.minN})`,
      p: result?.p ?? null,
    };
  }
  const { estimate, ci95, ci90, p } = result;
  if (ci95[0] > 0 && estimate >= rule.delta) {
    return { ...base, verdict: "emerged", effect: estimate, ci: ci95, reason: `95% CI above 0 and effect >= ${rule.delta}`, p };
  }
  if (ci90[0] > -rule.delta && ci90[1] < rule.delta) {
    return { ...base, verdict: "absent", effect: estimate, ci: ci95, reason: `90% CI inside (-${rule.delta}, ${rule.delta})`, p };
  }
  return {
    ...base,
    verdict: "inconclusive",
    effect: estimate,
    ci: ci95,
    reason: "CI neither above 0 with effect >= delta nor inside the equivalence band",
    p,
  };
}

/** Holm's step-down adjustment of p-values (null entries pass through). */
export function holm(ps: readonly (number | null)[]): (number | null)[] {
  const indexed = ps.flatMap((p, i) => (p === null ? [] : [{ p, i }])).sort((a, b) => a.p - b.p);
  const out: (number | null)[] = ps.map(() => null);
  let running = 0;
  indexed.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (indexed.length - rank) * p));
    out[i] = running;
  });
  return out;
}
