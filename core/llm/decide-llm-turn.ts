import type { LlmClient, LlmCallRecord } from "./llm-client.js";
import type { LlmErrorClass } from "./llm-errors.js";
import { askWithRepair } from "./ask-with-repair.js";
import { checkTurnAnswer, resolveTurnAnswer, turnJsonSchemaFor } from "./turn-output.js";
import type { DroppedAction, ResolvedTurn } from "./turn-output.js";
import type { TurnPrompt } from "./turn-prompt.js";

export type LlmTurnDecision =
  /** `dropped`: the answer's actions left out, each with why (the rest of the turn stands). */
  | { readonly kind: "decided"; readonly turn: ResolvedTurn; readonly dropped: DroppedAction[]; readonly calls: LlmCallRecord[] }
  /** The turn idles; the error is in `calls` and counted. */
  | { readonly kind: "idle"; readonly errorClass: LlmErrorClass; readonly message: string; readonly calls: LlmCallRecord[] };

/**
 * One llm turn: ask under the prompt's own answer schema (its labels, communities and agents
 * enumerated), keep every action that names what the prompt showed and drop the others with
 * their reasons; an answer that is not JSON or has no actions is asked once more quoting the
 * error, and a second such answer idles the turn with `malformed` recorded on its last call.
 */
export async function decideLlmTurn(
  client: LlmClient,
  prompt: TurnPrompt,
  options: { readonly agent: string; readonly round: number; readonly temperature: number; readonly maxOutputTokens: number },
): Promise<LlmTurnDecision> {
  const asked = await askWithRepair(
    client,
    prompt.messages,
    { temperature: options.temperature, maxOutputTokens: options.maxOutputTokens, jsonSchema: turnJsonSchemaFor(prompt) },
    (text) => {
      const checked = checkTurnAnswer(text, prompt);
      return checked.ok ? { ok: true, value: checked } : checked;
    },
  );
  return asked.kind === "ok"
    ? {
        kind: "decided",
        turn: resolveTurnAnswer(asked.value.answer, prompt, options.agent, options.round),
        dropped: asked.value.dropped,
        calls: asked.calls,
      }
    : { kind: "idle", errorClass: asked.errorClass, message: asked.message, calls: asked.calls };
}
