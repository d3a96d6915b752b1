import type { ExperimentConfig } from "../config/experiment-config.js";
import { RandomStream } from "../random/stream.js";
import type { CandidatePool, PoolPost } from "../round/round-types.js";

export interface FeedReader {
  readonly agent: string;
  readonly follows: ReadonlySet<string>;
  readonly subscriptions: ReadonlySet<string>;
}

/**
 * One agent's feed, filtered from the round's candidate pool (DESIGN.md decision 3a): posts of
 * followed authors and subscribed submolts first (the personalised feed), then the pool's global
 * ranking; never the agent's own posts. `random` shuffles with the agent's own stream.
 */
export function feedFor(config: ExperimentConfig, pool: CandidatePool, reader: FeedReader): PoolPost[] {
  const size = config.feed.itemsPerActivation;
  const candidates = pool.posts.filter((p) => p.author !== reader.agent);
  if (config.feed.algorithm === "random") {
    const random = new RandomStream(config.seed, reader.agent, pool.round, "feed");
    const shuffled = [...candidates];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      const a = shuffled[i];
      const b = shuffled[j];
      if (a !== undefined && b !== undefined) {
        shuffled[i] = b;
        shuffled[j] = a;
      }
    }
    return shuffled.slice(0, size);
  }
  const personal = candidates.filter((p) => reader.follows.has(p.author) || reader.subscriptions.has(p.submolt));
  const personalIds = new Set(personal.map((p) => p.id));
  if (config.feed.algorithm === "following") return personal.slice(0, size);
  const personalShare = Math.ceil(size / 2);
  const chosen = personal.slice(0, personalShare);
  const chosenIds = new Set(chosen.map((p) => p.id));
  for (const post of candidates) {
    if (chosen.length >= size) break;
    if (!chosenIds.has(post.id) && (!personalIds.has(post.id) || chosen.length >= personalShare)) {
      chosen.push(post);
      chosenIds.add(post.id);
    }
  }
  const rank = new Map(pool.posts.map((p, i) => [p.id, i]));
  return chosen.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
}
