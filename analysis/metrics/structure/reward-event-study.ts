import { clusteredBootstrap, meanOfMeans } from "../../stats/bootstrap.js";
import type { AnalysisLog, LogPost } from "../../log/analysis-log.js";
import { cosine } from "../../text/vector.js";
import type { Vector } from "../../text/vector.js";

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

/** Posts by author in log order (posts are logged in time order). */
function postsByAuthor(log: AnalysisLog): Map<string, LogPost[]> {
  const out = new Map<string, LogPost[]>();
  for (const post of log.posts) {
    const list = out.get(post.author);
    if (list) list.push(post);
    else out.set(post.author, [post]);
  }
  return out;
}

/** Each post's votes in log order: round, voter and the change of the voter's state. */
function votesByPost(log: AnalysisLog): Map<string, { round: number; voter: string; delta: number }[]> {
  const out = new Map<string, { round: number; voter: string; delta: number }[]>();
  for (const vote of log.votes) {
    if (vote.targetType !== "post") continue;
    const list = out.get(vote.target);
    const entry = { round: vote.round, voter: vote.voter, delta: vote.delta };
    if (list) list.push(entry);
    else out.set(vote.target, [entry]);
  }
  return out;
}

/** Upvotes a post held before `round`: voters whose state from the votes cast before it is +1. */
function upvotesBefore(votes: readonly { round: number; voter: string; delta: number }[], round: number): number {
  const state = new Map<string, number>();
  for (const vote of votes) if (vote.round < round) state.set(vote.voter, (state.get(vote.voter) ?? 0) + vote.delta);
  let up = 0;
  for (const s of state.values()) if (s === 1) up++;
  return up;
}

/** A post followed by its author's next post in a later round: the reward the author could have seen, and the next post. */
interface PostEvent {
  readonly post: string;
  readonly next: string;
  readonly upvotes: number;
}

/**
 * MoltNet's reward event study, as Murmur reads it. An event is a post followed by its author's
 * next post in a later round (a next post in the same round was written before any feedback), and
 * its reward is the upvotes it held before that next post's round - votes that came later could
 * not have shaped it. A reward event is an event in the top decile of rewards (at least one
 * upvote). For each agent, the cosine between a post and its next post, averaged over its reward
 * events minus averaged over its ordinary events (the agent is its own match). Positive: after
 * being rewarded an agent stays closer to what was rewarded - it learns from feedback (MoltNet's
 * reading); ~0: feedback changes nothing (Li, Li & Zhou's). The mean over agents with both kinds of
 * event, and its agent-clustered 95 % bootstrap interval. Null with fewer than ten such agents.
 */
export function rewardEventStudy(log: AnalysisLog, vectors: ReadonlyMap<string, Vector>, seed: number): RewardEventStudy | null {
  const votes = votesByPost(log);
  const perAgent: PostEvent[][] = [];
  for (const posts of postsByAuthor(log).values()) {
    const events: PostEvent[] = [];
    for (let i = 0; i + 1 < posts.length; i++) {
      const post = posts[i];
      const next = posts[i + 1];
      if (post === undefined || next === undefined || next.round <= post.round) continue;
      events.push({ post: post.id, next: next.id, upvotes: upvotesBefore(votes.get(post.id) ?? [], next.round) });
    }
    perAgent.push(events);
  }
  const sorted = perAgent.flat().map((e) => e.upvotes).sort((a, b) => b - a);
  const threshold = Math.max(1, sorted[Math.max(0, Math.ceil(rewardTopShare * sorted.length) - 1)] ?? 1);
  const units: { values: number[] }[] = [];
  for (const events of perAgent) {
    const after: { reward: number[]; ordinary: number[] } = { reward: [], ordinary: [] };
    for (const event of events) {
      const here = vectors.get(event.post);
      const next = vectors.get(event.next);
      if (here === undefined || next === undefined) continue;
      (event.upvotes >= threshold ? after.reward : after.ordinary).push(cosine(here, next));
    }
    if (after.reward.length === 0 || after.ordinary.length === 0) continue;
    const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    units.push({ values: [mean(after.reward) - mean(after.ordinary)] });
  }
  if (units.length < minAgents) return null;
  const result = clusteredBootstrap(units, meanOfMeans, { seed, key: "structure/reward-event-study" });
  return result === null ? null : { effect: result.estimate, ci95: result.ci95, agents: units.length };
}
