import type { Action } from "./round-types.js";
import { commentsPerHour, postIntervalMinutes } from "../tunables.js";

export interface RuleOutcome {
  readonly accepted: Action[];
  readonly rejected: { action: Action; reason: string }[];
}

/**
 * Per-agent rules applied in the agent's own sequence before the commit (docs/design.md decision 3c):
 * Moltbook's rate limits scaled to the round length, one vote per target per turn, and no acting
 * on oneself, only the experiment's submolts. Content-dependent rules (vote toggles, thread depth, unknown ids) are the shard's.
 */
export function applyAgentRules(
  agent: string,
  actions: readonly Action[],
  roundMinutes: number,
  submolts: ReadonlySet<string>,
): RuleOutcome {
  const maxPosts = Math.max(1, Math.floor(roundMinutes / postIntervalMinutes));
  const maxComments = Math.max(1, Math.floor((commentsPerHour * roundMinutes) / 60));
  let posts = 0;
  let comments = 0;
  const votedTargets = new Set<string>();
  const outcome: RuleOutcome = { accepted: [], rejected: [] };
  for (const action of actions) {
    let reason: string | null = null;
    if (action.type === "post" && !submolts.has(action.submolt)) reason = "unknown submolt";
    else if (action.type === "subscribe" && !submolts.has(action.submolt)) reason = "unknown submolt";
    else if (action.type === "post" && ++posts > maxPosts) reason = "rate limit: posts";
    else if (action.type === "comment" && ++comments > maxComments) reason = "rate limit: comments";
    else if (action.type === "vote") {
      if (votedTargets.has(action.target)) reason = "second vote on one target in a turn";
      votedTargets.add(action.target);
    } else if (action.type === "follow" && action.target === agent) reason = "cannot follow oneself";
    if (reason) outcome.rejected.push({ action, reason });
    else outcome.accepted.push(action);
  }
  return outcome;
}
