import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { apiKeySecretName } from "../../core/contracts/llm-config.js";
import type { LlmAssignment } from "../../core/llm/agent-policy.js";
import { LlmClient } from "../../core/llm/llm-client.js";
import { r2ResponseCache } from "./r2-response-cache.js";
import { RandomStream } from "../../core/random/stream.js";
import { providerObjectName } from "../common/names.js";
import { ledgerPacer } from "../provider/provider-pacer.js";

/** Who a model call is for: its retries' jitter is seeded by (seed, agent, round, purpose). */
export interface LlmCallFor {
  readonly experimentId: string;
  readonly agent: string;
  readonly round: number;
  readonly purpose: "llm-retry" | "llm-reflect-retry" | "llm-probe-retry";
}

/**
 * The client an llm agent's calls go through: its provider's key from the Worker's secrets, the
 * shared response cache if on, and every HTTP request paced by the provider's ledger - one object
 * per experiment and provider, so its limits hold across every coordinator and isolate.
 */
export function llmClientFor(env: Env, config: ExperimentConfig, llm: LlmAssignment, call: LlmCallFor): LlmClient {
  // The config was validated, but a key name is checked again where it is read: nothing but an
  // API key may leave the Worker with a model call.
  const apiKey = apiKeySecretName.test(llm.provider.apiKeySecret) ? Reflect.get(env, llm.provider.apiKeySecret) : undefined;
  return new LlmClient({
    modelKey: llm.modelKey,
    model: llm.model,
    provider: llm.provider,
    apiKey: typeof apiKey === "string" && apiKey !== "" ? apiKey : undefined,
    random: new RandomStream(config.seed, call.agent, call.round, call.purpose),
    cache: config.llm?.responseCache === true ? r2ResponseCache(env.EVENTS) : undefined,
    pacer: ledgerPacer(
      env.PROVIDER.get(env.PROVIDER.idFromName(providerObjectName(call.experimentId, llm.providerKey))),
      {
        maxConcurrency: llm.provider.maxConcurrency,
        requestsPerMinute: llm.provider.requestsPerMinute,
        tokensPerMinute: llm.provider.tokensPerMinute,
      },
      // A request's lease outlives its own timeout only if the agent died holding it.
      2 * llm.provider.timeoutMs,
    ),
  });
}
