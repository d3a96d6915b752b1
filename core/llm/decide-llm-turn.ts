import type { LlmClient, LlmCallRecord } from "./llm-client.js";
import type { LlmErrorClass } from "./llm-errors.js";
import { askWithRepair } from "./ask-with-repair.js";
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
  const asked = await askWithRepair(
    client,
    prompt.messages,
    { temperature: options.temperature, maxOutputTokens: options.maxOutputTokens, jsonSchema: llmTurnJsonSchema },
    (text) => {
      const checked = checkTurnAnswer(text, prompt);
      return checked.ok ? { ok: true, value: checked.answer } : checked;
    },
  );
  return asked.kind === "ok"
    ? { kind: "decided", turn: resolveTurnAnswer(asked.value, prompt, options.agent, options.round), calls: asked.calls }
    : { kind: "idle", errorClass: asked.errorClass, message: asked.message, calls: asked.calls };
}
