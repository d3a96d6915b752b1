import type { Action, Notification, PoolPost } from "../round/round-types.js";
import { promptItemChars } from "../tunables.js";
import {
  keptNoteImportance,
  llmObservedPostImportance,
  llmVoteImportance,
  ownCommentImportance,
  ownPostImportance,
  replyImportance,
  simObservedPostImportance,
  simVoteImportance,
} from "./importance.js";
import { citedSources } from "./citation.js";
import type { NewMemory } from "./memory-row.js";

/**
 * What one visit (a turn) writes to memory: the first posts of the feed it read, feedback rows for
 * the notifications it received, and - one turn later, once the round committed them - its own
 * accepted posts and comments (`ownActionMemory`). Llm agents also keep the note they wrote.
 */

/** Posts of a visit remembered as observations: the first few shown, the rest is skimmed. */
export const observedPostsPerVisit = 3;
/** Feedback rows per visit: a visit remembers a few notifications, not every one. */
export const feedbackRowsPerVisit = 5;
/** Characters of a row that quotes content: a sim agent's observed post, any agent's own post or comment. */
export const quotedTextChars = 200;

/**
 * Which notifications a visit remembers when it received more than `feedbackRowsPerVisit`. They
 * arrive oldest first (the coordinator orders them by round).
 *
 * - sim agents keep the OLDEST: the notifications are a backlog the agent works through in order,
 *   and the sim's memory rows are part of every sim event log, so this choice is pinned by the
 *   logs already recorded.
 * - llm agents keep the NEWEST: the rows feed the next prompts, where the latest reactions are the
 *   ones worth recalling; an older backlog is mostly votes on what the agent no longer discusses.
 */
export type FeedbackWindow = "oldest" | "newest";
export const simFeedbackWindow: FeedbackWindow = "oldest";
export const llmFeedbackWindow: FeedbackWindow = "newest";

export function rememberedNotifications(notifications: readonly Notification[], window: FeedbackWindow): readonly Notification[] {
  return window === "oldest" ? notifications.slice(0, feedbackRowsPerVisit) : notifications.slice(-feedbackRowsPerVisit);
}

/**
 * What a sim agent remembers of a visit: feedback first, then the posts it read - with, when
 * `rememberCitations` (config `memory.rememberCitations`), what their threads cite.
 */
export function simVisitMemories(feed: readonly PoolPost[], notifications: readonly Notification[], rememberCitations = true): NewMemory[] {
  const rows: NewMemory[] = [];
  for (const n of rememberedNotifications(notifications, simFeedbackWindow)) {
    rows.push({
      kind: "feedback",
      importance: n.kind === "reply" ? replyImportance : simVoteImportance(n.delta),
      sources: [n.kind === "reply" && n.comment ? n.comment : n.target, n.actor],
      text: n.kind === "reply" ? (n.text ?? "") : `${n.delta ?? 0} vote on ${n.target}`,
    });
  }
  for (const post of feed.slice(0, observedPostsPerVisit)) {
    rows.push({
      kind: "observation",
      importance: simObservedPostImportance(post.score),
      // What the thread cites is remembered with it: memory shared through what others recall.
      sources: rememberCitations
        ? [post.id, post.author, ...citedSources([post.text, ...post.topComments.map((c) => c.text)], [post.id, post.author])]
        : [post.id, post.author],
      text: `${post.title} ${post.text}`.slice(0, quotedTextChars),
    });
  }
  return rows;
}

/** An llm agent's feedback row for one notification: what a reader of its prompt needs, in words. */
function llmFeedbackMemory(n: Notification): NewMemory {
  return n.kind === "reply"
    ? {
        kind: "feedback",
        importance: replyImportance,
        sources: [n.comment ?? n.target, n.actor],
        text: `${n.actor} replied to me: ${n.text ?? ""}`.slice(0, promptItemChars),
      }
    : {
        kind: "feedback",
        importance: llmVoteImportance,
        sources: [n.target, n.actor],
        text: `${n.actor} voted ${n.delta !== undefined && n.delta < 0 ? "down" : "up"} my ${n.target.startsWith("p.") ? "post" : "comment"}`,
      };
}

/**
 * What an llm agent remembers of a visit besides its own actions (which settle next turn): what
 * it read, the feedback it received, and the note it chose to keep. Each row names its sources.
 */
export function llmVisitMemories(feed: readonly PoolPost[], notifications: readonly Notification[], note: string): NewMemory[] {
  const rows: NewMemory[] = [];
  for (const post of feed.slice(0, observedPostsPerVisit)) {
    rows.push({
      kind: "observation",
      importance: llmObservedPostImportance(post.score),
      sources: [post.id, post.author],
      text: `${post.author} posted in ${post.submolt}: ${post.title}`.slice(0, promptItemChars),
    });
  }
  for (const n of rememberedNotifications(notifications, llmFeedbackWindow)) rows.push(llmFeedbackMemory(n));
  if (note.trim() !== "")
    rows.push({ kind: "observation", importance: keptNoteImportance, sources: [], text: note.trim().slice(0, promptItemChars) });
  return rows;
}

/**
 * The row of an own post or comment the round accepted (written the turn after, when the agent
 * learns it was committed), or null for any other action.
 */
export function ownActionMemory(action: Action): NewMemory | null {
  if (action.type !== "post" && action.type !== "comment") return null;
  const text = ownActionText(action);
  return {
    kind: "action",
    importance: action.type === "post" ? ownPostImportance : ownCommentImportance,
    sources: [action.id],
    text: text.slice(0, quotedTextChars),
  };
}

/** The whole text of an own post (title and body) or comment, as its history keeps it. */
export function ownActionText(action: Action & { type: "post" | "comment" }): string {
  return action.type === "post" ? `${action.title} ${action.content}` : action.content;
}
