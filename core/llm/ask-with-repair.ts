import type { ChatRequest, LlmClient, LlmCallRecord } from "./llm-client.js";
import type { LlmErrorClass } from "./llm-errors.js";
import { repairPrompt } from "./prompts/turn-v1.js";
import type { ChatMessage } from "./turn-prompt.js";

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export type Asked<T> =
  | { readonly kind: "ok"; readonly value: T; readonly calls: LlmCallRecord[] }
  /** No usable answer: the error class is on the last call, which the log counts. */
  | { readonly kind: "failed"; readonly errorClass: LlmErrorClass; readonly message: string; readonly calls: LlmCallRecord[] };

/**
 * Asks, checks the answer, and on an unusable one asks once more quoting the check's error (the
 * bad answer kept in context); a second unusable answer fails as `malformed`. A call that
 * succeeded over HTTP but whose answer is unusable is logged as `malformed`, not as ok.
 */
export async function askWithRepair<T>(
  client: LlmClient,
  messages: readonly ChatMessage[],
  request: Omit<ChatRequest, "messages">,
  check: (text: string) => Checked<T>,
): Promise<Asked<T>> {
  const calls: LlmCallRecord[] = [];
  let conversation = [...messages];
  let error = "no usable answer";
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await client.chat({ ...request, messages: conversation });
    calls.push(...result.calls);
    if (!result.ok) return { kind: "failed", errorClass: result.errorClass, message: result.message, calls };
    const checked = check(result.text);
    if (checked.ok) return { kind: "ok", value: checked.value, calls };
    error = checked.error;
    const last = calls.pop();
    if (last) calls.push({ ...last, ok: false, errorClass: "malformed" });
    conversation = [
      ...messages,
      { role: "assistant", content: result.text.slice(0, 4_000) },
      { role: "user", content: repairPrompt.replace("{error}", error.slice(0, 1_000)) },
    ];
  }
  return { kind: "failed", errorClass: "malformed", message: error, calls };
}
