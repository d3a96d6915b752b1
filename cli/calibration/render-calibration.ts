import type { CalibrationResults, ConfigurationSummary, DosePoint } from "./calibration-results.js";
import type { CalibrationPlanOptions } from "./run-plan.js";
import { formatSeeds, tuningSeedRanges } from "./seed-sets.js";
import { verdictLabels } from "./seed-summary.js";
import type { DiagnosticAcrossSeeds } from "./seed-summary.js";

/** Where, how and on what the calibration ran: the markdown's first lines. */
export interface CalibrationProvenance {
  readonly commit: string;
  readonly machine: string;
  readonly command: string;
  /** ISO date-time the calibration finished. */
  readonly date: string;
  /** Wall seconds of this invocation (a resumed calibration ran earlier runs in earlier ones). */
  readonly seconds: number;
  /** The runs' own wall seconds, summed over every session that ran them. */
  readonly runSeconds: number;
  readonly parallel: number;
  readonly evaluationSeeds: readonly number[];
  readonly analysisSeed: number;
  /** The embedder the calibration asked for (its name in the reports is in the results). */
  readonly embedderRequested: string;
  /** The embedder the deltas were derived under when the reports do not say (its name). */
  readonly deltasEmbedderFallback: string;
}

/** The required ceiling of the false-positive rate on knobs-off runs. */
const falsePositiveCeiling = 0.05;

export function fmt(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "-" : Number(value.toPrecision(3)).toString();
}

function pct(value: number): string {
  return `${(100 * value).toFixed(1)} %`;
}

/**
 * "0.05 [0.01, 0.09]": the mean effect across seeds with its t interval, per component - "pull 0.02
 * [0.01, 0.03]; consistency 0.01 [...]" for a diagnostic with several.
 */
export function effectCell(d: DiagnosticAcrossSeeds | null): string {
  const present = (d?.effects ?? []).filter((c) => c.effect !== null);
  if (present.length === 0) return "-";
  return present
    .map(({ component, effect }) => {
      const ci = effect?.ci ? ` [${fmt(effect.ci[0])}, ${fmt(effect.ci[1])}]` : "";
      return `${present.length > 1 ? `${component} ` : ""}${fmt(effect?.mean)}${ci}`;
    })
    .join("; ");
}

/** "5.0 % [0.1, 24.9]": the emerged rate with its Clopper-Pearson interval, in percent. */
export function rateCell(d: DiagnosticAcrossSeeds): string {
  return `${pct(d.emergedRate)} [${(100 * d.emergedCi[0]).toFixed(1)}, ${(100 * d.emergedCi[1]).toFixed(1)}]`;
}

function labelsOf(results: CalibrationResults): string[] {
  const all = [...results.nulls, ...results.negatives, ...results.positives].flatMap((c) => c.diagnostics);
  const missing = all.some((d) => (d.counts["missing"] ?? 0) > 0);
  return [...verdictLabels, ...(missing ? ["missing"] : [])];
}

type Check = (d: DiagnosticAcrossSeeds, family: ConfigurationSummary) => string;

function verdictTable(configs: readonly ConfigurationSummary[], labels: readonly string[], check: Check): string[] {
  const lines = [
    `| diagnostic | N | seeds | ${labels.join(" | ")} | emerged rate [95 % CI] | mean effect per component [95 % CI over seeds] | check |`,
    `|---|---|---|${labels.map(() => "---|").join("")}---|---|---|`,
  ];
  const metrics = [...new Set(configs.flatMap((c) => c.diagnostics.map((d) => d.metric)))];
  for (const metric of metrics) {
    for (const config of configs) {
      const d = config.diagnostics.find((x) => x.metric === metric);
      if (!d) continue;
      const counts = labels.map((label) => String(d.counts[label] ?? 0)).join(" | ");
      lines.push(`| ${metric} | ${config.agents} | ${d.runs} | ${counts} | ${rateCell(d)} | ${effectCell(d)} | ${check(d, config)} |`);
    }
  }
  return lines;
}

/**
 * "ok" only when the runs show the false-positive rate is at most the ceiling (the Clopper-Pearson
 * upper bound is below it, which takes >= 59 clean runs at 5 %); fewer clean runs are consistent with
 * it but do not show it, and the cell says how far they bound the rate.
 */
const nullCheck: Check = (d) => {
  if (d.runs === 0) return "-";
  if (d.emergedRate > falsePositiveCeiling) return `**above ${pct(falsePositiveCeiling)}**`;
  return d.emergedCi[1] <= falsePositiveCeiling ? "ok" : `consistent, not shown (rate <= ${pct(d.emergedCi[1])})`;
};

const negativeCheck: Check = (d, config) => {
  if (!config.family.mustNotEmerge.includes(d.metric)) return "-";
  return d.emerged === 0 ? `none emerged (rate <= ${pct(d.emergedCi[1])})` : `**${d.emerged} emerged (must not)**`;
};

const positiveCheck: Check = (d) => (d.emerged === d.runs ? "emerged in all" : `**emerged in ${d.emerged} of ${d.runs}**`);

function doseTable(doses: readonly DosePoint[], labels: readonly string[]): string[] {
  const lines = [
    `| knob | diagnostic | strength | N | seeds | mean effect per component [95 % CI over seeds] | ${labels.join(" | ")} |`,
    `|---|---|---|---|---|---|${labels.map(() => "---|").join("")}`,
  ];
  for (const p of doses) {
    const counts = labels.map((label) => String(p.summary?.counts[label] ?? 0)).join(" | ");
    lines.push(
      `| ${p.knob} | ${p.diagnostic} | ${p.strength} | ${p.agents} | ${formatSeeds(p.seeds)} | ${effectCell(p.summary)} | ${counts} |`,
    );
  }
  return lines;
}

function header(results: CalibrationResults, plan: CalibrationPlanOptions, p: CalibrationProvenance): string[] {
  const named = results.deltasEmbedders.length > 0;
  const deltas = named ? results.deltasEmbedders : [p.deltasEmbedderFallback];
  const used = results.embedders.length > 0 ? results.embedders : [p.embedderRequested];
  const mismatch = used.some((e) => !deltas.includes(e));
  const source = named
    ? "as the reports name it"
    : "the reports do not name it; docs/metrics.md: the deltas were set under the default embedder";
  return [
    "# Calibration of the verdicts",
    "",
    `Recorded ${p.date} at commit ${p.commit} on ${p.machine}, in ${(p.seconds / 3600).toFixed(2)} h at parallel ${p.parallel}`,
    `(the runs themselves: ${(p.runSeconds / 3600).toFixed(2)} h summed over runs and sessions), by`,
    "",
    "```",
    p.command,
    "```",
    "",
    `Every run: ${plan.rounds} rounds of one simulated hour${plan.rounds >= 168 ? " (a week: windows are days)" : ""}, analysed with seed ${p.analysisSeed}.`,
    "",
    "## Seeds",
    "",
    "Evaluation seeds are disjoint from every seed used to choose a statistic or a delta (cli/calibration/seed-sets.ts).",
    "",
    ...tuningSeedRanges.map((r) => `- Tuning seeds ${r.from}-${r.to}: ${r.why}.`),
    `- Evaluation seeds (this calibration): ${formatSeeds(p.evaluationSeeds)}.`,
    "",
    "## Embedders",
    "",
    `- The deltas belong to: ${deltas.join(", ")} (${source}).`,
    `- This calibration analysed with: ${used.join(", ")}.`,
    ...(mismatch
      ? ["- **The calibration's embedder is not the deltas' embedder: the rates below hold for these deltas under this embedder only.**"]
      : []),
    "",
  ];
}

/** bench/calibration.md: provenance, seed sets, embedders, and every table per diagnostic per N. */
export function renderCalibration(results: CalibrationResults, plan: CalibrationPlanOptions, provenance: CalibrationProvenance): string {
  const labels = labelsOf(results);
  const lines = [
    ...header(results, plan, provenance),
    "## False positives: knobs off",
    "",
    "moltbook-like with every knob off, the nulls' own generating model. An `emerged` there is a false",
    `positive; required: a rate <= ${pct(falsePositiveCeiling)} per diagnostic. Intervals: 95 % Clopper-Pearson (rates), 95 % t over seeds (effects).`,
    "",
    ...verdictTable(results.nulls, labels, nullCheck),
    "",
    "## Negative controls",
    "",
    "Each breaks an assumption of the nulls while no agent learns from another; the listed diagnostics must not emerge.",
    "",
  ];
  const controls = [...new Set(results.negatives.map((c) => c.family.name))];
  for (const name of controls) {
    const configs = results.negatives.filter((c) => c.family.name === name);
    const family = configs[0]?.family;
    if (!family) continue;
    lines.push(`### ${name}`, "", `${family.description}. Must not emerge: ${family.mustNotEmerge.join(", ")}.`, "");
    lines.push(...verdictTable(configs, labels, negativeCheck), "");
  }
  lines.push(
    "## Positive control: socialized",
    "",
    "Every social knob on; every diagnostic should read `emerged`.",
    "",
    ...verdictTable(results.positives, labels, positiveCheck),
    "",
    "## Dose-response",
    "",
    "One social knob at a time on moltbook-like, its target diagnostic per strength (strength 0 is knobs-off at the same seeds).",
    "",
    ...doseTable(results.doses, labels),
  );
  return `${lines.join("\n")}\n`;
}
