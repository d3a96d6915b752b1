import { z } from "zod";
import type { ProbeAnswer } from "../probes/private-probe.js";
import type { SimPersona } from "../sim/persona.js";
import { probeNamesPerKind } from "../tunables.js";
import type { LlmClient, LlmCallRecord } from "./llm-client.js";
import { probeSystemPrompt } from "./prompts/probe-v1.js";
import { askWithRepair } from "./ask-with-repair.js";
import type { Checked } from "./ask-with-repair.js";
import { extractJson } from "./turn-output.js";
import { quoteData } from "./turn-prompt.js";
import type { ChatMessage, PromptMemory } from "./turn-prompt.js";

export interface ProbeMemory extends PromptMemory {
  readonly sources: readonly string[];
}

export interface ProbePrompt {
  readonly messages: ChatMessage[];
  /** P labels -> post ids the memories mention. */
  readonly posts: ReadonlyMap<string, string>;
}

export const probeAnswerSchema = z.strictObject({
  agents: z.array(z.string().trim().min(1).max(64)).max(probeNamesPerKind),
  posts: z.array(z.string().trim().min(1).max(64)).max(probeNamesPerKind),
  text: z.string().max(1_000).default(""),
});

export const probeJsonSchema: Record<string, unknown> = z.toJSONSchema(probeAnswerSchema, { io: "output", unrepresentable: "any" });

/** The messages of a private probe: persona, memories with their sources as labels, the question. */
export function buildProbePrompt(persona: SimPersona, memories: readonly ProbeMemory[], question: string): ProbePrompt {
  const posts = new Map<string, string>();
  const labelOf = new Map<string, string>();
  const lines = ["<memories>"];
  memories.forEach((memory, i) => {
    const about = memory.sources.flatMap((source) => {
      if (source.startsWith("p.")) {
        let label = labelOf.get(source);
        if (label === undefined) {
          label = `P${posts.size + 1}`;
          labelOf.set(source, label);
          posts.set(label, source);
        }
        return [label];
      }
      return source.startsWith("c.") ? [] : [source];
    });
    lines.push(
      `M${i + 1} (round ${memory.round}, ${memory.kind}${about.length > 0 ? `, about ${about.join(" ")}` : ""}): ${quoteData(memory.text)}`,
    );
  });
  lines.push("</memories>");
  lines.push(`Question: ${question}`);
  return {
    messages: [
      { role: "system", content: probeSystemPrompt.replace("{name}", persona.name) },
      { role: "user", content: lines.join("\n") },
    ],
    posts,
  };
}

/** Agent names that are ids of this population resolve; everything said is kept in `names`. */
function resolve(raw: z.output<typeof probeAnswerSchema>, prompt: ProbePrompt, isAgent: (id: string) => boolean): ProbeAnswer {
  const agents = [...new Set(raw.agents.map((a) => a.replace(/^@/, "")).filter(isAgent))];
  const posts = [
    ...new Set(raw.posts.flatMap((p) => (prompt.posts.has(p) ? [prompt.posts.get(p) ?? ""] : /^p\.\d+\./.test(p) ? [p] : []))),
  ];
  return { agents, posts, names: [...raw.agents, ...raw.posts], text: raw.text };
}

export type ProbeDecision =
  | { readonly kind: "answered"; readonly answer: ProbeAnswer; readonly calls: LlmCallRecord[] }
  | { readonly kind: "failed"; readonly errorClass: string; readonly calls: LlmCallRecord[] };

/** Asks the probe, validates, repairs once; a failure leaves the probe unanswered (counted). */
export async function askProbe(
  client: LlmClient,
  prompt: ProbePrompt,
  options: { readonly temperature: number; readonly maxOutputTokens: number; readonly isAgent: (id: string) => boolean },
): Promise<ProbeDecision> {
  const asked = await askWithRepair(
    client,
    prompt.messages,
    { temperature: options.temperature, maxOutputTokens: options.maxOutputTokens, jsonSchema: probeJsonSchema },
    (text): Checked<z.output<typeof probeAnswerSchema>> => {
      try {
        const parsed = probeAnswerSchema.safeParse(JSON.parse(extractJson(text)));
        if (parsed.success) return { ok: true, value: parsed.data };
        return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".") || "answer"}: ${i.message}`).join("; ") };
      } catch (e) {
        return { ok: false, error: `not valid JSON (${e instanceof Error ? e.message : String(e)})` };
      }
    },
  );
  return asked.kind === "ok"
    ? { kind: "answered", answer: resolve(asked.value, prompt, options.isAgent), calls: asked.calls }
    : { kind: "failed", errorClass: asked.errorClass, calls: asked.calls };
}
