import type { Action, Activation } from "../round/round-types.js";
import type { NewMemory } from "../sim/sim-policy.js";
import { promptItemChars } from "../tunables.js";

/** Posts of a visit remembered as observations: the first few shown, the rest is skimmed. */
const observedPostsPerTurn = 3;
/** Feedback rows per visit: the most recent notifications. */
const feedbackRowsPerTurn = 5;

/**
 * What an llm agent remembers of a visit besides its own actions (which settle next turn): what
 * it read, the feedback it received, and the note it chose to keep. Each row names its sources.
 */
export function observedMemories(activation: Activation, note: string): NewMemory[] {
  const rows: NewMemory[] = [];
  for (const post of activation.feed.slice(0, observedPostsPerTurn)) {
    rows.push({
      kind: "observation",
      importance: Math.min(9, 2 + Math.log2(1 + Math.max(0, post.score))),
      sources: [post.id, post.author],
      text: `${post.author} posted in ${post.submolt}: ${post.title}`.slice(0, promptItemChars),
    });
  }
  for (const n of activation.notifications.slice(-feedbackRowsPerTurn)) {
    rows.push(
      n.kind === "reply"
        ? {
            kind: "feedback",
            importance: 6,
            sources: [n.comment ?? n.target, n.actor],
            text: `${n.actor} replied to me: ${n.text ?? ""}`.slice(0, promptItemChars),
          }
        : {
            kind: "feedback",
            importance: 4,
            sources: [n.target, n.actor],
            text: `${n.actor} voted ${n.delta !== undefined && n.delta < 0 ? "down" : "up"} my ${n.target.startsWith("p.") ? "post" : "comment"}`,
          },
    );
  }
  if (note.trim() !== "") rows.push({ kind: "observation", importance: 5, sources: [], text: note.trim().slice(0, promptItemChars) });
  return rows;
}

/** Authors the agent engaged this turn (its familiarity), found from the activation it saw. */
export function engagedAuthors(actions: readonly Action[], activation: Activation): string[] {
  const authorOf = new Map<string, string>();
  for (const post of activation.feed) {
    authorOf.set(post.id, post.author);
    for (const comment of post.topComments) authorOf.set(comment.id, comment.author);
  }
  for (const n of activation.notifications) if (n.comment) authorOf.set(n.comment, n.actor);
  const out: string[] = [];
  for (const action of actions) {
    const target = action.type === "vote" ? action.target : action.type === "comment" ? (action.parent ?? action.post) : null;
    const author = target === null ? undefined : authorOf.get(target);
    if (author !== undefined) out.push(author);
  }
  return out;
}
