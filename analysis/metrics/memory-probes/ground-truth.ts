import type { AnalysisLog } from "../../log/analysis-log.js";
import { pagerank } from "../../stats/pagerank.js";
import type { interactions } from "../../graph/interactions.js";
import { compareCodePoints } from "../../../core/util/compare.js";

/**
 * The "true top-10" of docs/metrics.md section 10: who and what really mattered as of a round, the
 * yardstick of an answer's grounding.
 */

/** The 10 highest cumulative PageRank agents and the 10 highest-scored posts. */
export const groundTruthSize = 10;

export interface Truth {
  readonly agents: ReadonlySet<string>;
  readonly posts: ReadonlySet<string>;
}

function byValueThenId(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || compareCodePoints(a[0], b[0]);
}

/** The true top-10 agents (cumulative comment-graph PageRank) and posts (score > 0) as of `round`. */
export function truthAt(log: AnalysisLog, round: number, edges: ReturnType<typeof interactions>): Truth {
  const ranking = pagerank(
    [],
    edges.filter((e) => e.round <= round).map((e) => ({ source: e.source, target: e.target, weight: 1 })),
  );
  const scores = new Map<string, number>();
  const posts = new Set(log.posts.filter((p) => p.round <= round).map((p) => p.id));
  for (const vote of log.votes) {
    if (vote.round <= round && vote.targetType === "post" && posts.has(vote.target))
      scores.set(vote.target, (scores.get(vote.target) ?? 0) + vote.delta);
  }
  // Imports without voters carry totals instead: the latest snapshot at or before the round wins.
  if (log.votes.length === 0) {
    for (const snapshot of log.scoreSnapshots) {
      if (snapshot.round <= round && posts.has(snapshot.target)) scores.set(snapshot.target, snapshot.up - snapshot.down);
    }
  }
  return {
    agents: new Set(
      [...ranking.entries()]
        .sort(byValueThenId)
        .slice(0, groundTruthSize)
        .map(([id]) => id),
    ),
    posts: new Set(
      [...scores.entries()]
        .filter(([, s]) => s > 0)
        .sort(byValueThenId)
        .slice(0, groundTruthSize)
        .map(([id]) => id),
    ),
  };
}
