import { hash53 } from "../../../core/random/hash.js";
import type { AnalysisLog } from "../../log/analysis-log.js";
import { observedPostsPerVisit } from "../../../core/memory/visit-memories.js";

/**
 * The exposure-matched null of docs/metrics.md section 10: what an agent would name if it named
 * what its feed showed it most. Each null answer depends on that agent's own exposures alone, so
 * null answers agree with one another only as far as the feeds overlapped.
 */

/**
 * Posts of a feed an agent is credited with having attended to: the first few, in feed order. A
 * feed is read from the top, and what sits there is what a reader takes in; a null counting every
 * position would credit agents with the whole page, and a memory that kept only the top would
 * then look like more than the feed (knobs-off off-1000-s101: consensus +0.058 beyond the
 * all-positions null, +0.010 beyond this one). The same number as the posts a visit remembers
 * (core/memory/visit-memories.ts), so the null is matched to what any murmur agent could keep.
 */
export const attendedPostsPerFeed = observedPostsPerVisit;

/** What an agent was shown up to a round: impressions per author and per post at the top of its feeds. */
export interface ShownCounts {
  readonly authors: Map<string, number>;
  readonly posts: Map<string, number>;
}

export interface NamedSets {
  readonly agents: readonly string[];
  readonly posts: readonly string[];
}

/**
 * The null's answer: the authors and posts this agent was shown most, as many of each as it named
 * itself (so both answers get the same number of chances). Ties are broken by a hash of (agent,
 * id) with no analysis seed in it: id order would favour low agent numbers, and a seeded order
 * would let the analysis seed move the verdict. The null is then a fixed function of the log, with
 * no Monte Carlo error to carry into the verdict's interval.
 */
export function nullAnswer(shown: ShownCounts | undefined, agentsNamed: number, postsNamed: number, agent: string): NamedSets {
  const top = (counts: Map<string, number> | undefined, count: number): string[] => {
    if (!counts || count <= 0) return [];
    const tie = (id: string): number => hash53(`${agent}\u0000${id}`);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || tie(a[0]) - tie(b[0]))
      .slice(0, count)
      .map(([id]) => id);
  };
  return { agents: top(shown?.authors, agentsNamed), posts: top(shown?.posts, postsNamed) };
}

/** An exposure as the exposure-matched nulls read it. */
interface ExposureLike {
  readonly kind: string;
  readonly items: readonly string[];
}

/**
 * The items of one exposure an agent is credited with having attended to - what its memory is
 * written from: the first `attendedPostsPerFeed` posts of a feed exposure (feed order), every item
 * of any other (a notification names the comments replying to it). Probe exposures show the
 * question, not the platform: none. Shared with docs/metrics.md section 11's exposure-matched null.
 */
export function attendedItems(exposure: ExposureLike, isPost: (id: string) => boolean): string[] {
  if (exposure.kind === "probe") return [];
  if (exposure.kind !== "feed") return [...exposure.items];
  const attended: string[] = [];
  for (const item of exposure.items) {
    if (!isPost(item)) continue;
    if (attended.length >= attendedPostsPerFeed) break;
    attended.push(item);
  }
  return attended;
}

/**
 * Impressions per author and per post shown to each agent at or before a round: the first
 * `attendedPostsPerFeed` posts of each feed exposure (feed order); other exposures count their
 * posts (a notification names comments, which count for nothing; probe exposures are excluded).
 */
export function shownUpTo(
  log: AnalysisLog,
  agents: ReadonlySet<string>,
  authorOf: (id: string) => string | null,
  isPost: (id: string) => boolean,
): (agent: string, round: number) => ShownCounts {
  const byAgent = new Map<string, { round: number; kind: string; items: readonly string[] }[]>();
  for (const exposure of log.exposures) {
    if (exposure.kind === "probe" || !agents.has(exposure.agent)) continue;
    let list = byAgent.get(exposure.agent);
    if (!list) {
      list = [];
      byAgent.set(exposure.agent, list);
    }
    list.push({ round: exposure.round, kind: exposure.kind, items: exposure.items });
  }
  return (agent: string, round: number): ShownCounts => {
    const counts: ShownCounts = { authors: new Map(), posts: new Map() };
    for (const exposure of byAgent.get(agent) ?? []) {
      if (exposure.round > round) break;
      for (const item of attendedItems(exposure, isPost)) {
        if (!isPost(item)) continue;
        const author = authorOf(item);
        if (author !== null && author !== agent) counts.authors.set(author, (counts.authors.get(author) ?? 0) + 1);
        counts.posts.set(item, (counts.posts.get(item) ?? 0) + 1);
      }
    }
    return counts;
  };
}
