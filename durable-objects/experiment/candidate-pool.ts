import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { compareForFeed } from "../../core/platform/ranking.js";
import type { FeedAlgorithm } from "../../core/platform/ranking.js";
import type { CandidatePool, PoolPost } from "../../core/round/round-types.js";
import { snapshotId } from "../../core/ids.js";
import { pinnedProbePosts } from "../../core/probes/public-probe.js";
import { poolNewestPosts, poolTopPerSubmolt } from "../../core/tunables.js";
import { compareCodePoints } from "../../core/util/compare.js";

/** The ranking the pool is cut by; `following` and `random` filter a hot-ranked pool per agent. */
export function poolRanking(config: ExperimentConfig): FeedAlgorithm {
  const algorithm = config.feed.algorithm;
  return algorithm === "new" || algorithm === "top" ? algorithm : "hot";
}

/**
 * Merges the shards' candidates into the round's pool: the global top-k per submolt plus the
 * newest posts and the pinned public probes, in the feed's rank order. Rankings are total orders, so any shard count gives the
 * same pool.
 */
export function mergeCandidates(config: ExperimentConfig, round: number, perShard: readonly PoolPost[][]): CandidatePool {
  const ranking = poolRanking(config);
  const all = perShard.flat().sort((a, b) => compareForFeed(ranking, a, b));
  const chosen = new Map<string, PoolPost>();
  const perSubmolt = new Map<string, number>();
  for (const post of all) {
    const taken = perSubmolt.get(post.submolt) ?? 0;
    if (taken < poolTopPerSubmolt) {
      chosen.set(post.id, post);
      perSubmolt.set(post.submolt, taken + 1);
    }
  }
  const newest = [...all].sort((a, b) => b.round - a.round || compareCodePoints(a.id, b.id)).slice(0, poolNewestPosts);
  for (const post of newest) chosen.set(post.id, post);
  const pinned = new Set(pinnedProbePosts(config, round));
  for (const post of all) if (pinned.has(post.id)) chosen.set(post.id, post);
  return {
    round,
    snapshotId: snapshotId(round),
    posts: [...chosen.values()].sort((a, b) => compareForFeed(ranking, a, b)),
  };
}
