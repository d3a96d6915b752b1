import { z } from "zod";
import { reflectionImportance } from "../memory/importance.js";
import type { NewMemory } from "../memory/memory-row.js";
import { reflectionSourcesKept } from "../memory/reflection.js";
import type { SimPersona } from "../sim/persona.js";
import { promptItemChars } from "../tunables.js";
import type { LlmClient, LlmCallRecord } from "./llm-client.js";
import { reflectSystemPrompt } from "./prompts/reflect-v1.js";
import { extractJson } from "./turn-output.js";
import { quoteData } from "./turn-prompt.js";
import type { ChatMessage } from "./turn-prompt.js";
import type { ProbeMemory } from "./probe-prompt.js";

export const reflectionAnswerSchema = z.strictObject({
  insights: z
    .array(z.strictObject({ text: z.string().trim().min(1).max(500), memories: z.array(z.string().regex(/^M[1-9][0-9]{0,2}$/)).max(16) }))
    .min(1)
    .max(3),
});

export const reflectionJsonSchema: Record<string, unknown> = z.toJSONSchema(reflectionAnswerSchema, {
  io: "output",
  unrepresentable: "any",
});

export function buildReflectionPrompt(persona: SimPersona, memories: readonly ProbeMemory[]): ChatMessage[] {
  const lines = ["<memories>", ...memories.map((m, i) => `M${i + 1} (round ${m.round}, ${m.kind}): ${quoteData(m.text)}`), "</memories>"];
  return [
    { role: "system", content: reflectSystemPrompt.replace("{name}", persona.name) },
    { role: "user", content: lines.join("\n") },
  ];
}

/**
 * One reflection call. Unlike a turn it is not repaired: a failed reflection is simply tried again
 * at the next turn (its calls are logged either way).
 */
export async function reflectWithModel(
  client: LlmClient,
  persona: SimPersona,
  memories: readonly ProbeMemory[],
  options: { readonly temperature: number; readonly maxOutputTokens: number },
): Promise<{ rows: NewMemory[]; calls: LlmCallRecord[] }> {
  const messages = buildReflectionPrompt(persona, memories);
  const result = await client.chat({
    messages,
    temperature: options.temperature,
    maxOutputTokens: options.maxOutputTokens,
    jsonSchema: reflectionJsonSchema,
  });
  if (!result.ok) return { rows: [], calls: result.calls };
  let parsed: z.output<typeof reflectionAnswerSchema> | null = null;
  try {
    const checked = reflectionAnswerSchema.safeParse(JSON.parse(extractJson(result.text)));
    parsed = checked.success ? checked.data : null;
  } catch {
    parsed = null;
  }
  if (!parsed) {
    const calls = [...result.calls];
    const last = calls.pop();
    if (last) calls.push({ ...last, ok: false, errorClass: "malformed" });
    return { rows: [], calls };
  }
  const rows = parsed.insights.map((insight) => {
    const cited = insight.memories.flatMap((label) => {
      const memory = memories[Number(label.slice(1)) - 1];
      return memory ? [...memory.sources] : [];
    });
    return {
      kind: "reflection" as const,
      importance: reflectionImportance,
      sources: [...new Set(cited)].slice(0, reflectionSourcesKept),
      text: insight.text.slice(0, promptItemChars),
    };
  });
  return { rows, calls: result.calls };
}
