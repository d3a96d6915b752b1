import type { Knobs } from "../../core/contracts/experiment-config.js";
import { evaluationSeeds } from "./seed-sets.js";

/**
 * The sim knobs the calibration turns. The first four are the social knobs, each the positive
 * control of one diagnostic; authorAppeal (a stable per-author engagement propensity) and
 * positionBias (engagement falls with feed rank) are negative controls: they break the nulls'
 * assumptions without any social learning (docs/metrics.md "Controls").
 */
export type CalibrationKnob = keyof Knobs;
export type SocialKnob = Exclude<CalibrationKnob, "authorAppeal" | "positionBias">;

/**
 * Which diagnostics each social knob is a positive control of (docs/metrics.md "Controls"): partner
 * imitation moves what agents write toward what they answer, and so their drift; cited memories
 * are what both shared-memory diagnostics read.
 */
export const knobDiagnostics: Readonly<Record<SocialKnob, readonly string[]>> = {
  feedbackLearning: ["feedbackAdaptation"],
  partnerImitation: ["interactionInfluence", "individualDrift"],
  memoryReferences: ["sharedReferences", "memoryProbes"],
  preferentialAttention: ["influence"],
};
export const socialKnobs = Object.keys(knobDiagnostics) as SocialKnob[];

export type FamilyName =
  | "knobs-off"
  | "author-appeal"
  | "position-bias"
  | "appeal-and-position"
  | "memory-off"
  | "private-recall"
  | "socialized"
  | "dose";

export interface FamilySpec {
  readonly name: FamilyName;
  readonly preset: "moltbook-like" | "socialized";
  readonly knobs: Readonly<Partial<Record<CalibrationKnob, number>>>;
  readonly memoryEnabled: boolean;
  /** memory.rememberCitations: false keeps each agent's memory to what it was shown itself. Default true. */
  readonly rememberCitations?: boolean;
  /** What the family is, for the markdown. */
  readonly description: string;
  /** Diagnostics that must not read `emerged` on it (issue 13, Deliver 4); empty for positive controls. */
  readonly mustNotEmerge: readonly string[];
}

/**
 * The diagnostics no negative control may read as emerged: influence, interaction, feedback and
 * shared memory - both of its diagnostics, references and probes.
 */
const socialDiagnostics = ["influence", "interactionInfluence", "feedbackAdaptation", "sharedReferences", "memoryProbes"];

export const nullFamily: FamilySpec = {
  name: "knobs-off",
  preset: "moltbook-like",
  knobs: {},
  memoryEnabled: true,
  description: "moltbook-like, every knob off: each null's own generating model; an `emerged` is a false positive",
  mustNotEmerge: ["*"],
};

/** The negative controls: each breaks an assumption of the nulls while no agent learns from another. */
export const negativeControls: readonly FamilySpec[] = [
  {
    name: "author-appeal",
    preset: "moltbook-like",
    knobs: { authorAppeal: 1 },
    memoryEnabled: true,
    description: "moltbook-like with knobs.authorAppeal 1: stable per-author engagement, no social learning",
    mustNotEmerge: socialDiagnostics,
  },
  {
    name: "position-bias",
    preset: "moltbook-like",
    knobs: { positionBias: 1 },
    memoryEnabled: true,
    description: "moltbook-like with knobs.positionBias 1: engagement falls with feed rank",
    mustNotEmerge: socialDiagnostics,
  },
  {
    name: "appeal-and-position",
    preset: "moltbook-like",
    knobs: { authorAppeal: 1, positionBias: 1 },
    memoryEnabled: true,
    description: "both, every social knob off",
    mustNotEmerge: socialDiagnostics,
  },
  {
    name: "memory-off",
    preset: "socialized",
    knobs: {},
    memoryEnabled: false,
    description: "socialized knobs with memory.enabled false: nothing to share or recall",
    mustNotEmerge: ["sharedReferences", "memoryProbes"],
  },
  {
    name: "private-recall",
    preset: "moltbook-like",
    knobs: { memoryReferences: 1 },
    memoryEnabled: true,
    rememberCitations: false,
    description:
      "moltbook-like with knobs.memoryReferences 1 and memory.rememberCitations false: agents cite their own memories, " +
      "none passes from one agent to another. The shared-memory diagnostics are reported, not checked: they read " +
      "convergence beyond each agent's exposure, which one recall rule over a common past produces too (docs/metrics.md section 11)",
    mustNotEmerge: ["influence", "interactionInfluence", "feedbackAdaptation"],
  },
];

export const positiveControl: FamilySpec = {
  name: "socialized",
  preset: "socialized",
  knobs: {},
  memoryEnabled: true,
  description: "socialized preset: the positive control of every diagnostic",
  mustNotEmerge: [],
};

export interface CalibrationPlanOptions {
  /** Population sizes of the knobs-off runs and the controls. */
  readonly sizes: readonly number[];
  readonly rounds: number;
  /** Knobs-off seeds per size. */
  readonly nullSeeds: number;
  /** Seeds per size of each negative control and of the positive control. */
  readonly controlSeeds: number;
  /** Population size of the dose-response runs. */
  readonly doseAgents: number;
  /** Knob strengths of the dose-response (0 reads the knobs-off runs of the same seeds). */
  readonly strengths: readonly number[];
  /** Seeds (replicates) per knob and strength. */
  readonly doseReplicates: number;
}

export interface CalibrationRun {
  /** Unique, and the run's directory name under --work: resuming finds a run by it. */
  readonly label: string;
  readonly family: FamilySpec;
  readonly agents: number;
  readonly rounds: number;
  readonly seed: number;
  /** Dose-response runs: the knob turned and its strength. */
  readonly dose: { readonly knob: SocialKnob; readonly strength: number } | null;
}

function familyRuns(family: FamilySpec, sizes: readonly number[], seeds: readonly number[], rounds: number): CalibrationRun[] {
  return sizes.flatMap((agents) =>
    seeds.map((seed) => ({ label: `${family.name}-${agents}-s${seed}`, family, agents, rounds, seed, dose: null })),
  );
}

/** A dose family: moltbook-like with one social knob at one strength. */
export function doseFamily(knob: SocialKnob, strength: number): FamilySpec {
  return {
    name: "dose",
    preset: "moltbook-like",
    knobs: { [knob]: strength },
    memoryEnabled: true,
    description: `moltbook-like with ${knob} ${strength}`,
    mustNotEmerge: [],
  };
}

/**
 * Every run of a calibration, smallest populations first (their results come in early). Seeds are
 * evaluation seeds only; families share them, so a control and knobs-off at the same seed differ
 * in the knob alone. Dose strength 0 is no run of its own: it is the knobs-off runs at those seeds.
 */
export function planCalibration(options: CalibrationPlanOptions): CalibrationRun[] {
  const sizes = [...new Set(options.sizes)].sort((a, b) => a - b);
  const controlSeeds = evaluationSeeds(options.controlSeeds);
  const runs: CalibrationRun[] = [
    ...familyRuns(nullFamily, sizes, evaluationSeeds(options.nullSeeds), options.rounds),
    ...negativeControls.flatMap((family) => familyRuns(family, sizes, controlSeeds, options.rounds)),
    ...familyRuns(positiveControl, sizes, controlSeeds, options.rounds),
  ];
  const doseSeeds = evaluationSeeds(options.doseReplicates);
  for (const knob of socialKnobs) {
    for (const strength of options.strengths.filter((s) => s > 0)) {
      const family = doseFamily(knob, strength);
      for (const seed of doseSeeds) {
        const label = `dose-${knob}-${strength}-${options.doseAgents}-s${seed}`;
        runs.push({ label, family, agents: options.doseAgents, rounds: options.rounds, seed, dose: { knob, strength } });
      }
    }
  }
  // Strength 0 borrows knobs-off runs: make sure they are in the plan at the dose size and seeds.
  if (options.strengths.includes(0)) {
    const have = new Set(runs.map((r) => r.label));
    for (const run of familyRuns(nullFamily, [options.doseAgents], doseSeeds, options.rounds)) if (!have.has(run.label)) runs.push(run);
  }
  return runs.sort((a, b) => a.agents - b.agents);
}

/** Seeds the plan uses, for the markdown. */
export function planSeeds(runs: readonly CalibrationRun[]): number[] {
  return [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
}
