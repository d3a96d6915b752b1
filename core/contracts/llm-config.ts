import { z } from "zod";
import {
  defaultLlmCircuitBreakerCooldownMs,
  defaultLlmCircuitBreakerFailures,
  defaultLlmMaxConcurrency,
  defaultLlmMaxOutputTokens,
  defaultLlmMaxRetries,
  defaultLlmRetryBaseMs,
  defaultLlmTimeoutMs,
  defaultMemoriesPerPrompt,
} from "../tunables.js";

const key = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, "names are 1-64 letters, digits, '.', '_', ':' or '-'");

/** The secrets a config may name: API keys (`*_API_KEY`), and nothing else the Worker holds. */
export const apiKeySecretName = /^[A-Z][A-Z0-9_]{0,55}_API_KEY$/;

/** One OpenAI-compatible endpoint. The key never appears in a config: only the secret's name. */
export const llmProviderSchema = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/ }),
  /**
   * Name of the Worker secret (or, locally, the environment variable) that holds the API key. Only
   * names ending in `_API_KEY` may be named: a shared config must not be able to send the
   * operator's other secrets (ADMIN_TOKEN) to a URL of its choosing.
   */
  apiKeySecret: z
    .string()
    .regex(apiKeySecretName, "an API key's secret name ending in _API_KEY, such as OPENAI_API_KEY (no other secret may be named)")
    .default("OPENAI_API_KEY"),
  /**
   * Calls in flight at once across the whole experiment (every coordinator asks one ledger per
   * provider, durable-objects/provider/), turns and probes together.
   */
  maxConcurrency: z.number().int().min(1).max(1024).default(defaultLlmMaxConcurrency),
  /** Calls started per rolling minute across the experiment (the provider's RPM); null: none. */
  requestsPerMinute: z.number().int().min(1).max(10_000_000).nullable().default(null),
  /** Prompt plus completion tokens per rolling minute (the provider's TPM); null: none. */
  tokensPerMinute: z.number().int().min(1).max(10_000_000_000).nullable().default(null),
  timeoutMs: z.number().int().min(1).max(600_000).default(defaultLlmTimeoutMs),
  /** Retries of one call on 429, 5xx and timeouts; quota and auth failures are never retried. */
  maxRetries: z.number().int().min(0).max(10).default(defaultLlmMaxRetries),
  /** First backoff step; later steps double it (full jitter). */
  retryBaseMs: z.number().int().min(1).max(60_000).default(defaultLlmRetryBaseMs),
  /** Consecutive failed turns that open the circuit for the rest of the cool-down. */
  circuitBreakerFailures: z.number().int().min(1).max(1000).default(defaultLlmCircuitBreakerFailures),
  circuitBreakerCooldownMs: z.number().int().min(0).max(3_600_000).default(defaultLlmCircuitBreakerCooldownMs),
});

/** A model as the experiment names it, with its endpoint, price and output mode. */
export const llmModelSchema = z.strictObject({
  provider: key,
  /** The endpoint's own model name, e.g. "gpt-4o-mini" or "llama3.2:3b". */
  model: z.string().min(1).max(200),
  /** USD per million prompt (input) tokens. */
  inputUsdPerMTok: z.number().min(0).max(10_000).default(0),
  /** USD per million completion (output) tokens. */
  outputUsdPerMTok: z.number().min(0).max(10_000).default(0),
  /**
   * How the answer's schema (the prompt's own labels, communities and agents enumerated) is sent:
   * `json_schema` as structured output that servers decoding under a schema follow (vLLM, Ollama,
   * llama.cpp) with `strict: false`; `json_schema_strict` with `strict: true` (OpenAI-style strict
   * structured outputs; length and count limits are left to Murmur's own check, since strict
   * mode refuses those keywords); `json_object` for endpoints with JSON mode only.
   */
  responseFormat: z.enum(["json_schema", "json_schema_strict", "json_object"]).default("json_schema"),
});

/** A persona group: a share of the population with its policy and, for llm, its model. */
export const personaGroupSchema = z.strictObject({
  name: key,
  /** Relative weight; agents are assigned by a seeded hash, so shares hold in expectation. */
  share: z.number().positive().max(1_000_000),
  policy: z.enum(["sim", "llm"]),
  model: key.optional(),
  temperature: z.number().min(0).max(2).default(0.7),
  maxOutputTokens: z.number().int().min(16).max(16_384).default(defaultLlmMaxOutputTokens),
});

export const llmSettingsSchema = z.strictObject({
  providers: z.record(key, llmProviderSchema),
  models: z.record(key, llmModelSchema),
  /** Memory rows retrieved into each prompt (recency + importance + relevance). */
  memoriesPerPrompt: z.number().int().min(0).max(64).default(defaultMemoriesPerPrompt),
  /** Hard cap: the experiment pauses before a round whose expected cost would cross it. */
  budgetUsd: z.number().positive().max(1_000_000).optional(),
  /** Keep every answer in R2 keyed by a hash of model, parameters and messages, for exact replay. */
  responseCache: z.boolean().default(false),
});

export type LlmProvider = z.output<typeof llmProviderSchema>;
export type LlmModel = z.output<typeof llmModelSchema>;
export type PersonaGroup = z.output<typeof personaGroupSchema>;
export type LlmSettings = z.output<typeof llmSettingsSchema>;
