import { missingTypes } from "../../log/analysis-log.js";
import type { AnalysisContext } from "../metric-types.js";
import type { Unavailable } from "../../../core/contracts/report-metrics.js";
import { windowByRound } from "../window-labels.js";
import type { ActivityResult } from "../../../core/contracts/report-metrics.js";

/** docs/metrics.md section 1: activity per window. */
export function computeActivity(ctx: AnalysisContext): ActivityResult | Unavailable {
  const { log, windows } = ctx;
  const reason = missingTypes(log, ["post", "comment", "vote"]);
  if (reason !== null) return { available: false, reason };
  const followsReason = missingTypes(log, ["follow"]);
  const byRound = windowByRound(windows, log.rounds);
  const posts = new Array<number>(windows.length).fill(0);
  const comments = new Array<number>(windows.length).fill(0);
  const votes = new Array<number>(windows.length).fill(0);
  const follows = new Array<number>(windows.length).fill(0);
  const actives = windows.map(() => new Set<string>());
  const touch = (round: number, agent: string, counts: number[] | null): void => {
    const w = byRound[round] ?? 0;
    if (counts) counts[w] = (counts[w] ?? 0) + 1;
    actives[w]?.add(agent);
  };
  for (const post of log.posts) touch(post.round, post.author, posts);
  for (const comment of log.comments) touch(comment.round, comment.author, comments);
  for (const vote of log.votes) touch(vote.round, vote.voter, votes);
  // An unfollow is activity but not a follow.
  for (const follow of log.follows) touch(follow.round, follow.agent, follow.value === 1 ? follows : null);
  return {
    available: true,
    windows: windows.map((w, i) => ({
      index: w.index,
      fromRound: w.fromRound,
      toRound: w.toRound,
      posts: posts[i] ?? 0,
      comments: comments[i] ?? 0,
      votes: votes[i] ?? 0,
      follows: followsReason === null ? (follows[i] ?? 0) : null,
      actives: actives[i]?.size ?? 0,
    })),
    followsReason,
  };
}
