import { windowOfRound } from "../../log/windows.js";
import type { AnalysisLog } from "../../log/analysis-log.js";
import type { Window } from "../../log/windows.js";
import { authorResolver, kindResolver } from "../../graph/interactions.js";
import type { ContentKind, Interaction } from "../../graph/interactions.js";
import type { WeightedEdge } from "../../stats/pagerank.js";
import { increment } from "../../stats/urn.js";
import type { AnalysisContext } from "../metric-types.js";
import { maxFeedSlot, positionWeight, positionWeightsOf } from "./feed-position.js";
import type { PositionWeights } from "./feed-position.js";

/**
 * Where the item a comment answers reached its author: a post in the feed, a comment under a post
 * in the feed, or a reply delivered as a notification. The exposure null keeps each agent's
 * out-degree per channel, because answering a reply one was notified of is not a choice among the
 * feed's comments: drawing those answers from the feed's top comments (the authors of long-lived
 * hot threads) gave the null a persistence no reader had (knobs off: -1.2 null sds, of which
 * ~0.8 came from notification replies alone).
 */
export type Channel = ContentKind | "notification";
export const channels: readonly Channel[] = ["post", "comment", "notification"];

/** What the metric is computed from, per window; shared by compute and diagnose. */
export interface WindowData {
  readonly window: Window;
  readonly actives: ReadonlySet<string>;
  readonly edges: readonly Interaction[];
  /** The channel of each edge, index for index. */
  readonly channels: readonly Channel[];
  /**
   * viewer -> (author -> impressions weighted by feed position), separately per channel: each feed
   * impression counts its slot's relative engagement rate (feed-position.ts), a notification 1.
   * What the exposure null draws from.
   */
  readonly shown: Readonly<Record<Channel, ReadonlyMap<string, ReadonlyMap<string, number>>>>;
  /** author -> position-weighted impressions by other agents, separately per channel */
  readonly shownByKind: Readonly<Record<Channel, ReadonlyMap<string, number>>>;
  /** author -> impressions by other agents, all content, unweighted (counts) */
  readonly shownTotal: ReadonlyMap<string, number>;
  readonly upvotes: readonly WeightedEdge[];
}

/** Per-window data of a context, built once: compute, diagnose and the null helpers all read it. */
const windowDataCache = new WeakMap<AnalysisContext, WindowData[]>();
const positionCache = new WeakMap<AnalysisContext, PositionWeights>();

/** The feed-position weights of a context's log, fitted once. */
export function positionWeightsIn(ctx: AnalysisContext): PositionWeights {
  let weights = positionCache.get(ctx);
  if (!weights) {
    weights = positionWeightsOf(ctx.log);
    positionCache.set(ctx, weights);
  }
  return weights;
}

export function windowDataOf(ctx: AnalysisContext): WindowData[] {
  let data = windowDataCache.get(ctx);
  if (!data) {
    data = windowData(ctx.log, ctx.windows, positionWeightsIn(ctx));
    windowDataCache.set(ctx, data);
  }
  return data;
}

function windowData(log: AnalysisLog, windows: readonly Window[], weights: PositionWeights): WindowData[] {
  const authorOf = authorResolver(log);
  const kindOf = kindResolver(log);
  const data = windows.map((window) => ({
    window,
    actives: new Set<string>(),
    edges: [] as Interaction[],
    channels: [] as Channel[],
    shown: {
      post: new Map<string, Map<string, number>>(),
      comment: new Map<string, Map<string, number>>(),
      notification: new Map<string, Map<string, number>>(),
    },
    shownByKind: { post: new Map<string, number>(), comment: new Map<string, number>(), notification: new Map<string, number>() },
    shownTotal: new Map<string, number>(),
    upvotes: [] as WeightedEdge[],
  }));
  const at = (round: number): (typeof data)[number] | undefined => data[windowOfRound(windows, round)];
  for (const post of log.posts) at(post.round)?.actives.add(post.author);
  for (const comment of log.comments) at(comment.round)?.actives.add(comment.author);
  for (const vote of log.votes) {
    const slot = at(vote.round);
    if (!slot) continue;
    slot.actives.add(vote.voter);
    if (vote.delta > 0 && vote.voter !== vote.targetAuthor)
      slot.upvotes.push({ source: vote.voter, target: vote.targetAuthor, weight: vote.delta });
  }
  // (agent, item) pairs delivered as notifications: a reply to one of them answers the notification.
  const notified = new Set<string>();
  for (const exposure of log.exposures) {
    if (exposure.kind !== "notification") continue;
    for (const item of exposure.items) notified.add(`${exposure.agent}\u0000${item}`);
  }
  for (const comment of log.comments) {
    const target = authorOf(comment.parent ?? comment.post);
    if (target === null || target === comment.author) continue;
    const slot = at(comment.round);
    if (!slot) continue;
    const on: ContentKind = comment.parent === null ? "post" : "comment";
    slot.edges.push({ source: comment.author, target, round: comment.round, on });
    slot.channels.push(comment.parent !== null && notified.has(`${comment.author}\u0000${comment.parent}`) ? "notification" : on);
  }
  for (const exposure of log.exposures) {
    // Probe exposures show the question, not the platform's attention.
    if (exposure.kind === "probe") continue;
    const slot = at(exposure.round);
    if (!slot) continue;
    const feed = exposure.kind === "feed";
    let feedSlot = -1;
    for (const item of exposure.items) {
      const itemKind = kindOf(item);
      // The post's place in the feed; the comments carried under it share it (feed-position.ts).
      if (itemKind === "post" || feedSlot < 0) feedSlot = Math.min(maxFeedSlot, feedSlot + 1);
      const author = authorOf(item);
      if (author === null || author === exposure.agent) continue;
      const kind: Channel = exposure.kind === "notification" ? "notification" : itemKind;
      const weight = feed ? positionWeight(weights, itemKind, feedSlot) : 1;
      const rows = slot.shown[kind];
      let row = rows.get(exposure.agent);
      if (!row) {
        row = new Map();
        rows.set(exposure.agent, row);
      }
      increment(row, author, weight);
      increment(slot.shownByKind[kind], author, weight);
      increment(slot.shownTotal, author);
    }
  }
  return data;
}
