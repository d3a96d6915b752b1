import type { CalibrationPlanOptions, CalibrationRun, FamilySpec, SocialKnob } from "./run-plan.js";
import { knobDiagnostics, negativeControls, nullFamily, positiveControl, socialKnobs } from "./run-plan.js";
import type { CalibrationReport } from "./run-report.js";
import { evaluationSeeds } from "./seed-sets.js";
import { diagnosticsOf, summarizeAcrossSeeds } from "./seed-summary.js";
import type { DiagnosticAcrossSeeds, VerdictCell } from "./seed-summary.js";

export interface CalibrationOutcome {
  readonly run: CalibrationRun;
  readonly report: Pick<CalibrationReport, "embedder" | "deltasEmbedder"> & { readonly verdicts: readonly VerdictCell[] };
}

/** One configuration (family and size) over its seeds. */
export interface ConfigurationSummary {
  readonly family: FamilySpec;
  readonly agents: number;
  readonly seeds: readonly number[];
  readonly diagnostics: readonly DiagnosticAcrossSeeds[];
}

/** One knob at one strength: its target diagnostic over the replicates. */
export interface DosePoint {
  readonly knob: SocialKnob;
  readonly diagnostic: string;
  readonly strength: number;
  readonly agents: number;
  readonly seeds: readonly number[];
  readonly summary: DiagnosticAcrossSeeds | null;
}

export interface CalibrationResults {
  readonly diagnostics: readonly string[];
  readonly nulls: readonly ConfigurationSummary[];
  readonly negatives: readonly ConfigurationSummary[];
  readonly positives: readonly ConfigurationSummary[];
  readonly doses: readonly DosePoint[];
  /** The embedders the runs were analysed with, and those their deltas belong to (distinct). */
  readonly embedders: readonly string[];
  readonly deltasEmbedders: readonly string[];
}

function configurations(outcomes: readonly CalibrationOutcome[], family: FamilySpec, diagnostics: string[]): ConfigurationSummary[] {
  const mine = outcomes.filter((o) => o.run.family.name === family.name && o.run.dose === null);
  const sizes = [...new Set(mine.map((o) => o.run.agents))].sort((a, b) => a - b);
  return sizes.map((agents) => {
    const runs = mine.filter((o) => o.run.agents === agents).sort((a, b) => a.run.seed - b.run.seed);
    return {
      family,
      agents,
      seeds: runs.map((o) => o.run.seed),
      diagnostics: summarizeAcrossSeeds(
        runs.map((o) => o.report.verdicts),
        diagnostics,
      ),
    };
  });
}

function dosePoints(outcomes: readonly CalibrationOutcome[], plan: CalibrationPlanOptions): DosePoint[] {
  // Strength 0 reads the knobs-off runs at the seeds the dose runs used (the plan's replicates).
  const used = outcomes.filter((o) => o.run.dose !== null && o.run.agents === plan.doseAgents).map((o) => o.run.seed);
  const doseSeeds = new Set(used.length > 0 ? used : evaluationSeeds(plan.doseReplicates));
  const points: DosePoint[] = [];
  for (const [knob, diagnostic] of socialKnobs.flatMap((k) => knobDiagnostics[k].map((d) => [k, d] as const))) {
    for (const strength of [...plan.strengths].sort((a, b) => a - b)) {
      // Strength 0 is the knob off: the knobs-off runs at the dose size and seeds.
      const runs = outcomes
        .filter((o) => o.run.agents === plan.doseAgents && doseSeeds.has(o.run.seed))
        .filter((o) =>
          strength === 0 ? o.run.family.name === nullFamily.name : o.run.dose?.knob === knob && o.run.dose.strength === strength,
        )
        .sort((a, b) => a.run.seed - b.run.seed);
      const [summary] = summarizeAcrossSeeds(
        runs.map((o) => o.report.verdicts),
        [diagnostic],
      );
      points.push({ knob, diagnostic, strength, agents: plan.doseAgents, seeds: runs.map((o) => o.run.seed), summary: summary ?? null });
    }
  }
  return points;
}

/** The calibration's tables: knobs-off, each control and the dose-response, per size, over seeds. */
export function collectResults(outcomes: readonly CalibrationOutcome[], plan: CalibrationPlanOptions): CalibrationResults {
  const diagnostics = diagnosticsOf(outcomes.map((o) => o.report.verdicts));
  return {
    diagnostics,
    nulls: configurations(outcomes, nullFamily, diagnostics),
    negatives: negativeControls.flatMap((family) => configurations(outcomes, family, diagnostics)),
    positives: configurations(outcomes, positiveControl, diagnostics),
    doses: dosePoints(outcomes, plan),
    embedders: [...new Set(outcomes.map((o) => o.report.embedder))],
    deltasEmbedders: [...new Set(outcomes.flatMap((o) => (o.report.deltasEmbedder ? [o.report.deltasEmbedder] : [])))],
  };
}
