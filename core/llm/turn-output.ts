import { z } from "zod";
import { commentId, postId } from "../ids.js";
import type { Action } from "../round/round-types.js";
import { maxCommentDepth, maxLlmActionsChecked, maxLlmActionsPerTurn } from "../tunables.js";
import type { TurnPrompt } from "./turn-prompt.js";

const label = z.string().regex(/^[PCM][1-9][0-9]{0,3}$/, "a label shown in the prompt, such as P1, C2 or M3");
const maxMemoryLabels = 16;
const memoryLabels = z.array(label).max(maxMemoryLabels).default([]);
const submolt = z.string().min(1).max(24);
const agentName = z.string().min(1).max(200);
const postText = { title: z.string().trim().min(1).max(300), content: z.string().trim().min(1).max(4_000) };
const commentText = z.string().trim().min(1).max(2_000);

/** One action of an answer (prompt version turn-v1), its names still to be checked against the prompt. */
export const llmActionSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("post"), submolt, ...postText, memories: memoryLabels }),
  z.strictObject({ type: z.literal("comment"), on: label, content: commentText, memories: memoryLabels }),
  z.strictObject({ type: z.literal("vote"), on: label, direction: z.enum(["up", "down"]) }),
  z.strictObject({ type: z.literal("follow"), agent: agentName }),
  z.strictObject({ type: z.literal("subscribe"), submolt }),
]);
export type LlmAction = z.output<typeof llmActionSchema>;

/** The closed action schema an llm agent answers with (prompt version turn-v1). */
export const llmTurnAnswerSchema = z.strictObject({
  actions: z.array(llmActionSchema).max(maxLlmActionsPerTurn),
  note: z.string().max(500).default(""),
});
export type LlmTurnAnswer = z.output<typeof llmTurnAnswerSchema>;

/**
 * The schema with every name open (any label, community, agent): the size of what a prompt's own
 * schema adds to (the cost estimate), and the shape checked before the names are.
 */
export const llmTurnJsonSchema: Record<string, unknown> = z.toJSONSchema(llmTurnAnswerSchema, { io: "output", unrepresentable: "any" });

type NonEmpty = [string, ...string[]];
const nonEmpty = (values: Iterable<string>): NonEmpty | null => {
  const list = [...values];
  return list.length > 0 ? (list as NonEmpty) : null;
};

/**
 * The answer schema of one prompt, valid by construction: labels, memory labels, communities and
 * agents are enumerations of what the prompt showed, and an action with nothing to name (a vote
 * with no item shown) is not offered. A server that decodes under the schema (vLLM guided decoding,
 * Ollama and llama.cpp grammars, strict structured outputs) cannot produce an unknown name.
 */
export function turnAnswerSchemaFor(prompt: TurnPrompt): z.ZodType {
  const items = nonEmpty(prompt.items.keys());
  const memories = nonEmpty(prompt.memories.keys());
  const submolts = nonEmpty(prompt.submolts);
  const agents = nonEmpty(prompt.agents);
  const cited = memories ? z.array(z.enum(memories)).max(maxMemoryLabels) : z.array(z.string()).max(0);
  const variants: z.ZodObject[] = [];
  if (submolts) variants.push(z.strictObject({ type: z.literal("post"), submolt: z.enum(submolts), ...postText, memories: cited }));
  if (items) {
    variants.push(z.strictObject({ type: z.literal("comment"), on: z.enum(items), content: commentText, memories: cited }));
    variants.push(z.strictObject({ type: z.literal("vote"), on: z.enum(items), direction: z.enum(["up", "down"]) }));
  }
  if (agents) variants.push(z.strictObject({ type: z.literal("follow"), agent: z.enum(agents) }));
  if (submolts) variants.push(z.strictObject({ type: z.literal("subscribe"), submolt: z.enum(submolts) }));
  const [first, ...rest] = variants;
  const action = first === undefined ? z.never() : rest.length === 0 ? first : z.union([first, ...rest]);
  return z.strictObject({ actions: z.array(action).max(maxLlmActionsPerTurn), note: z.string().max(500) });
}

/** The prompt's answer schema as JSON Schema for `response_format: json_schema`. */
export function turnJsonSchemaFor(prompt: TurnPrompt): Record<string, unknown> {
  return z.toJSONSchema(turnAnswerSchemaFor(prompt), { io: "output", unrepresentable: "any" });
}

/** Models often wrap JSON in a Markdown fence or add a sentence around it; take the object. */
export function extractJson(text: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  return start >= 0 && end > start ? body.slice(start, end + 1) : body;
}

/** An action the answer proposed and the turn left out, with why. */
export interface DroppedAction {
  /** Its position in the answer's `actions`. */
  readonly index: number;
  readonly reason: string;
  /** Actions this entry stands for, when more than one (the unchecked rest of a long list). */
  readonly count?: number;
}

export type AnswerCheck = { ok: true; answer: LlmTurnAnswer; dropped: DroppedAction[] } | { ok: false; error: string };

/** The answer's envelope: a list of actions (each checked on its own) and a note. */
const envelopeSchema = z.object({ actions: z.array(z.unknown()), note: z.string().max(500).default("") });

/** Why one action cannot stand against what the prompt showed, or null when it can. */
function unknownName(action: LlmAction, prompt: TurnPrompt): string | null {
  if (action.type === "comment" || action.type === "vote") {
    const target = prompt.items.get(action.on);
    if (target === undefined) return `on: ${action.on} is not a post or comment label shown`;
    if (action.type === "comment" && target.kind === "comment" && target.depth + 1 >= maxCommentDepth) {
      return `on: ${action.on} is a reply at the deepest level threads allow (${maxCommentDepth})`;
    }
  }
  if ((action.type === "post" || action.type === "comment") && action.memories.some((m) => !prompt.memories.has(m))) {
    return `memories: ${action.memories.filter((m) => !prompt.memories.has(m)).join(", ")} not among the M labels shown`;
  }
  if ((action.type === "post" || action.type === "subscribe") && !prompt.submolts.includes(action.submolt)) {
    return `submolt: ${action.submolt} is not a community`;
  }
  if (action.type === "follow" && !prompt.agents.has(action.agent)) return `agent: ${action.agent} is not an agent shown`;
  return null;
}

/**
 * Parses an answer and checks each action on its own against the schema and what the prompt
 * showed: an action that names something unknown, or is malformed, is dropped with its reason and
 * the rest of the turn stands (one bad reference no longer discards a turn). Only an answer that
 * is not JSON or has no list of actions is unusable (and asked again). Past `maxLlmActionsChecked`
 * actions the rest is one dropped entry, so `dropped` stays small whatever the answer's length.
 */
export function checkTurnAnswer(text: string, prompt: TurnPrompt): AnswerCheck {
  let json: unknown;
  try {
    json = JSON.parse(extractJson(text));
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { ok: false, error: envelope.error.issues.map((i) => `${i.path.join(".") || "answer"}: ${i.message}`).join("; ") };
  }
  const actions: LlmAction[] = [];
  const dropped: DroppedAction[] = [];
  const listed = envelope.data.actions;
  listed.slice(0, maxLlmActionsChecked).forEach((raw, index) => {
    if (actions.length >= maxLlmActionsPerTurn) {
      dropped.push({ index, reason: `beyond the ${maxLlmActionsPerTurn} actions a turn may take` });
      return;
    }
    const parsed = llmActionSchema.safeParse(raw);
    if (!parsed.success) {
      dropped.push({ index, reason: parsed.error.issues.map((i) => `${i.path.join(".") || "action"}: ${i.message}`).join("; ") });
      return;
    }
    const unknown = unknownName(parsed.data, prompt);
    if (unknown === null) actions.push(parsed.data);
    else dropped.push({ index, reason: unknown });
  });
  // What the turn stores stays bounded however long the list: the rest is one dropped entry.
  if (listed.length > maxLlmActionsChecked) {
    dropped.push({
      index: maxLlmActionsChecked,
      reason: `this and the ${listed.length - maxLlmActionsChecked - 1} actions after it: beyond the ${maxLlmActionsChecked} actions an answer may list`,
      count: listed.length - maxLlmActionsChecked,
    });
  }
  return { ok: true, answer: { actions, note: envelope.data.note }, dropped };
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
        // Checked (checkTurnAnswer): the label was shown and the thread has room for a reply.
        const target = prompt.items.get(action.on);
        if (!target) break;
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
