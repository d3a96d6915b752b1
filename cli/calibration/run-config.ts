import { parseExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { ConfigFileError, resolveConfig } from "../presets.js";
import type { CalibrationRun } from "./run-plan.js";

/**
 * The experiment config of one calibration run: its family's preset at the run's size, rounds and
 * seed, with the family's knobs and memory switch on top, validated by the config schema (a knob
 * the schema does not know is an error here, before anything runs).
 */
export function calibrationConfig(run: CalibrationRun): ExperimentConfig {
  const base = resolveConfig({ preset: run.family.preset }, { agents: run.agents, rounds: run.rounds, seed: run.seed });
  const input: Record<string, unknown> = {
    ...base,
    name: `calibration ${run.label}`,
    knobs: { ...base.knobs, ...run.family.knobs },
    memory: {
      ...base.memory,
      enabled: run.family.memoryEnabled,
      ...(run.family.rememberCitations === undefined ? {} : { rememberCitations: run.family.rememberCitations }),
    },
  };
  const parsed = parseExperimentConfig(input);
  if (!parsed.ok) throw new ConfigFileError(`calibration run ${run.label}: invalid config:\n  ${parsed.issues.join("\n  ")}`);
  return parsed.config;
}
