import type { Action } from "./round-types.js";
import { commentsPerHour, postIntervalMinutes } from "../tunables.js";

export interface RuleOutcome {
  readonly accepted: Action[];
  readonly rejected: { action: Action; reason: string }[];
}

/** Posts and comments one agent may commit in one round: Moltbook's rate limits scaled to the round length. */
export interface RoundQuota {
  readonly posts: number;
  readonly comments: number;
}

export function roundQuota(roundMinutes: number): RoundQuota {
  return {
    posts: Math.max(1, Math.floor(roundMinutes / postIntervalMinutes)),
    comments: Math.max(1, Math.floor((commentsPerHour * roundMinutes) / 60)),
  };
}

/** What an agent has already used of a round when its next action is judged. */
export interface RoundUse {
  readonly posts: number;
  readonly comments: number;
  readonly votedTargets: ReadonlySet<string>;
}

/** The subset of an action the rules read (the platform API's queued actions carry more). */
export type RuledAction =
  | { readonly type: "post"; readonly submolt: string }
  | { readonly type: "comment" }
  | { readonly type: "vote"; readonly target: string }
  | { readonly type: "follow"; readonly target: string }
  | { readonly type: "subscribe"; readonly submolt: string };

/**
 * Why one action of `agent` cannot be committed after `used`, or null. The one definition of the
 * per-agent rules: the commit applies it to each agent's actions in order (`applyAgentRules`), and
 * the platform API applies it when an external agent writes, so that a write it acknowledges is a
 * write the commit accepts (docs/platform-api.md).
 */
export function ruleRefusal(
  agent: string,
  action: RuledAction,
  used: RoundUse,
  quota: RoundQuota,
  submolts: ReadonlySet<string>,
): string | null {
  switch (action.type) {
    case "post":
      if (!submolts.has(action.submolt)) return "unknown submolt";
      return used.posts >= quota.posts ? "rate limit: posts" : null;
    case "subscribe":
      return submolts.has(action.submolt) ? null : "unknown submolt";
    case "comment":
      return used.comments >= quota.comments ? "rate limit: comments" : null;
    case "vote":
      return used.votedTargets.has(action.target) ? "second vote on one target in a turn" : null;
    case "follow":
      return action.target === agent ? "cannot follow oneself" : null;
  }
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
  const quota = roundQuota(roundMinutes);
  let posts = 0;
  let comments = 0;
  const votedTargets = new Set<string>();
  const outcome: RuleOutcome = { accepted: [], rejected: [] };
  for (const action of actions) {
    const reason = ruleRefusal(agent, action, { posts, comments, votedTargets }, quota, submolts);
    if (action.type === "post" && reason !== "unknown submolt") posts++;
    if (action.type === "comment") comments++;
    if (action.type === "vote") votedTargets.add(action.target);
    if (reason) outcome.rejected.push({ action, reason });
    else outcome.accepted.push(action);
  }
  return outcome;
}
