import { z } from "zod";
import { sha256Hex } from "../events/part.js";
import type { LlmModel } from "../contracts/llm-config.js";
import { llmErrorClasses } from "./llm-errors.js";

/** One chat exchange as cached: every attempt's record and the final outcome. */
export const cachedChatSchema = z.strictObject({
  calls: z.array(
    z.strictObject({
      model: z.string(),
      promptTokens: z.number().int().min(0),
      completionTokens: z.number().int().min(0),
      ok: z.boolean(),
      errorClass: z.enum(llmErrorClasses).optional(),
      latencyMs: z.number().min(0),
    }),
  ),
  outcome: z.discriminatedUnion("ok", [
    z.strictObject({ ok: z.literal(true), text: z.string() }),
    z.strictObject({ ok: z.literal(false), errorClass: z.enum(llmErrorClasses), message: z.string() }),
  ]),
});
export type CachedChat = z.infer<typeof cachedChatSchema>;

/**
 * Exact replay: answers kept by a hash of the model, the parameters and the messages,
 * so the same config and seed replay the same log without new calls - retries and failures
 * included, because the whole exchange is kept, not only its last answer.
 */
export interface ResponseCache {
  get(key: string): Promise<CachedChat | null>;
  put(key: string, value: CachedChat): Promise<void>;
}

export function responseCacheKey(
  model: LlmModel,
  request: {
    readonly temperature: number;
    readonly maxOutputTokens: number;
    readonly messages: readonly { role: string; content: string }[];
  },
): Promise<string> {
  return sha256Hex(
    JSON.stringify({
      model: model.model,
      responseFormat: model.responseFormat,
      temperature: request.temperature,
      maxOutputTokens: request.maxOutputTokens,
      messages: request.messages.map((m) => [m.role, m.content]),
    }),
  );
}
