import OpenAI from "openai";
import type { LlmModel, LlmProvider } from "../contracts/llm-config.js";
import type { RandomStream } from "../random/stream.js";
import { llmOverloadBackoffFactor, maxLlmBackoffMs, maxUsageTokensPerCall } from "../tunables.js";
import { classifyError, fatalErrorClasses, retryableErrorClasses } from "./llm-errors.js";
import { responseCacheKey } from "./response-cache.js";
import type { ResponseCache } from "./response-cache.js";
import type { LlmErrorClass } from "./llm-errors.js";
import type { ChatMessage } from "./turn-prompt.js";
import type { CallPacer } from "./provider-budget.js";

/** One HTTP attempt as the log records it (`llmCall`); latency goes to telemetry only. */
export interface LlmCallRecord {
  readonly model: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly ok: boolean;
  readonly errorClass?: LlmErrorClass;
  readonly latencyMs: number;
  /** Replayed from the response cache: logged like the original, not spent again. */
  readonly cached?: boolean;
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly temperature: number;
  readonly maxOutputTokens: number;
  /** JSON Schema of the answer, used when the model's mode is `json_schema`. */
  readonly jsonSchema: Record<string, unknown>;
}

export type ChatResult =
  | { readonly ok: true; readonly text: string; readonly calls: LlmCallRecord[] }
  | { readonly ok: false; readonly errorClass: LlmErrorClass; readonly message: string; readonly calls: LlmCallRecord[] };

export interface LlmClientOptions {
  readonly modelKey: string;
  readonly model: LlmModel;
  readonly provider: LlmProvider;
  readonly apiKey: string | undefined;
  /** Jitter of backoff waits: seeded, so retries never depend on call order. */
  readonly random: RandomStream;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly cache?: ResponseCache | undefined;
  /** Paces each HTTP request under the provider's experiment-wide limits (none: unpaced). */
  readonly pacer?: CallPacer | undefined;
}

/**
 * A usage count as the log records it: a whole number of tokens, from 0 to `maxUsageTokensPerCall`.
 * The endpoint's usage is outside data - a proxy that estimates tokens may send 812.5, -3 or 1e17 -
 * and one such count in a turn failed the round's event schema every time the round ran
 * (test/e2e/llm-one-bad-answer.test.ts).
 */
export function tokenCount(value: unknown): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? Math.min(maxUsageTokensPerCall, Math.max(0, Math.round(n))) : 0;
}

const unpaced: CallPacer = { run: (call) => call() };

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Keywords strict structured outputs refuse; Murmur's own check enforces them after the answer. */
const strictUnsupported = new Set(["$schema", "default", "minLength", "maxLength", "minItems", "maxItems"]);

/**
 * Structured outputs accept `anyOf`, not `oneOf` (the variants are disjoint by `type`); in strict
 * mode the keywords it refuses are left out as well.
 */
function forStructuredOutputs(schema: unknown, strict: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((item) => forStructuredOutputs(item, strict));
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$schema" || (strict && strictUnsupported.has(key))) continue;
    out[key === "oneOf" ? "anyOf" : key] = forStructuredOutputs(value, strict);
  }
  return out;
}

/**
 * Chat completions against any OpenAI-compatible endpoint through the `openai` package, with our
 * one retry layer (the SDK's own retries are off so waits and counts are ours): 429 waits at least
 * Retry-After plus full jitter; 5xx waits longer; timeouts come from an AbortSignal; quota, auth
 * and bad requests are not retried.
 */
export class LlmClient {
  private readonly client: OpenAI;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: LlmClientOptions) {
    this.client = new OpenAI({
      baseURL: options.provider.baseUrl,
      // Local servers (Ollama, llama.cpp) ignore the key; the SDK insists on a string.
      apiKey: options.apiKey ?? "no-key",
      maxRetries: 0,
      timeout: options.provider.timeoutMs,
    });
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? (() => Date.now());
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const cache = this.options.cache;
    if (!cache) return this.chatOverHttp(request);
    const key = await responseCacheKey(this.options.model, request);
    const hit = await cache.get(key);
    if (hit) {
      const calls = hit.calls.map((c) => ({ ...c, cached: true }));
      return hit.outcome.ok
        ? { ok: true, text: hit.outcome.text, calls }
        : { ok: false, errorClass: hit.outcome.errorClass, message: hit.outcome.message, calls };
    }
    const result = await this.chatOverHttp(request);
    // Quota and auth failures halt the round, which runs again later: they are not answers to keep.
    if (result.ok || !fatalErrorClasses.has(result.errorClass)) {
      await cache.put(key, {
        calls: result.calls.map(({ cached: _cached, ...c }) => c),
        outcome: result.ok ? { ok: true, text: result.text } : { ok: false, errorClass: result.errorClass, message: result.message },
      });
    }
    return result;
  }

  private async chatOverHttp(request: ChatRequest): Promise<ChatResult> {
    const { provider, model, modelKey, random } = this.options;
    const calls: LlmCallRecord[] = [];
    const pace = this.options.pacer ?? unpaced;
    for (let attempt = 0; ; attempt++) {
      let started = this.now();
      try {
        // Each request under its own lease: a retry's backoff wait holds no slot of the provider.
        const completion = await pace.run(
          () => {
            started = this.now();
            return this.client.chat.completions.create(
              {
                model: model.model,
                messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
                temperature: request.temperature,
                max_tokens: request.maxOutputTokens,
                response_format:
                  model.responseFormat === "json_object"
                    ? { type: "json_object" }
                    : {
                        type: "json_schema",
                        json_schema: {
                          name: "murmur_turn",
                          strict: model.responseFormat === "json_schema_strict",
                          schema: forStructuredOutputs(request.jsonSchema, model.responseFormat === "json_schema_strict") as Record<
                            string,
                            unknown
                          >,
                        },
                      },
              },
              { signal: AbortSignal.timeout(provider.timeoutMs) },
            );
          },
          (answer) => ({ requests: 1, tokens: tokenCount(answer.usage?.prompt_tokens) + tokenCount(answer.usage?.completion_tokens) }),
        );
        const content: unknown = completion.choices[0]?.message.content;
        // Anything but a string (null for a refusal, a list of content parts) is no answer text.
        const text = typeof content === "string" ? content : "";
        calls.push({
          model: modelKey,
          promptTokens: tokenCount(completion.usage?.prompt_tokens),
          completionTokens: tokenCount(completion.usage?.completion_tokens),
          ok: true,
          latencyMs: this.now() - started,
        });
        return { ok: true, text, calls };
      } catch (error) {
        const classified = classifyError(error, this.now());
        calls.push({
          model: modelKey,
          promptTokens: 0,
          completionTokens: 0,
          ok: false,
          errorClass: classified.errorClass,
          latencyMs: this.now() - started,
        });
        if (!retryableErrorClasses.has(classified.errorClass) || attempt >= provider.maxRetries) {
          return { ok: false, errorClass: classified.errorClass, message: classified.message, calls };
        }
        const step = provider.retryBaseMs * 2 ** attempt * (classified.errorClass === "overloaded" ? llmOverloadBackoffFactor : 1);
        const jitter = random.next() * Math.min(maxLlmBackoffMs, step);
        await this.sleep(Math.min(maxLlmBackoffMs, (classified.retryAfterMs ?? 0) + jitter));
      }
    }
  }
}
