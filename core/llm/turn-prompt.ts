import type { Notification, PoolPost } from "../round/round-types.js";
import type { SimPersona } from "../sim/persona.js";
import { topics } from "../sim/vocabulary.js";
import { maxLlmActionsPerTurn, promptItemChars } from "../tunables.js";
import { turnSystemPrompt } from "./prompts/turn-v1.js";

/** A chat message as sent to an OpenAI-compatible endpoint. */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

/** A memory row as shown to the model. */
export interface PromptMemory {
  readonly id: string;
  readonly round: number;
  readonly kind: string;
  readonly text: string;
}

/** What a label in the prompt stands for, so answers are resolved to real ids server-side. */
export type PromptRef =
  | { readonly kind: "post"; readonly id: string; readonly author: string }
  | { readonly kind: "comment"; readonly id: string; readonly post: string; readonly author: string; readonly depth: number };

export interface TurnPrompt {
  readonly messages: ChatMessage[];
  /** P/C labels -> items. */
  readonly items: ReadonlyMap<string, PromptRef>;
  /** M labels -> memory row ids. */
  readonly memories: ReadonlyMap<string, string>;
  /** Agent ids the prompt showed (the only ones it may follow). */
  readonly agents: ReadonlySet<string>;
  readonly submolts: readonly string[];
}

export interface TurnPromptInput {
  readonly agent: string;
  readonly persona: SimPersona;
  readonly round: number;
  readonly timeIso: string;
  readonly submolts: readonly string[];
  readonly subscriptions: readonly string[];
  readonly showScores: boolean;
  readonly memories: readonly PromptMemory[];
  readonly notifications: readonly Notification[];
  readonly feed: readonly PoolPost[];
}

/**
 * Agent-written text as data: one line, bounded, and without the characters that could close or
 * open a delimiter block.
 */
export function quoteData(text: string, maxChars = promptItemChars): string {
  const flat = text.replace(/[<>]/g, " ").replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > maxChars ? `${flat.slice(0, maxChars - 1)}…` : flat);
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The messages of one turn and the label maps to resolve the answer (prompt version turn-v1). */
export function buildTurnPrompt(input: TurnPromptInput): TurnPrompt {
  const items = new Map<string, PromptRef>();
  const memories = new Map<string, string>();
  const agents = new Set<string>();
  const interests = input.persona.interests.map((i) => topics[i.topic]?.name ?? "anything").join(", ");
  const system = fill(turnSystemPrompt, {
    name: input.persona.name,
    interests,
    home: input.persona.homeSubmolts.join(", "),
    maxActions: String(maxLlmActionsPerTurn),
  });

  const lines: string[] = [];
  lines.push(
    `It is ${input.timeIso}. Communities: ${input.submolts.join(", ")}. You subscribe to: ${input.subscriptions.join(", ") || "none"}.`,
  );
  lines.push("<memories>");
  input.memories.forEach((memory, i) => {
    const label = `M${i + 1}`;
    memories.set(label, memory.id);
    lines.push(`${label} (round ${memory.round}, ${memory.kind}): ${quoteData(memory.text)}`);
  });
  lines.push("</memories>");
  lines.push("<notifications>");
  let commentLabel = 0;
  for (const n of input.notifications) {
    agents.add(n.actor);
    if (n.kind === "reply" && n.comment) {
      const label = `C${++commentLabel}`;
      items.set(label, { kind: "comment", id: n.comment, post: n.post, author: n.actor, depth: 1 });
      lines.push(`${label}: ${n.actor} replied to your ${n.target.startsWith("p.") ? "post" : "comment"}: ${quoteData(n.text ?? "")}`);
    } else if (n.kind === "vote") {
      lines.push(
        `${n.actor} voted ${n.delta !== undefined && n.delta < 0 ? "down" : "up"} your ${n.target.startsWith("p.") ? "post" : "comment"}`,
      );
    }
  }
  lines.push("</notifications>");
  lines.push("<feed>");
  input.feed.forEach((post, i) => {
    const label = `P${i + 1}`;
    items.set(label, { kind: "post", id: post.id, author: post.author });
    agents.add(post.author);
    const score = input.showScores ? `, score ${post.score}` : "";
    lines.push(
      `${label} in ${post.submolt} by ${post.author}${score}, ${post.comments} comments: ${quoteData(post.title, 120)} ${quoteData(post.text)}`,
    );
    for (const comment of post.topComments) {
      const commentRef = `C${++commentLabel}`;
      items.set(commentRef, { kind: "comment", id: comment.id, post: post.id, author: comment.author, depth: comment.depth });
      agents.add(comment.author);
      const commentScore = input.showScores ? ` (score ${comment.score})` : "";
      lines.push(`  ${commentRef} by ${comment.author}${commentScore}: ${quoteData(comment.text)}`);
    }
  });
  lines.push("</feed>");
  lines.push(`You are ${input.agent}. What do you do now? Answer with the JSON object only.`);
  agents.delete(input.agent);
  return {
    messages: [
      { role: "system", content: system },
      { role: "user", content: lines.join("\n") },
    ],
    items,
    memories,
    agents,
    submolts: input.submolts,
  };
}
