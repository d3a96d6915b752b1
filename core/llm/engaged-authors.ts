import type { Action, Activation } from "../round/round-types.js";

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
