import type { LlmClient, LlmCallRecord } from "./llm-client.js";
import type { LlmErrorClass } from "./llm-errors.js";
import { repairPrompt } from "./prompts/turn-v1.js";
import { checkTurnAnswer, llmTurnJsonSchema, resolveTurnAnswer } from "./turn-output.js";
import type { ResolvedTurn } from "./turn-output.js";
import type { TurnPrompt } from "./turn-prompt.js";

export type LlmTurnDecision =
  | { readonly kind: "decided"; readonly turn: ResolvedTurn; readonly calls: LlmCallRecord[] }
  /** The turn idles; the error is in `calls` and counted. */
  | { readonly kind: "idle"; readonly errorClass: LlmErrorClass; readonly message: string; readonly calls: LlmCallRecord[] };

/**
 * One llm turn: ask, validate, and on an unusable answer ask once more quoting the validation
 * error; a second unusable answer idles the turn with `malformed` recorded on its last call.
 */
export async function decideLlmTurn(
  client: LlmClient,
  prompt: TurnPrompt,
  options: { readonly agent: string; readonly round: number; readonly temperature: number; readonly maxOutputTokens: number },
): Promise<LlmTurnDecision> {
  const calls: LlmCallRecord[] = [];
  let messages = [...prompt.messages];
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await client.chat({
      messages,
      temperature: options.temperature,
      maxOutputTokens: options.maxOutputTokens,
      jsonSchema: llmTurnJsonSchema,
    });
    calls.push(...result.calls);
    if (!result.ok) return { kind: "idle", errorClass: result.errorClass, message: result.message, calls };
    const checked = checkTurnAnswer(result.text, prompt);
    if (checked.ok) return { kind: "decided", turn: resolveTurnAnswer(checked.answer, prompt, options.agent, options.round), calls };
    const last = calls.pop();
    // The HTTP call succeeded but its answer is unusable: the log counts it as malformed.
    if (last) calls.push({ ...last, ok: false, errorClass: "malformed" });
    if (attempt === 1) return { kind: "idle", errorClass: "malformed", message: checked.error, calls };
    messages = [
      ...prompt.messages,
      { role: "assistant", content: result.text.slice(0, 4_000) },
      { role: "user", content: repairPrompt.replace("{error}", checked.error.slice(0, 1_000)) },
    ];
  }
  return { kind: "idle", errorClass: "malformed", message: "no usable answer", calls };
}
