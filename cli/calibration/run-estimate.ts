import type { CalibrationRun } from "./run-plan.js";

/**
 * Wall seconds of one calibration run (sim + writing the log + its analysis), as a fixed cost plus
 * a cost per agent-round. Measured on the development machine (2 cores, shared; bench notes in
 * the issue 13 calibration report): 300 x 168 and 1,000 x 168 moltbook-like runs, one at a time.
 * Only for `--plan`'s estimate and the first ETA; the progress lines re-estimate from real runs.
 */
export const runStartupSeconds = 8;
export const secondsPerAgentRound = 0.0011;

export function estimatedRunSeconds(run: Pick<CalibrationRun, "agents" | "rounds">): number {
  return runStartupSeconds + secondsPerAgentRound * run.agents * run.rounds;
}

/**
 * The calibration's wall time at `parallel` workers: the runs' seconds spread over the workers
 * (largest first, each to the least loaded worker). Assumes a free core per worker; on a shared
 * machine, more workers than free cores only slows each run down.
 */
export function estimatedSeconds(runs: readonly Pick<CalibrationRun, "agents" | "rounds">[], parallel: number): number {
  const loads = new Array<number>(Math.max(1, parallel)).fill(0);
  for (const seconds of runs.map(estimatedRunSeconds).sort((a, b) => b - a)) {
    const i = loads.indexOf(Math.min(...loads));
    loads[i] = (loads[i] ?? 0) + seconds;
  }
  return Math.max(...loads);
}

/** "45 s", "12 min", "3 h 05 min": a wall time for progress lines and the plan. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
