import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { localCoordinatorsPerStep } from "../tunables.js";
import { usesLlm } from "../llm/agent-policy.js";

/** How one alarm step fans out: coordinators driven, turns in flight per coordinator, eviction. */
export interface StepFanOut {
  readonly coordinatorsPerStep: number;
  readonly turnsInFlight: number;
  readonly evictAfterTurn: boolean;
}

/**
 * `liveObjectBudget` is the Worker's LIVE_OBJECT_BUDGET. Local runs bound live Durable Objects: one
 * workerd process holds ~3,300 SQLite objects (core/tunables.ts, defaultLocalLiveObjectBudget). With LIVE_OBJECT_BUDGET set (the CLI sets it; deployed Workers leave it empty),
 * agents are evicted after their turn and the turns in flight across the coordinators of one
 * alarm step stay within the budget. One process also runs every object on one thread, so the
 * coordinators of a step interleave rather than run in parallel as they do on Cloudflare: a local
 * step drives at most `localCoordinatorsPerStep` of them. None of this changes the log. On
 * Cloudflare there is no such limit, nothing is evicted and the config's fan-out applies.
 */
export function stepFanOut(liveObjectBudget: string | undefined, config: ExperimentConfig): StepFanOut {
  const budget = Number.parseInt(liveObjectBudget ?? "", 10);
  const configured = config.scale.turnsInFlightPerCoordinator;
  const coordinatorsInRun = Math.ceil(config.agents / config.scale.agentsPerCoordinator);
  if (!Number.isFinite(budget) || budget <= 0) {
    return { coordinatorsPerStep: config.scale.coordinatorsPerAlarm, turnsInFlight: configured, evictAfterTurn: false };
  }
  // Sim turns are CPU: on one thread, two coordinators at a time cost least. Llm turns wait on the
  // model: every coordinator runs at once, so the provider's ledger always has turns queued and a
  // step's tail (its slowest coordinator) never leaves the provider idle between steps.
  const perStep = usesLlm(config) ? coordinatorsInRun : localCoordinatorsPerStep;
  const coordinators = Math.min(config.scale.coordinatorsPerAlarm, perStep, coordinatorsInRun);
  const objectsBesideAgents = config.scale.shards + coordinators + 1;
  const perCoordinator = Math.floor((budget - objectsBesideAgents) / coordinators);
  return { coordinatorsPerStep: coordinators, turnsInFlight: Math.max(1, Math.min(configured, perCoordinator)), evictAfterTurn: true };
}
