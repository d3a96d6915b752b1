import { ruleComponents } from "../../core/contracts/report.js";
import type { DiagnosticRule, RuleComponent, Verdict, VerdictComponent, VerdictValue } from "../../core/contracts/report.js";
import type { BootstrapResult } from "./bootstrap.js";

/** Family-wise error rate of the six verdicts: Holm-adjusted p below it is significant. */
export const significanceLevel = 0.05;

/** One component's bootstrap as the rule receives it. */
export interface ComponentEvidence {
  readonly name: string;
  readonly n: number;
  readonly result: BootstrapResult | null;
}

/** Everything one diagnostic's verdict is decided from, before Holm. */
export interface DiagnosticEvidence {
  readonly rule: DiagnosticRule;
  /** Qualifying units (the fewest over the components). */
  readonly n: number;
  readonly components: readonly ComponentEvidence[];
  /** Why the metric could not be computed, or null. */
  readonly unavailable: string | null;
}

/** A number as a reason sentence shows it: 3 significant digits, no trailing zeros. */
export function formatStat(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(3))) : String(value);
}

/** The rule component a bootstrapped component is judged by (a lone component matches a lone rule). */
function ruleComponentFor(rule: DiagnosticRule, name: string, count: number): RuleComponent {
  const components = ruleComponents(rule);
  const only = components.length === 1 && count === 1 ? components[0] : undefined;
  const found = components.find((c) => c.name === name) ?? only;
  if (!found) throw new Error(`the rule of ${rule.metric} has no component "${name}" (it has ${components.map((c) => c.name).join(", ")})`);
  return found;
}

/** The components a verdict can be decided on: every one bootstrapped, or null. */
function judgedComponents(evidence: DiagnosticEvidence): VerdictComponent[] | null {
  const judged: VerdictComponent[] = [];
  for (const { name, n, result } of evidence.components) {
    if (result === null) return null;
    const { delta } = ruleComponentFor(evidence.rule, name, evidence.components.length);
    judged.push({ name, effect: result.estimate, ci95: result.ci95, ci90: result.ci90, delta, p: result.p, n });
  }
  return judged.length > 0 ? judged : null;
}

/**
 * A diagnostic's p: the largest of its components' one-sided p (intersection-union test - emergence
 * needs every component, so the weakest one bounds the evidence). Null when the verdict cannot be
 * decided (unavailable, below minN, a component without a bootstrap): it then stays out of Holm's family.
 */
export function diagnosticP(evidence: DiagnosticEvidence): number | null {
  if (evidence.rule.withheld !== undefined) return null;
  if (evidence.unavailable !== null || evidence.n < evidence.rule.minN) return null;
  const judged = judgedComponents(evidence);
  return judged === null ? null : Math.max(...judged.map((c) => c.p));
}

const insideBand = (c: VerdictComponent): boolean => c.ci90[0] > -c.delta && c.ci90[1] < c.delta;
const ratio = (c: VerdictComponent): number => c.effect / c.delta;
const label = (c: VerdictComponent, many: boolean): string => (many ? `${c.name}: ` : "");
const ci90Text = (c: VerdictComponent): string => `90% CI [${formatStat(c.ci90[0])}, ${formatStat(c.ci90[1])}]`;
const band = (c: VerdictComponent): string => `(-${formatStat(c.delta)}, ${formatStat(c.delta)})`;

const ci95Text = (c: VerdictComponent): string => `95% CI [${formatStat(c.ci95[0])}, ${formatStat(c.ci95[1])}]`;

/**
 * A diagnostic with a component whose 90 % CI lies inside its band. `absent` only when that
 * component is also indistinguishable from 0 (its 95 % CI covers 0); one that is significantly
 * above 0 is `negligible` (real, smaller than delta); one significantly below 0 is neither - its
 * reference (null or placebo) does not fit the data - and stays `inconclusive`, saying so.
 */
function classifyInsideBand(
  judged: readonly VerdictComponent[],
  many: boolean,
  holmText: string,
): { verdict: VerdictValue; decisive: VerdictComponent; reason: string } {
  const inside = judged.filter(insideBand);
  const text = (c: VerdictComponent): string => `${label(c, many)}${ci90Text(c)} inside ${band(c)}`;
  const nullLike = inside.find((c) => c.ci95[0] <= 0 && c.ci95[1] >= 0);
  if (nullLike) return { verdict: "absent", decisive: nullLike, reason: `${text(nullLike)}, its ${ci95Text(nullLike)} covers 0, and ${holmText}` };
  const small = inside.find((c) => c.ci95[0] > 0);
  if (small) return { verdict: "negligible", decisive: small, reason: `${text(small)} but its ${ci95Text(small)} is above 0: real, smaller than delta` };
  const below = inside[0] as VerdictComponent;
  return {
    verdict: "inconclusive",
    decisive: below,
    reason: `${text(below)} but its ${ci95Text(below)} is below 0: smaller than its reference, which does not fit the data`,
  };
}

/** The verdict label, the component that decided it, and the sentence saying why. */
function classify(
  judged: readonly VerdictComponent[],
  pHolm: number,
): { verdict: VerdictValue; decisive: VerdictComponent; reason: string } {
  const many = judged.length > 1;
  const significant = pHolm < significanceLevel;
  const holmText = `Holm p ${formatStat(pHolm)} ${significant ? "<" : ">="} ${significanceLevel}`;
  const weakest = judged.reduce((a, b) => (b.p > a.p || (b.p === a.p && ratio(b) < ratio(a)) ? b : a));
  const smallest = judged.reduce((a, b) => (ratio(b) < ratio(a) ? b : a));
  const equivalent = judged.find(insideBand);
  if (significant && smallest.effect >= smallest.delta) {
    const each = judged.map((c) => `${label(c, many)}effect ${formatStat(c.effect)} >= delta ${formatStat(c.delta)}`).join(", ");
    return { verdict: "emerged", decisive: weakest, reason: `${each} and ${holmText}` };
  }
  if (equivalent) return classifyInsideBand(judged, many, holmText);
  if (significant) {
    const short = `${label(smallest, many)}effect ${formatStat(smallest.effect)} < delta ${formatStat(smallest.delta)}`;
    return {
      verdict: "inconclusive",
      decisive: smallest,
      reason: `${holmText} but ${short} and its ${ci90Text(smallest)} reaches outside ${band(smallest)}`,
    };
  }
  return {
    verdict: "inconclusive",
    decisive: weakest,
    reason: `${holmText} and ${label(weakest, many)}${ci90Text(weakest)} reaches outside ${band(weakest)}`,
  };
}

/**
 * docs/metrics.md's rule, given the Holm-adjusted p of the diagnostic: `emerged` when significant and
 * every component's estimate >= its delta; otherwise a component whose 90 % CI lies inside
 * (-delta, +delta) decides (`classifyInsideBand`): `absent`, `negligible` or `inconclusive`;
 * `inconclusive` also otherwise, below the minimum sample or when the metric is unavailable.
 */
export function decide(evidence: DiagnosticEvidence, pHolm: number | null): Verdict {
  const { rule, n, unavailable } = evidence;
  const firstDelta = ruleComponents(rule)[0]?.delta ?? 0;
  const base = { metric: rule.metric, n, pHolm };
  if (unavailable !== null) {
    return { ...base, verdict: "inconclusive", effect: null, ci: null, delta: firstDelta, reason: unavailable, p: null, components: [] };
  }
  const judged = judgedComponents(evidence) ?? [];
  const first = judged[0];
  const p = judged.length > 0 ? Math.max(...judged.map((c) => c.p)) : null;
  if (rule.withheld !== undefined) {
    // The evidence is shown, unadjusted and undecided: no label may claim what the controls did not support.
    const shown = judged.map((c) => `${c.name}: effect ${formatStat(c.effect)}, ${ci95Text(c)}`).join("; ");
    const reason = `verdict withheld: ${rule.withheld}${shown ? ` (${shown}; p unadjusted, not part of Holm's family)` : ""}`;
    return { ...base, verdict: "inconclusive", effect: first?.effect ?? null, ci: first?.ci95 ?? null, delta: first?.delta ?? firstDelta, reason, p, components: judged };
  }
  if (n < rule.minN || judged.length < evidence.components.length || judged.length === 0 || pHolm === null) {
    const reason =
      n < rule.minN ? `only ${n} qualifying units (minimum ${rule.minN})` : "the statistic is undefined on every bootstrap resample";
    return {
      ...base,
      verdict: "inconclusive",
      effect: first?.effect ?? null,
      ci: first?.ci95 ?? null,
      delta: first?.delta ?? firstDelta,
      reason,
      p,
      components: judged,
    };
  }
  const { verdict, decisive, reason } = classify(judged, pHolm);
  return { ...base, verdict, effect: decisive.effect, ci: decisive.ci95, delta: decisive.delta, reason, p, components: judged };
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

/** Verdicts for one report's diagnostics: each p, Holm over the family of decidable ones, then the rule. */
export function decideAll(evidence: readonly DiagnosticEvidence[]): Verdict[] {
  const adjusted = holm(evidence.map(diagnosticP));
  return evidence.map((e, i) => decide(e, adjusted[i] ?? null));
}
