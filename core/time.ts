import type { ExperimentConfig } from "./contracts/experiment-config.js";

/** Simulated time of a round: config.startTime + round x round length (docs/events.md). */
export function simulatedTime(config: Pick<ExperimentConfig, "startTime" | "roundMinutes">, round: number): string {
  return new Date(Date.parse(config.startTime) + round * config.roundMinutes * 60_000).toISOString();
}
