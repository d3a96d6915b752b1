import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { CostEstimate } from "../../core/llm/cost.js";
import type { ExternalAgents } from "./external-agents.js";
import type { ExperimentMeta } from "./experiment-meta.js";

/** What the experiment's parts share: its storage, its typed meta, its bindings and its clock. */
export interface ExperimentContext {
  readonly storage: DurableObjectStorage;
  readonly sql: SqlStorage;
  readonly meta: ExperimentMeta;
  readonly env: Env;
  /** External agents of the platform API (external-agents.ts): registrations, keys' hashes, queue. */
  readonly external: ExternalAgents;
  /** The wall clock (telemetry and alarm times only, never simulation logic); tests inject one. */
  readonly now: () => number;
  /** The config's pre-run cost estimate (pure: the object computes it once). */
  readonly estimate: (config: ExperimentConfig) => CostEstimate;
}
