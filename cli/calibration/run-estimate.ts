import type { CalibrationRun } from "./run-plan.js";

/**
 * CPU seconds of one calibration run, every process of it (server start with its bundling, the sim
 * in workerd, the download, the analysis): a fixed cost plus a cost per agent-round. Measured with
 * /usr/bin/time on the development machine (2 cores, Node 20), moltbook-like x 168 rounds on
 * tuning seeds: 300 agents 76.5 s, 1,000 agents 196 s (user + sys), hence 25 s + 0.00102 s per
 * agent-round. CPU time, unlike wall time, hardly depends on what else the machine runs.
 */
export const runCpuFixedSeconds = 25;
export const runCpuSecondsPerAgentRound = 0.00102;
/**
 * Wall over CPU time of a run alone on an idle machine: a run keeps more than one core busy at
 * times (workerd and the CLI; the bundlers' threads). The tuning logs of 300 x 168 took about 51 s
 * of wall each, one after another, for 76.5 s of CPU.
 */
export const wallPerCpuAlone = 0.67;

export function estimatedRunCpuSeconds(run: Pick<CalibrationRun, "agents" | "rounds">): number {
  return runCpuFixedSeconds + runCpuSecondsPerAgentRound * run.agents * run.rounds;
}

/**
 * The calibration's wall time at `parallel` workers on `cores` otherwise idle cores: the longer
 * of the runs' alone-wall times spread over the workers (largest first, each to the least loaded
 * worker) and their CPU time over the cores (no schedule beats every core busy). On a shared
 * machine, multiply by its load. Only for `--plan`; the progress lines re-estimate from real runs.
 */
export function estimatedSeconds(runs: readonly Pick<CalibrationRun, "agents" | "rounds">[], parallel: number, cores: number): number {
  const cpu = runs.map(estimatedRunCpuSeconds);
  const loads = new Array<number>(Math.max(1, parallel)).fill(0);
  for (const seconds of cpu.map((c) => c * wallPerCpuAlone).sort((a, b) => b - a)) {
    const i = loads.indexOf(Math.min(...loads));
    loads[i] = (loads[i] ?? 0) + seconds;
  }
  return Math.max(Math.max(...loads), cpu.reduce((a, b) => a + b, 0) / Math.max(1, cores));
}

/** "45 s", "12 min", "3 h 05 min": a wall time for progress lines and the plan. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
