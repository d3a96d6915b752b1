import { RandomStream } from "../../../core/random/stream.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import type { ContentKind, Interaction } from "../../graph/interactions.js";
import { rankingRecord } from "../../graph/ranking.js";
import { addShares, draw, increment, urnOf } from "../../stats/urn.js";
import type { Urn } from "../../stats/urn.js";
import type { AnalysisContext } from "../metric-types.js";
import { channels, windowDataOf } from "./window-data.js";
import type { Channel, WindowData } from "./window-data.js";

/**
 * The exposure null for one window (and, with author weights, the leader null): each agent keeps its out-degree - split by channel into answers
 * to feed posts, to comments shown under them, and to replies it was notified of, because agents
 * answer posts far more often than the comments shown under them and answer notifications of
 * their own threads, and those choices are not about whom - and each edge goes to an author drawn
 * in proportion to how often that author's content was shown to the agent through that channel in
 * the window, each feed impression weighted by its slot's engagement rate (feed-position.ts) and,
 * in the leader null, by the author's past propensity (author-propensity.ts). An agent shown none falls back to the window's global impressions of that channel,
 * then to all impressions, so out-degrees are kept whenever anything was shown at all. Keyed by
 * (seed, agent, window, replicate) so one agent's draws never depend on another's.
 */
interface NullUrns {
  readonly own: Readonly<Record<Channel, Map<string, Urn | null>>>;
  readonly fallback: Readonly<Record<Channel, Urn | null>>;
}

/**
 * Author -> engagement propensity multiplying every impression of the author (author-propensity.ts),
 * or null for the plain exposure null.
 */
export type AuthorWeights = ReadonlyMap<string, number> | null;

/** Urns depend only on the window and the author weights, so all replicates share them. */
const urnCache = new WeakMap<WindowData, Map<AuthorWeights, NullUrns>>();

function weighted(counts: ReadonlyMap<string, number>, authors: AuthorWeights): ReadonlyMap<string, number> {
  if (!authors) return counts;
  const out = new Map<string, number>();
  for (const [author, count] of counts) out.set(author, count * (authors.get(author) ?? 1));
  return out;
}

function nullUrns(slot: WindowData, authors: AuthorWeights): NullUrns {
  let bySlot = urnCache.get(slot);
  if (!bySlot) {
    bySlot = new Map();
    urnCache.set(slot, bySlot);
  }
  let urns = bySlot.get(authors);
  if (!urns) {
    const everything = urnOf(weighted(slot.shownTotal, authors), null);
    const ofKind = (channel: Channel): Urn | null => urnOf(weighted(slot.shownByKind[channel], authors), null);
    urns = {
      own: { post: new Map(), comment: new Map(), notification: new Map() },
      fallback: {
        post: ofKind("post") ?? everything,
        comment: ofKind("comment") ?? everything,
        notification: ofKind("notification") ?? ofKind("comment") ?? everything,
      },
    };
    bySlot.set(authors, urns);
  }
  return urns;
}

/** The agent's own urn for a channel (null when it was shown nothing through it), cached. */
function ownUrn(slot: WindowData, urns: NullUrns, channel: Channel, agent: string, authors: AuthorWeights): Urn | null {
  let own = urns.own[channel].get(agent);
  if (own === undefined) {
    const row = slot.shown[channel].get(agent);
    own = row ? urnOf(weighted(row, authors), agent) : null;
    urns.own[channel].set(agent, own);
  }
  return own;
}

export function exposureRewired(slot: WindowData, seed: number, replicate: number, authors: AuthorWeights = null, label = "exposure"): Interaction[] {
  const outDegree = outDegrees(slot);
  const urns = nullUrns(slot, authors);
  const out: Interaction[] = [];
  for (const [agent, degree] of [...outDegree.entries()].sort((a, b) => compareCodePoints(a[0], b[0]))) {
    const random = new RandomStream(seed, agent, slot.window.index, `influence-${label}-null-${replicate}`);
    for (const channel of channels) {
      if (degree[channel] === 0) continue;
      // A notification reply answers a comment: the rewired edge keeps that kind.
      const on: ContentKind = channel === "post" ? "post" : "comment";
      const own = ownUrn(slot, urns, channel, agent, authors);
      const fallback = urns.fallback[channel];
      for (let i = 0; i < degree[channel]; i++) {
        let target: string | null = null;
        if (own) target = draw(own, random);
        else if (fallback) {
          // Global urns hold the agent's own content too; redraw rather than add a self-loop.
          for (let attempt = 0; attempt < 100 && (target === null || target === agent); attempt++) target = draw(fallback, random);
        }
        if (target !== null && target !== agent) out.push({ source: agent, target, round: slot.window.fromRound, on });
      }
    }
  }
  return out;
}

/** Each edge's source with its out-degree per channel (what the exposure null keeps). */
function outDegrees(slot: WindowData): Map<string, Record<Channel, number>> {
  const outDegree = new Map<string, Record<Channel, number>>();
  slot.edges.forEach((e, i) => {
    const degree = outDegree.get(e.source) ?? { post: 0, comment: 0, notification: 0 };
    degree[slot.channels[i] ?? e.on]++;
    outDegree.set(e.source, degree);
  });
  return outDegree;
}

/**
 * Comments each author is expected to receive in the window under the exposure null, exactly:
 * every agent's per-channel out-degree times the chance the null draws that author (its own urn,
 * or the fallback urn with its own content redrawn - i.e. renormalised without it). Exact rather
 * than averaged over replicates, so the residuals carry no simulation noise.
 */
export function expectedReceived(slot: WindowData): Map<string, number> {
  const urns = nullUrns(slot, null);
  const expected = new Map<string, number>();
  for (const [agent, degree] of outDegrees(slot)) {
    for (const channel of channels) {
      if (degree[channel] === 0) continue;
      const urn = ownUrn(slot, urns, channel, agent, null) ?? urns.fallback[channel];
      if (urn) addShares(expected, urn, agent, degree[channel]);
    }
  }
  return expected;
}

/**
 * Each shown author's Pearson residual: (received - expected) / sqrt(expected + 1). The scaling
 * puts authors with large and small audiences on one footing (a Poisson count's sd is
 * sqrt(expected)); the + 1 keeps authors the null barely reaches from dominating on one stray
 * comment. Authors are those whose content other agents were shown in the window.
 */
export function residualsOf(slot: WindowData, expected: ReadonlyMap<string, number>, edges: readonly Interaction[]): Map<string, number> {
  const received = new Map<string, number>();
  for (const e of edges) increment(received, e.target);
  const out = new Map<string, number>();
  for (const [author, shown] of slot.shownTotal) {
    if (!(shown > 0)) continue;
    const e = expected.get(author) ?? 0;
    out.set(author, ((received.get(author) ?? 0) - e) / Math.sqrt(e + 1));
  }
  return out;
}

/**
 * Authors shown to other agents in both windows: the agents the exposure null can engage. Agents
 * active only as voters or lurkers sit at PageRank's floor and at a residual of 0 in the data and
 * in every replicate, so they add only ties; docs/metrics.md's "active in both" is read here as
 * active as an author others were shown.
 */
export function shownInBoth(a: WindowData, b: WindowData): string[] {
  return [...a.shownTotal.keys()].filter((id) => (a.shownTotal.get(id) ?? 0) > 0 && (b.shownTotal.get(id) ?? 0) > 0).sort();
}

/** One replicate of the primary null's edges for one window (what the tests check: out-degrees kept). */
export function exposureNullEdges(ctx: AnalysisContext, window: number, replicate: number): Interaction[] {
  const slot = windowDataOf(ctx)[window];
  return slot ? exposureRewired(slot, ctx.seed, replicate) : [];
}

/**
 * One window's engagement beyond the exposure null (what the tests check against hand-computed
 * values): each shown author's expected comments under the null, received comments, and residual.
 */
export function engagementBeyondExposure(
  ctx: AnalysisContext,
  window: number,
): { expected: Record<string, number>; residuals: Record<string, number> } {
  const slot = windowDataOf(ctx)[window];
  if (!slot) return { expected: {}, residuals: {} };
  const expected = expectedReceived(slot);
  return {
    expected: rankingRecord(expected),
    residuals: rankingRecord(residualsOf(slot, expected, slot.edges)),
  };
}
