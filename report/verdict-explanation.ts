import { diagnosticQuestion } from "../analysis/metrics/diagnostic-questions.js";
import type { RuleRow, VerdictRow } from "./report-summary.js";

/**
 * One diagnostic explained for a reader (issue 13, item 8): the question it answers, where it is
 * defined, its delta in its units, the verdict with effect, CI and Holm p, and why the verdict is
 * what it is. report.html and the pages show the same text.
 */
export interface VerdictExplanation {
  readonly metric: string;
  readonly question: string;
  /** docs/metrics.md#anchor of the diagnostic's section. */
  readonly definition: string;
  /** e.g. "delta 0.02 cosine similarity", or "delta: pull 0.01 cosine, consistency 0.05 cosine". */
  readonly delta: string;
  readonly label: VerdictRow["verdict"];
  /** e.g. "effect 0.045, 95% CI [0.03, 0.06], Holm p 0.003, n = 120". */
  readonly numbers: string;
  /** e.g. "emerged because effect 0.045 >= delta 0.02 and Holm p 0.003 < 0.05". */
  readonly because: string;
}

/** 3 significant digits without trailing zeros, as the verdict's reason writes numbers. */
function num(value: number | null | undefined): string {
  if (value === null || value === undefined) return "-";
  return Number.isFinite(value) ? String(Number(value.toPrecision(3))) : String(value);
}

const withUnit = (value: number, unit: string): string => (unit ? `${num(value)} ${unit}` : num(value));

/** The explanation of one verdict row, with the rule's component units when report.json has them. */
export function explainVerdict(row: VerdictRow, rule?: RuleRow): VerdictExplanation {
  const { question, definition, unit: fallbackUnit } = diagnosticQuestion(row.metric);
  const ruleComponents = rule?.components ?? [];
  const unitOf = (name: string): string => ruleComponents.find((c) => c.name === name)?.unit || fallbackUnit;
  const components = row.components ?? [];
  const delta =
    components.length > 1
      ? `delta: ${components.map((c) => `${c.name} ${withUnit(c.delta, unitOf(c.name))}`).join(", ")}`
      : `delta ${withUnit(row.delta, unitOf(components[0]?.name ?? ""))}`;
  const ci = row.ci ? `, 95% CI [${num(row.ci[0])}, ${num(row.ci[1])}]` : "";
  const effect = row.effect === null ? "no effect" : `effect ${num(row.effect)}`;
  const holm = row.pHolm === undefined || row.pHolm === null ? "" : `, Holm p ${num(row.pHolm)}`;
  return {
    metric: row.metric,
    question,
    definition,
    delta,
    label: row.verdict,
    numbers: `${effect}${ci}${holm}, n = ${row.n}`,
    because: `${row.verdict} because ${row.reason}`,
  };
}

/** Explanations for every verdict of a report, each with its own rule. */
export function explainVerdicts(rows: readonly VerdictRow[], rules: readonly RuleRow[] = []): VerdictExplanation[] {
  return rows.map((row) =>
    explainVerdict(
      row,
      rules.find((r) => r.metric === row.metric),
    ),
  );
}
