import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, relative, resolve } from "node:path";
import { HashingEmbedder } from "../../analysis/text/embedder.js";
import { repoRoot } from "../../node/repo-paths.js";
import { collectResults } from "../calibration/calibration-results.js";
import { renderCalibration } from "../calibration/render-calibration.js";
import { calibrationConfig } from "../calibration/run-config.js";
import { calibrationAnalysisSeed, executeRuns } from "../calibration/run-executor.js";
import { estimatedSeconds, formatDuration } from "../calibration/run-estimate.js";
import { planCalibration, planSeeds } from "../calibration/run-plan.js";
import type { CalibrationPlanOptions, CalibrationRun } from "../calibration/run-plan.js";
import { formatSeeds, tuningSeedRanges } from "../calibration/seed-sets.js";
import { ConfigFileError } from "../presets.js";

export interface CalibrationOptions extends CalibrationPlanOptions {
  /** The markdown to write. */
  readonly out: string;
  /** Where the run directories go; a run already there is read, not redone. */
  readonly work: string;
  readonly parallel: number;
  readonly embedderUrl?: string | undefined;
  readonly embedderModel?: string | undefined;
  /** Print the runs and the estimate, run nothing. */
  readonly plan: boolean;
  /** The command line, for the markdown. */
  readonly command: string;
}

/** The one tracked file the calibration may write, and only when --out names it. */
const trackedOutput = "bench/calibration.md";

function isTracked(path: string): boolean {
  const inRepo = relative(repoRoot, path);
  if (inRepo.startsWith("..")) return false;
  try {
    execFileSync("git", ["ls-files", "--error-unmatch", inRepo], { cwd: repoRoot, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** `--plan`: every configuration with its seeds, the count and the estimated wall time. */
export function describePlan(runs: readonly CalibrationRun[], options: CalibrationPlanOptions): string {
  const groups = new Map<string, CalibrationRun[]>();
  for (const run of runs) {
    const key = `${run.dose ? `dose ${run.dose.knob} ${run.dose.strength}` : run.family.name} at ${run.agents} agents`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const lines = [...groups].map(([key, group]) => `  ${key}: ${group.length} runs, seeds ${formatSeeds(group.map((r) => r.seed))}`);
  const cores = cpus().length;
  const tuning = tuningSeedRanges.map((r) => `${r.from}-${r.to}`).join(", ");
  return [
    `murmur calibrate: ${runs.length} runs of ${options.rounds} rounds (sizes ${options.sizes.join(", ")}; dose-response at ${options.doseAgents})`,
    ...lines,
    `  evaluation seeds ${formatSeeds(planSeeds(runs))}; tuning seeds ${tuning} (never used here)`,
    `  estimated wall time on ${cores} idle cores: ${formatDuration(estimatedSeconds(runs, 1, cores))} at --parallel 1, ${formatDuration(estimatedSeconds(runs, 2, cores))} at --parallel 2 (longer on a busy machine: the progress lines re-estimate)`,
  ].join("\n");
}

/**
 * `murmur calibrate`: knobs-off runs over many evaluation seeds at several sizes (false positives),
 * every negative control, the socialized positive control and a dose-response per social knob,
 * with replicates; the tables per diagnostic per N go to --out (docs/metrics.md "Controls").
 */
export async function calibrate(options: CalibrationOptions): Promise<void> {
  const runs = planCalibration(options);
  if (options.plan) {
    console.log(describePlan(runs, options));
    return;
  }
  const out = resolve(options.out);
  if (isTracked(out) && relative(repoRoot, out) !== trackedOutput)
    throw new ConfigFileError(
      `--out ${options.out} is a tracked file; the calibration writes a tracked file only as --out ${trackedOutput}`,
    );
  if ((options.embedderUrl === undefined) !== (options.embedderModel === undefined))
    throw new ConfigFileError("--embedder-url and --embedder-model go together");
  // Every config is checked before the first run: a knob the schema lacks fails now, not in hour 3.
  for (const run of runs) calibrationConfig(run);
  console.log(describePlan(runs, options));
  const started = Date.now();
  const results = await executeRuns(runs, {
    work: resolve(options.work),
    parallel: options.parallel,
    embedderUrl: options.embedderUrl,
    embedderModel: options.embedderModel,
    log: (line) => console.log(line),
  });
  // `-dirty` when tracked files differ from the commit: the tables then belong to no commit exactly.
  const commit = execFileSync("git", ["describe", "--always", "--dirty", "--abbrev=7"], { cwd: repoRoot, encoding: "utf8" }).trim();
  const markdown = renderCalibration(collectResults(results, options), options, {
    commit,
    machine: `${cpus()[0]?.model ?? "cpu"} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    command: options.command,
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    seconds: (Date.now() - started) / 1000,
    runSeconds: results.reduce((sum, r) => sum + (r.runSeconds ?? 0), 0),
    parallel: options.parallel,
    evaluationSeeds: planSeeds(runs),
    analysisSeed: calibrationAnalysisSeed,
    embedderRequested: options.embedderModel
      ? `openai-compatible:${options.embedderModel} at ${options.embedderUrl ?? ""}`
      : new HashingEmbedder().name,
    deltasEmbedderFallback: new HashingEmbedder().name,
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, markdown);
  console.log(`murmur calibrate: ${runs.length} runs -> ${out}`);
}
