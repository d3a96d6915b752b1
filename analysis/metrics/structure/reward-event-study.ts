import { clusteredBootstrap, meanOfMeans } from "../../stats/bootstrap.js";
import type { AnalysisLog } from "../../log/analysis-log.js";
import { cosine } from "../../text/vector.js";
import type { Vector } from "../../text/vector.js";
import { upvotesByPost } from "./commenter-ties.js";

/** Share of posts counted as reward events: the top decile of upvotes (MoltNet's event definition). */
export const rewardTopShare = 0.1;
/** Agents with both kinds of event needed before the study is read. */
const minAgents = 10;

export interface RewardEventStudy {
  /** Mean over agents of (similarity after a reward event - after an ordinary post). */
  readonly effect: number;
  readonly ci95: readonly [number, number];
  readonly agents: number;
}

/** Post ids by author in log order (posts are logged in time order). */
function postsByAuthor(log: AnalysisLog): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const post of log.posts) {
    const list = out.get(post.author);
    if (list) list.push(post.id);
    else out.set(post.author, [post.id]);
  }
  return out;
}

/**
 * MoltNet's reward event study, as Murmur reads it: a reward event is a post in the top decile of
 * upvotes over all posts (with at least one upvote); for each agent, the cosine between a post and
 * the agent's next post, averaged over its reward events minus averaged over its ordinary posts
 * (the agent is its own match). Positive: after being rewarded an agent stays closer to what was
 * rewarded - it learns from feedback (MoltNet's reading); ~0: feedback changes nothing (Li, Li &
 * Zhou's). The mean over agents with both kinds of event, and its agent-clustered 95 % bootstrap
 * interval. Null with fewer than ten such agents.
 */
export function rewardEventStudy(log: AnalysisLog, vectors: ReadonlyMap<string, Vector>, seed: number): RewardEventStudy | null {
  const upvotes = upvotesByPost(log);
  const sorted = [...upvotes.values()].sort((a, b) => b - a);
  const threshold = Math.max(1, sorted[Math.max(0, Math.ceil(rewardTopShare * sorted.length) - 1)] ?? 1);
  const units: { values: number[] }[] = [];
  for (const posts of postsByAuthor(log).values()) {
    const after: { reward: number[]; ordinary: number[] } = { reward: [], ordinary: [] };
    for (let i = 0; i + 1 < posts.length; i++) {
      const post = posts[i] ?? "";
      const here = vectors.get(post);
      const next = vectors.get(posts[i + 1] ?? "");
      if (here === undefined || next === undefined) continue;
      ((upvotes.get(post) ?? 0) >= threshold ? after.reward : after.ordinary).push(cosine(here, next));
    }
    if (after.reward.length === 0 || after.ordinary.length === 0) continue;
    const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    units.push({ values: [mean(after.reward) - mean(after.ordinary)] });
  }
  if (units.length < minAgents) return null;
  const result = clusteredBootstrap(units, meanOfMeans, { seed, key: "structure/reward-event-study" });
  return result === null ? null : { effect: result.estimate, ci95: result.ci95, agents: units.length };
}
