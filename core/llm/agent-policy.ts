import type { ExperimentConfig } from "../contracts/experiment-config.js";
import type { LlmModel, LlmProvider } from "../contracts/llm-config.js";
import { hash53 } from "../random/hash.js";
import { defaultLlmMaxOutputTokens } from "../tunables.js";

/** Everything an llm agent's turn needs to call its model. */
export interface LlmAssignment {
  /** The model's name in the config (the key of `llm.models`), logged on `llmCall` events. */
  readonly modelKey: string;
  readonly model: LlmModel;
  readonly providerKey: string;
  readonly provider: LlmProvider;
  readonly temperature: number;
  readonly maxOutputTokens: number;
}

export interface AgentPolicy {
  readonly policy: "sim" | "llm";
  readonly group: string | null;
  readonly llm: LlmAssignment | null;
}

function assignment(config: ExperimentConfig, modelKey: string, temperature: number, maxOutputTokens: number): LlmAssignment {
  const model = config.llm?.models[modelKey];
  const provider = model ? config.llm?.providers[model.provider] : undefined;
  // The config schema checks these references; reaching this means an unvalidated config.
  if (!model || !provider) throw new Error(`model ${modelKey} or its provider is missing from llm settings`);
  return { modelKey, model, providerKey: model.provider, provider, temperature, maxOutputTokens };
}

/**
 * The policy of one agent: its persona group, drawn by a seeded hash of (seed, agent) against the
 * groups' shares, so assignment is stable across rounds, shards and restarts.
 */
export function agentPolicy(config: ExperimentConfig, agent: string): AgentPolicy {
  const groups = config.groups;
  if (!groups) {
    if (config.policy === "sim") return { policy: "sim", group: null, llm: null };
    const modelKey = Object.keys(config.llm?.models ?? {}).sort()[0];
    if (modelKey === undefined) throw new Error("llm policy without a model");
    return { policy: "llm", group: null, llm: assignment(config, modelKey, 0.7, defaultLlmMaxOutputTokens) };
  }
  const total = groups.reduce((sum, g) => sum + g.share, 0);
  const u = (hash53(`${config.seed}\u0000${agent}\u0000persona-group`) / 2 ** 53) * total;
  let acc = 0;
  for (const group of groups) {
    acc += group.share;
    if (u < acc || group === groups[groups.length - 1]) {
      if (group.policy === "sim" || group.model === undefined) return { policy: "sim", group: group.name, llm: null };
      return { policy: "llm", group: group.name, llm: assignment(config, group.model, group.temperature, group.maxOutputTokens) };
    }
  }
  return { policy: "sim", group: null, llm: null };
}

/** True when any agent of the experiment may call a model. */
export function usesLlm(config: ExperimentConfig): boolean {
  return config.policy === "llm" || (config.groups ?? []).some((g) => g.policy === "llm");
}
