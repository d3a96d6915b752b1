import type { ExperimentConfig } from "../../core/config/experiment-config.js";

/**
 * Local runs bound live Durable Objects: one workerd process holds ~3,300 SQLite objects
 * (STACK.md). With LIVE_OBJECT_BUDGET set (the CLI sets it; deployed Workers leave it empty),
 * agents are evicted after their turn and the turns in flight across the coordinators of one
 * alarm step stay within the budget. On Cloudflare there is no such limit and nothing is evicted.
 */
export function localTurnsInFlight(env: Env, config: ExperimentConfig): { turnsInFlight: number; evictAfterTurn: boolean } {
  const budget = Number.parseInt(String(env.LIVE_OBJECT_BUDGET), 10);
  const configured = config.scale.turnsInFlightPerCoordinator;
  if (!Number.isFinite(budget) || budget <= 0) return { turnsInFlight: configured, evictAfterTurn: false };
  const coordinators = Math.min(config.scale.coordinatorsPerAlarm, Math.ceil(config.agents / config.scale.agentsPerCoordinator));
  const objectsBesideAgents = config.scale.shards + coordinators + 1;
  const perCoordinator = Math.floor((budget - objectsBesideAgents) / coordinators);
  return { turnsInFlight: Math.max(1, Math.min(configured, perCoordinator)), evictAfterTurn: true };
}
