import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { RandomStream } from "../random/stream.js";
import type { CandidatePool, PoolPost } from "../round/round-types.js";
import { publicProbeOfPost } from "../probes/public-probe.js";

function isPinnedProbe(config: ExperimentConfig, post: PoolPost, round: number): boolean {
  return round - post.round <= config.probes.publicPinnedRounds && publicProbeOfPost(config, post.id) !== null;
}

export interface FeedReader {
  readonly agent: string;
  readonly follows: ReadonlySet<string>;
  readonly subscriptions: ReadonlySet<string>;
}

/**
 * One agent's feed, filtered from the round's candidate pool (docs/design.md decision 3a): posts of
 * followed authors and subscribed submolts first (the personalised feed), then the pool's global
 * ranking; never the agent's own posts. `random` shuffles with the agent's own stream.
 */
/** What every feed of one pool shares: computed once per pool, not once per reader. */
interface PoolOrder {
  /** The pool's posts, newest round first, then by id. */
  readonly newest: readonly PoolPost[];
  /** Each post's place in the pool's ranking. */
  readonly rank: ReadonlyMap<string, number>;
}

const poolOrders = new WeakMap<CandidatePool, PoolOrder>();

function poolOrder(pool: CandidatePool): PoolOrder {
  const cached = poolOrders.get(pool);
  if (cached) return cached;
  const order: PoolOrder = {
    newest: [...pool.posts].sort((a, b) => b.round - a.round || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    rank: new Map(pool.posts.map((p, i) => [p.id, i])),
  };
  poolOrders.set(pool, order);
  return order;
}

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
  if (config.feed.algorithm === "following") return personal.slice(0, size);
  // A Moltbook heartbeat reads its personal feed, then the front page, and browses what is new:
  // a third of the slots each. The "new" third is the agent's own sample of the pool's newest
  // posts, so fresh posts reach readers instead of every agent seeing the same front page.
  const chosen: PoolPost[] = [];
  const chosenIds = new Set<string>();
  const take = (post: PoolPost | undefined): void => {
    if (post && !chosenIds.has(post.id) && chosen.length < size) {
      chosen.push(post);
      chosenIds.add(post.id);
    }
  };
  // A public probe is pinned while fresh, as a platform would sticky an announcement: its reply
  // rate then measures whether agents answer, not whether they happened to scroll past it.
  if (config.probes.publicEveryRounds > 0) for (const post of candidates) if (isPinnedProbe(config, post, pool.round)) take(post);
  const third = Math.ceil(size / 3);
  for (const post of personal.slice(0, third)) take(post);
  const order = poolOrder(pool);
  const newest = order.newest.filter((p) => p.author !== reader.agent).slice(0, 4 * third);
  const random = new RandomStream(config.seed, reader.agent, pool.round, "feed-new");
  const newTarget = Math.min(size, chosen.length + third);
  while (chosen.length < newTarget && newest.length > 0) take(newest.splice(random.int(newest.length), 1)[0]);
  for (const post of candidates) take(post);
  return chosen.sort((a, b) => (order.rank.get(a.id) ?? 0) - (order.rank.get(b.id) ?? 0));
}
