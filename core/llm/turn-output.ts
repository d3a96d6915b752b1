import { z } from "zod";
import { commentId, postId } from "../ids.js";
import type { Action } from "../round/round-types.js";
import { maxCommentDepth, maxLlmActionsPerTurn } from "../tunables.js";
import type { TurnPrompt } from "./turn-prompt.js";

const label = z.string().regex(/^[PCM][1-9][0-9]{0,3}$/, "a label shown in the prompt, such as P1, C2 or M3");
const memoryLabels = z.array(label).max(16).default([]);

/** The closed action schema an llm agent answers with (prompt version turn-v1). */
export const llmTurnAnswerSchema = z.strictObject({
  actions: z
    .array(
      z.discriminatedUnion("type", [
        z.strictObject({
          type: z.literal("post"),
          submolt: z.string().min(1).max(24),
          title: z.string().trim().min(1).max(300),
          content: z.string().trim().min(1).max(4_000),
          memories: memoryLabels,
        }),
        z.strictObject({ type: z.literal("comment"), on: label, content: z.string().trim().min(1).max(2_000), memories: memoryLabels }),
        z.strictObject({ type: z.literal("vote"), on: label, direction: z.enum(["up", "down"]) }),
        z.strictObject({ type: z.literal("follow"), agent: z.string().min(1).max(200) }),
        z.strictObject({ type: z.literal("subscribe"), submolt: z.string().min(1).max(24) }),
      ]),
    )
    .max(maxLlmActionsPerTurn),
  note: z.string().max(500).default(""),
});
export type LlmTurnAnswer = z.output<typeof llmTurnAnswerSchema>;

/**
 * The same schema as JSON Schema for `response_format: json_schema`. Strict structured outputs
 * want every property required, so optional fields (`memories`, `note`) are required there and
 * may be empty.
 */
export const llmTurnJsonSchema: Record<string, unknown> = z.toJSONSchema(llmTurnAnswerSchema, { io: "output", unrepresentable: "any" });

/** Models often wrap JSON in a Markdown fence or add a sentence around it; take the object. */
export function extractJson(text: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  return start >= 0 && end > start ? body.slice(start, end + 1) : body;
}

export type AnswerCheck = { ok: true; answer: LlmTurnAnswer } | { ok: false; error: string };

/** Parses and validates an answer against the schema and against what the prompt showed. */
export function checkTurnAnswer(text: string, prompt: TurnPrompt): AnswerCheck {
  let json: unknown;
  try {
    json = JSON.parse(extractJson(text));
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = llmTurnAnswerSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".") || "answer"}: ${i.message}`).join("; ") };
  }
  const problems: string[] = [];
  parsed.data.actions.forEach((action, i) => {
    if (action.type === "comment" || action.type === "vote") {
      if (!prompt.items.has(action.on)) problems.push(`actions.${i}.on: ${action.on} is not a post or comment label shown`);
    }
    if ((action.type === "post" || action.type === "comment") && action.memories.some((m) => !prompt.memories.has(m))) {
      problems.push(`actions.${i}.memories: only the M labels shown`);
    }
    if (action.type === "post" || action.type === "subscribe") {
      if (!prompt.submolts.includes(action.submolt)) problems.push(`actions.${i}.submolt: ${action.submolt} is not a community`);
    }
    if (action.type === "follow" && !prompt.agents.has(action.agent))
      problems.push(`actions.${i}.agent: ${action.agent} is not an agent shown`);
  });
  return problems.length > 0 ? { ok: false, error: problems.join("; ") } : { ok: true, answer: parsed.data };
}

export interface ResolvedTurn {
  readonly actions: Action[];
  /**
   * Per post or comment that cites memory: the rows the model cited. A post citing nothing has no
   * entry - treating every row shown as used made a model that never uses memory read as shared
   * memory (issue 13). What the prompt showed is logged apart, as `memoryShown`.
   */
  readonly references: { readonly action: string; readonly memoryIds: string[] }[];
  readonly note: string;
}

/** Turns a checked answer into engine actions with deterministic ids. */
export function resolveTurnAnswer(answer: LlmTurnAnswer, prompt: TurnPrompt, agent: string, round: number): ResolvedTurn {
  const actions: Action[] = [];
  const references: { action: string; memoryIds: string[] }[] = [];
  const rowsOf = (labels: readonly string[]): string[] => [
    ...new Set(
      labels.flatMap((l) => {
        const id = prompt.memories.get(l);
        return id === undefined ? [] : [id];
      }),
    ),
  ];
  let posts = 0;
  let comments = 0;
  for (const action of answer.actions) {
    switch (action.type) {
      case "post": {
        const id = postId(round, agent, posts++);
        actions.push({ type: "post", id, submolt: action.submolt, title: action.title, content: action.content });
        const rows = rowsOf(action.memories);
        if (rows.length > 0) references.push({ action: id, memoryIds: rows });
        break;
      }
      case "comment": {
        const target = prompt.items.get(action.on);
        if (!target) break;
        if (target.kind === "comment" && target.depth + 1 >= maxCommentDepth) break;
        const id = commentId(round, agent, comments++);
        actions.push(
          target.kind === "post"
            ? { type: "comment", id, post: target.id, parent: null, content: action.content }
            : { type: "comment", id, post: target.post, parent: target.id, content: action.content },
        );
        const rows = rowsOf(action.memories);
        if (rows.length > 0) references.push({ action: id, memoryIds: rows });
        break;
      }
      case "vote": {
        const target = prompt.items.get(action.on);
        if (!target) break;
        actions.push({
          type: "vote",
          target: target.id,
          targetType: target.kind,
          post: target.kind === "post" ? target.id : target.post,
          direction: action.direction === "up" ? 1 : -1,
        });
        break;
      }
      case "follow":
        actions.push({ type: "follow", target: action.agent, follow: true });
        break;
      case "subscribe":
        actions.push({ type: "subscribe", submolt: action.submolt, subscribe: true });
        break;
    }
  }
  return { actions, references, note: answer.note };
}
