import { mean, median, quantileSorted, sampleStandardDeviation, standardDeviation } from "simple-statistics";
import { authorOfContent } from "../../core/ids.js";
import { RandomStream } from "../../core/random/stream.js";
import { contentIndex, missingTypes } from "../log/analysis-log.js";
import type { AnalysisLog, LogComment, LogPost } from "../log/analysis-log.js";
import { windowOfRound } from "../log/windows.js";
import type { Window } from "../log/windows.js";
import { gini, topPercentShare, topShare } from "../stats/concentration.js";
import { pagerank } from "../stats/pagerank.js";
import type { WeightedEdge } from "../stats/pagerank.js";
import { spearman } from "../stats/spearman.js";
import type { AnalysisContext, DiagnosticInput, Unavailable, WindowRange } from "./metric-types.js";
import { compareCodePoints } from "../../core/util/compare.js";

/**
 * METRICS.md 9, `influence`: who is engaged by whom, whether the same agents stay on top from one
 * window to the next, and whether that persistence exceeds what posting volume and feed position
 * alone produce (the activity- and exposure-matched rewiring null).
 *
 * The verdict's primary tests that null on each author's engagement *beyond* it: per window, the
 * comments an author received minus what the null expects given who was shown the author's
 * content (a Pearson residual), and whether those residuals keep their rank from one window to the
 * next, over the authors shown in both. The Spearman of raw PageRank is still reported per window
 * with its null (METRICS.md's persistence), but as the verdict it could not tell the presets apart:
 * raw persistence is ~0.5 in both the data and the null (exposure and posting volume persist), so a
 * persistent engagement multiplier moves it by ~0.01-0.03 against a null sd of ~0.04, while
 * concentration ties most agents at PageRank's floor (a stronger pull lowered it below the null).
 * Residuals remove each author's expected engagement first, so the null's persistence is ~0 and
 * what persists is exactly what the null says should not.
 */

/** Seeded replicates of each null (enough for a stable mean and sd of a correlation). */
export const influenceNullReplicates = 50;
/** Top-k for leader turnover: 1 % of a window's actives, at least this many. */
export const minTopK = 10;
/** A null spread below this is floating-point noise of identical replicates: no z is reported. */
const negligibleSd = 1e-12;
/** Supernodes lie above mean + this many standard deviations of PageRank. */
const supernodeSds = 3;

/** One comment as an edge: its author engaged the author of what it answers (a post or a comment). */
export interface Interaction {
  readonly source: string;
  readonly target: string;
  readonly round: number;
  readonly on: ContentKind;
}

export type ContentKind = "post" | "comment";

/**
 * Where the item a comment answers reached its author: a post in the feed, a comment under a post
 * in the feed, or a reply delivered as a notification. The exposure null keeps each agent's
 * out-degree per channel, because answering a reply one was notified of is not a choice among the
 * feed's comments: drawing those answers from the feed's top comments (the authors of long-lived
 * hot threads) gave the null a persistence no reader had (knobs off: -1.2 null sds, of which
 * ~0.8 came from notification replies alone).
 */
export type Channel = ContentKind | "notification";
const channels: readonly Channel[] = ["post", "comment", "notification"];

export interface RankingSummary {
  readonly nodes: number;
  readonly top1PercentShare: number | null;
  readonly top5Share: number | null;
  /** Agents above mean + 3 sd of PageRank. */
  readonly supernodes: readonly string[];
}

export interface NullComparison {
  readonly replicates: number;
  readonly mean: number | null;
  readonly sd: number | null;
  /** (observed - mean) / sd. */
  readonly z: number | null;
}

/** Consecutive-window comparison, on the row of the earlier window. */
export interface InfluenceTransition {
  /** Agents active in both windows (the Spearman sample). */
  readonly n: number;
  readonly spearman: number | null;
  readonly jaccardTopK: number | null;
  /** Share of this window's top-k still in the next window's top-k. */
  readonly leaderSurvival: number | null;
  /** Raw persistence against the exposure-matched null (out-degrees kept, targets drawn by what each agent was shown). */
  readonly exposureNull: NullComparison;
  /** Context only: in- and out-degrees kept, targets permuted. */
  readonly degreeNull: NullComparison;
  /** Context only: comments' windows shuffled across the run. */
  readonly timeNull: NullComparison;
  /** The primary's window pair: persistence of engagement beyond the exposure null. */
  readonly beyondExposure: BeyondExposure;
}

/**
 * Spearman, across the two windows, of each author's Pearson residual (received comments minus the
 * exposure null's expectation, over sqrt(expectation + 1)), over the authors whose content other
 * agents were shown in both windows; compared with the same statistic on the null's rewirings.
 */
export interface BeyondExposure {
  /** Authors shown to others in both windows (the Spearman sample and the bootstrap's units). */
  readonly n: number;
  readonly spearman: number | null;
  readonly exposureNull: NullComparison;
}

export interface ExposureSummary {
  /** Post and comment impressions of other agents' content in the window. */
  readonly impressions: number;
  readonly authorsShown: number;
  /** Share of impressions going to the top 1 % of shown authors. */
  readonly top1PercentShare: number | null;
  readonly gini: number | null;
  /** Comments received per impression, over authors shown at least once. */
  readonly engagementPerExposure: {
    readonly authors: number;
    readonly mean: number | null;
    readonly median: number | null;
    readonly p90: number | null;
    readonly pooled: number | null;
  };
  /** Spearman of exposure share and PageRank over the window's nodes: how much of PageRank is attention. */
  readonly spearmanWithPagerank: number | null;
}

export interface UpvoteSummary extends RankingSummary {
  readonly edges: number;
  readonly spearmanNext: number | null;
}

export interface InfluenceWindow extends WindowRange, RankingSummary {
  /** Agents that posted, commented or voted in the window; with the edges' endpoints they are the graph's nodes. */
  readonly actives: number;
  /** Comments that became edges (self-replies and unresolvable targets dropped). */
  readonly comments: number;
  readonly edges: number;
  readonly k: number;
  readonly topK: readonly string[];
  /** Agent id -> PageRank over the agents in this window's graph. */
  readonly pagerank: Readonly<Record<string, number>>;
  readonly next: InfluenceTransition | null;
  readonly exposure: ExposureSummary;
  /** Variant: voter -> author weighted by positive vote changes. */
  readonly upvotes: UpvoteSummary;
}

export interface InfluenceResult {
  readonly available: true;
  readonly nullReplicates: number;
  readonly windows: readonly InfluenceWindow[];
  readonly cumulative: RankingSummary & {
    readonly comments: number;
    readonly edges: number;
    readonly pagerank: Readonly<Record<string, number>>;
    readonly top10: readonly string[];
    readonly upvotes: RankingSummary & { readonly top10: readonly string[] };
  };
  /**
   * Primary: mean over window pairs of (beyondExposure.spearman - its exposure-null mean) / its
   * exposure-null sd - whether engagement beyond what the feed explains persists.
   */
  readonly primary: number | null;
  readonly primaryPairs: number;
  /**
   * Context, no verdict: the primary's standardisation against the other nulls, and the primary's
   * difference in Spearman units (observed - exposure-null mean), which unlike a z does not grow
   * with the number of agents.
   */
  readonly context: {
    /**
     * METRICS.md's raw persistence: mean over window pairs of (Spearman of PageRank over agents
     * active in both - exposure-null mean) / null sd. Reported, not the verdict (see the file's head).
     */
    readonly pagerankPersistence: number | null;
    readonly degreePreserving: number | null;
    readonly timeShuffled: number | null;
    readonly spearmanMinusNull: number | null;
    /** Mean over windows of the top-1 % PageRank share minus the exposure null's: concentration beyond feed position. */
    readonly top1PercentShareMinusNull: number | null;
    /** The same difference in the null's sds, mean over windows. */
    readonly top1PercentShareZ: number | null;
    /** The primary's difference in Spearman units (observed - null mean), mean over window pairs. */
    readonly beyondExposureMinusNull: number | null;
  };
}

type Ranking = ReadonlyMap<string, number>;

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function authorResolver(log: AnalysisLog): (id: string) => string | null {
  const index: Map<string, LogPost | LogComment> = contentIndex(log);
  return (id) => {
    const item = index.get(id);
    if (item) return item.author;
    // Imports may drop the item while keeping replies to it; sim ids name their author.
    try {
      return authorOfContent(id);
    } catch {
      return null;
    }
  };
}

function kindResolver(log: AnalysisLog): (id: string) => ContentKind {
  const comments = new Set(log.comments.map((c) => c.id));
  return (id) => (comments.has(id) || id.startsWith("c.") ? "comment" : "post");
}

/** Every comment as commenter -> author of the post (top-level) or parent comment (reply); self-loops dropped. */
export function interactions(log: AnalysisLog, authorOf: (id: string) => string | null = authorResolver(log)): Interaction[] {
  const out: Interaction[] = [];
  for (const comment of log.comments) {
    const target = authorOf(comment.parent ?? comment.post);
    if (target !== null && target !== comment.author) {
      out.push({ source: comment.author, target, round: comment.round, on: comment.parent === null ? "post" : "comment" });
    }
  }
  return out;
}

function unitEdges(list: readonly { readonly source: string; readonly target: string }[]): WeightedEdge[] {
  return list.map((e) => ({ source: e.source, target: e.target, weight: 1 }));
}

function ranked(ranking: Ranking): string[] {
  return [...ranking.entries()].sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0])).map(([id]) => id);
}

function summarise(ranking: Ranking): RankingSummary {
  const values = [...ranking.values()];
  if (values.length === 0) return { nodes: 0, top1PercentShare: null, top5Share: null, supernodes: [] };
  const threshold = mean(values) + supernodeSds * standardDeviation(values);
  return {
    nodes: values.length,
    top1PercentShare: topPercentShare(values, 1),
    top5Share: topShare(values, 5),
    supernodes: ranked(ranking).filter((id) => (ranking.get(id) ?? 0) > threshold),
  };
}

function asRecord(ranking: Ranking): Record<string, number> {
  return Object.fromEntries([...ranking.entries()].sort((a, b) => compareCodePoints(a[0], b[0])));
}

/** Spearman of two windows' PageRank over the agents active in both. */
function persistence(a: Ranking, b: Ranking, both: readonly string[]): number {
  return spearman(
    both.map((id) => a.get(id) ?? 0),
    both.map((id) => b.get(id) ?? 0),
  );
}

function compare(observed: number, replicates: readonly number[]): NullComparison {
  const values = replicates.filter((v) => Number.isFinite(v));
  if (values.length < 2) return { replicates: values.length, mean: values.length === 1 ? (values[0] ?? null) : null, sd: null, z: null };
  const m = mean(values);
  const sd = sampleStandardDeviation(values);
  // A spread at floating-point noise means identical replicates: no z rather than a huge one.
  return { replicates: values.length, mean: m, sd, z: sd > negligibleSd && Number.isFinite(observed) ? (observed - m) / sd : null };
}

/** Cumulative weights for drawing keys in proportion to counts. */
interface Urn {
  readonly keys: readonly string[];
  readonly cumulative: Float64Array;
}

function urnOf(counts: ReadonlyMap<string, number>, exclude: string | null): Urn | null {
  const keys: string[] = [];
  const weights: number[] = [];
  for (const [key, count] of [...counts.entries()].sort((a, b) => compareCodePoints(a[0], b[0]))) {
    if (key === exclude || !(count > 0)) continue;
    keys.push(key);
    weights.push(count);
  }
  if (keys.length === 0) return null;
  const cumulative = new Float64Array(keys.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cumulative[i] = total;
  });
  return { keys, cumulative };
}

function draw(urn: Urn, random: RandomStream): string {
  const total = urn.cumulative[urn.cumulative.length - 1] ?? 0;
  const target = random.next() * total;
  let lo = 0;
  let hi = urn.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((urn.cumulative[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return urn.keys[lo] ?? urn.keys[0] ?? "";
}

function shuffle<T>(items: T[], random: RandomStream): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const a = items[i];
    const b = items[j];
    if (a !== undefined && b !== undefined) {
      items[i] = b;
      items[j] = a;
    }
  }
}

/** What the metric is computed from, per window; shared by compute and diagnose. */
interface WindowData {
  readonly window: Window;
  readonly actives: ReadonlySet<string>;
  readonly edges: readonly Interaction[];
  /** The channel of each edge, index for index. */
  readonly channels: readonly Channel[];
  /** viewer -> (author -> impressions), separately per channel */
  readonly shown: Readonly<Record<Channel, ReadonlyMap<string, ReadonlyMap<string, number>>>>;
  /** author -> impressions by other agents, separately per channel */
  readonly shownByKind: Readonly<Record<Channel, ReadonlyMap<string, number>>>;
  /** author -> impressions by other agents, all content */
  readonly shownTotal: ReadonlyMap<string, number>;
  readonly upvotes: readonly WeightedEdge[];
}

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Per-window data of a context, built once: compute, diagnose and the null helpers all read it. */
const windowDataCache = new WeakMap<AnalysisContext, WindowData[]>();

function windowDataOf(ctx: AnalysisContext): WindowData[] {
  let data = windowDataCache.get(ctx);
  if (!data) {
    data = windowData(ctx.log, ctx.windows);
    windowDataCache.set(ctx, data);
  }
  return data;
}

function windowData(log: AnalysisLog, windows: readonly Window[]): WindowData[] {
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
    for (const item of exposure.items) {
      const author = authorOf(item);
      if (author === null || author === exposure.agent) continue;
      const kind: Channel = exposure.kind === "notification" ? "notification" : kindOf(item);
      const rows = slot.shown[kind];
      let row = rows.get(exposure.agent);
      if (!row) {
        row = new Map();
        rows.set(exposure.agent, row);
      }
      increment(row, author);
      increment(slot.shownByKind[kind], author);
      increment(slot.shownTotal, author);
    }
  }
  return data;
}

function nodesOf(actives: ReadonlySet<string>, edges: readonly { readonly source: string; readonly target: string }[]): Set<string> {
  const nodes = new Set(actives);
  for (const e of edges) {
    nodes.add(e.source);
    nodes.add(e.target);
  }
  return nodes;
}

function rankingOf(actives: ReadonlySet<string>, edges: readonly { readonly source: string; readonly target: string }[]): Ranking {
  return pagerank([...actives].sort(), unitEdges(edges));
}

/**
 * The primary null for one window: each agent keeps its out-degree - split by channel into answers
 * to feed posts, to comments shown under them, and to replies it was notified of, because agents
 * answer posts far more often than the comments shown under them and answer notifications of
 * their own threads, and those choices are not about whom - and each edge goes to an author drawn
 * in proportion to how often that author's content was shown to the agent through that channel in
 * the window. An agent shown none falls back to the window's global impressions of that channel,
 * then to all impressions, so out-degrees are kept whenever anything was shown at all. Keyed by
 * (seed, agent, window, replicate) so one agent's draws never depend on another's.
 */
interface NullUrns {
  readonly own: Readonly<Record<Channel, Map<string, Urn | null>>>;
  readonly fallback: Readonly<Record<Channel, Urn | null>>;
}

/** Urns depend only on the window, so all replicates share them. */
const urnCache = new WeakMap<WindowData, NullUrns>();

function nullUrns(slot: WindowData): NullUrns {
  let urns = urnCache.get(slot);
  if (!urns) {
    const everything = urnOf(slot.shownTotal, null);
    urns = {
      own: { post: new Map(), comment: new Map(), notification: new Map() },
      fallback: {
        post: urnOf(slot.shownByKind.post, null) ?? everything,
        comment: urnOf(slot.shownByKind.comment, null) ?? everything,
        notification: urnOf(slot.shownByKind.notification, null) ?? urnOf(slot.shownByKind.comment, null) ?? everything,
      },
    };
    urnCache.set(slot, urns);
  }
  return urns;
}

function exposureRewired(slot: WindowData, seed: number, replicate: number): Interaction[] {
  const outDegree = outDegrees(slot);
  const urns = nullUrns(slot);
  const out: Interaction[] = [];
  for (const [agent, degree] of [...outDegree.entries()].sort((a, b) => compareCodePoints(a[0], b[0]))) {
    const random = new RandomStream(seed, agent, slot.window.index, `influence-exposure-null-${replicate}`);
    for (const channel of channels) {
      if (degree[channel] === 0) continue;
      // A notification reply answers a comment: the rewired edge keeps that kind.
      const on: ContentKind = channel === "post" ? "post" : "comment";
      let own = urns.own[channel].get(agent);
      if (own === undefined) {
        const row = slot.shown[channel].get(agent);
        own = row ? urnOf(row, agent) : null;
        urns.own[channel].set(agent, own);
      }
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

/** An urn's probabilities with one key left out (the null never draws an agent's own content). */
function addShares(into: Map<string, number>, urn: Urn, exclude: string, times: number): void {
  let total = 0;
  let excluded = 0;
  urn.keys.forEach((key, i) => {
    const weight = (urn.cumulative[i] ?? 0) - (i > 0 ? (urn.cumulative[i - 1] ?? 0) : 0);
    total += weight;
    if (key === exclude) excluded = weight;
  });
  const kept = total - excluded;
  if (!(kept > 0)) return;
  urn.keys.forEach((key, i) => {
    if (key === exclude) return;
    const weight = (urn.cumulative[i] ?? 0) - (i > 0 ? (urn.cumulative[i - 1] ?? 0) : 0);
    increment(into, key, (times * weight) / kept);
  });
}

/**
 * Comments each author is expected to receive in the window under the exposure null, exactly:
 * every agent's per-channel out-degree times the chance the null draws that author (its own urn,
 * or the fallback urn with its own content redrawn - i.e. renormalised without it). Exact rather
 * than averaged over replicates, so the residuals carry no simulation noise.
 */
function expectedReceived(slot: WindowData): Map<string, number> {
  const urns = nullUrns(slot);
  const expected = new Map<string, number>();
  for (const [agent, degree] of outDegrees(slot)) {
    for (const channel of channels) {
      if (degree[channel] === 0) continue;
      const row = slot.shown[channel].get(agent);
      const own = row ? urnOf(row, agent) : null;
      const urn = own ?? urns.fallback[channel];
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
function residualsOf(slot: WindowData, expected: ReadonlyMap<string, number>, edges: readonly Interaction[]): Map<string, number> {
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
 * in every replicate, so they add only ties; METRICS.md's "active in both" is read here as
 * active as an author others were shown.
 */
function shownInBoth(a: WindowData, b: WindowData): string[] {
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
    expected: asRecord(expected),
    residuals: asRecord(residualsOf(slot, expected, slot.edges)),
  };
}

/** Context null: targets permuted among the window's edges (in- and out-degrees kept). */
function degreeRewired(slot: WindowData, seed: number, replicate: number): Interaction[] {
  const random = new RandomStream(seed, "influence", slot.window.index, `influence-degree-null-${replicate}`);
  const sources = slot.edges.map((e) => e.source);
  const targets = slot.edges.map((e) => e.target);
  shuffle(targets, random);
  for (let i = 0; i < targets.length; i++) {
    // Swap a self-loop away when a partner swap keeps both edges loop-free; give up after a few tries.
    for (let attempt = 0; attempt < 20 && sources[i] === targets[i]; attempt++) {
      const j = random.int(targets.length);
      const ti = targets[i] ?? "";
      const tj = targets[j] ?? "";
      if (sources[j] !== ti && sources[i] !== tj) {
        targets[i] = tj;
        targets[j] = ti;
      }
    }
  }
  return sources.map((source, i) => ({
    source,
    target: targets[i] ?? source,
    round: slot.window.fromRound,
    on: slot.edges[i]?.on ?? "post",
  }));
}

/** Context null: every comment's window label permuted across the run (window sizes kept). */
function timeShuffled(data: readonly WindowData[], seed: number, replicate: number): Interaction[][] {
  const random = new RandomStream(seed, "influence", 0, `influence-time-null-${replicate}`);
  const all = data.flatMap((slot) => slot.edges);
  const labels = data.flatMap((slot, w) => slot.edges.map(() => w));
  shuffle(labels, random);
  const out: Interaction[][] = data.map(() => []);
  all.forEach((edge, i) => out[labels[i] ?? 0]?.push(edge));
  return out;
}

function activeInBoth(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((id) => b.has(id)).sort();
}

function topKOf(ranking: Ranking, actives: number): { k: number; top: string[] } {
  const k = Math.max(minTopK, Math.round(actives / 100));
  return { k, top: ranked(ranking).slice(0, k) };
}

function exposureSummary(slot: WindowData, ranking: Ranking): ExposureSummary {
  const impressions = [...slot.shownTotal.values()].reduce((a, b) => a + b, 0);
  const received = new Map<string, number>();
  for (const e of slot.edges) increment(received, e.target);
  const rates: number[] = [];
  let pooledReceived = 0;
  for (const [author, shown] of slot.shownTotal) {
    if (!(shown > 0)) continue;
    const r = received.get(author) ?? 0;
    rates.push(r / shown);
    pooledReceived += r;
  }
  rates.sort((a, b) => a - b);
  const nodes = [...ranking.keys()].sort();
  return {
    impressions,
    authorsShown: slot.shownTotal.size,
    top1PercentShare: topPercentShare([...slot.shownTotal.values()], 1),
    gini: gini(slot.shownTotal.values()),
    engagementPerExposure: {
      authors: rates.length,
      mean: rates.length > 0 ? mean(rates) : null,
      median: rates.length > 0 ? median(rates) : null,
      p90: rates.length > 0 ? quantileSorted(rates, 0.9) : null,
      pooled: impressions > 0 ? pooledReceived / impressions : null,
    },
    spearmanWithPagerank: finite(
      spearman(
        nodes.map((id) => (impressions > 0 ? (slot.shownTotal.get(id) ?? 0) / impressions : 0)),
        nodes.map((id) => ranking.get(id) ?? 0),
      ),
    ),
  };
}

function beyondExposure(
  before: ReadonlyMap<string, number> | undefined,
  after: ReadonlyMap<string, number> | undefined,
  both: readonly string[],
  replicates: readonly number[],
): BeyondExposure {
  const rho = persistence(before ?? new Map(), after ?? new Map(), both);
  return { n: both.length, spearman: finite(rho), exposureNull: compare(rho, replicates) };
}

/** Mean of the finite values, or null. */
function meanOrNull(values: readonly (number | null)[]): number | null {
  const kept = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return kept.length > 0 ? mean(kept) : null;
}

export function computeInfluence(ctx: AnalysisContext): InfluenceResult | Unavailable {
  const missing = missingTypes(ctx.log, ["comment", "vote", "exposure"]);
  if (missing !== null) return { available: false, reason: missing };
  const data = windowDataOf(ctx);
  const observed = data.map((slot) => rankingOf(slot.actives, slot.edges));
  const upvoteRankings = data.map((slot) => pagerank([...slot.actives].sort(), slot.upvotes));

  const R = influenceNullReplicates;
  const nullRho: number[][] = data.map(() => []);
  const nullTop1: number[][] = data.map(() => []);
  const degreeRho: number[][] = data.map(() => []);
  const timeRho: number[][] = data.map(() => []);
  const pairs = data.map((slot, w) => {
    const next = data[w + 1];
    return next ? activeInBoth(slot.actives, next.actives) : [];
  });
  const expected = data.map((slot) => expectedReceived(slot));
  const residuals = data.map((slot, w) => residualsOf(slot, expected[w] ?? new Map(), slot.edges));
  const shownPairs = data.map((slot, w) => {
    const next = data[w + 1];
    return next ? shownInBoth(slot, next) : [];
  });
  const nullResidualRho: number[][] = data.map(() => []);
  for (let r = 0; r < R; r++) {
    const rewired = data.map((slot) => exposureRewired(slot, ctx.seed, r));
    const exposureRankings = data.map((slot, w) => rankingOf(slot.actives, rewired[w] ?? []));
    const nullResiduals = data.map((slot, w) => residualsOf(slot, expected[w] ?? new Map(), rewired[w] ?? []));
    for (let w = 0; w + 1 < data.length; w++)
      nullResidualRho[w]?.push(persistence(nullResiduals[w] ?? new Map(), nullResiduals[w + 1] ?? new Map(), shownPairs[w] ?? []));
    exposureRankings.forEach((ranking, w) => {
      const share = topPercentShare([...ranking.values()], 1);
      if (share !== null) nullTop1[w]?.push(share);
    });
    const degreeRankings = data.map((slot) => rankingOf(slot.actives, degreeRewired(slot, ctx.seed, r)));
    const shuffled = timeShuffled(data, ctx.seed, r);
    const timeRankings = data.map((slot, w) => rankingOf(slot.actives, shuffled[w] ?? []));
    for (let w = 0; w + 1 < data.length; w++) {
      const both = pairs[w] ?? [];
      const pick = (rankings: Ranking[]): number => persistence(rankings[w] ?? new Map(), rankings[w + 1] ?? new Map(), both);
      nullRho[w]?.push(pick(exposureRankings));
      degreeRho[w]?.push(pick(degreeRankings));
      timeRho[w]?.push(pick(timeRankings));
    }
  }

  const windows: InfluenceWindow[] = data.map((slot, w) => {
    const ranking = observed[w] ?? new Map<string, number>();
    const { k, top } = topKOf(ranking, slot.actives.size);
    let next: InfluenceTransition | null = null;
    const following = data[w + 1];
    if (following) {
      const nextRanking = observed[w + 1] ?? new Map<string, number>();
      const both = pairs[w] ?? [];
      const rho = persistence(ranking, nextRanking, both);
      const nextTop = topKOf(nextRanking, following.actives.size).top;
      const nextSet = new Set(nextTop);
      const shared = top.filter((id) => nextSet.has(id)).length;
      const union = new Set([...top, ...nextTop]).size;
      next = {
        n: both.length,
        spearman: finite(rho),
        jaccardTopK: union > 0 ? shared / union : null,
        leaderSurvival: top.length > 0 ? shared / top.length : null,
        exposureNull: compare(rho, nullRho[w] ?? []),
        degreeNull: compare(rho, degreeRho[w] ?? []),
        timeNull: compare(rho, timeRho[w] ?? []),
        beyondExposure: beyondExposure(residuals[w], residuals[w + 1], shownPairs[w] ?? [], nullResidualRho[w] ?? []),
      };
    }
    const upvoteRanking = upvoteRankings[w] ?? new Map<string, number>();
    const upvoteNext = upvoteRankings[w + 1];
    return {
      index: slot.window.index,
      fromRound: slot.window.fromRound,
      toRound: slot.window.toRound,
      actives: slot.actives.size,
      comments: slot.edges.length,
      edges: new Set(slot.edges.map((e) => `${e.source}\u0000${e.target}`)).size,
      ...summarise(ranking),
      k,
      topK: top,
      pagerank: asRecord(ranking),
      next,
      exposure: exposureSummary(slot, ranking),
      upvotes: {
        ...summarise(upvoteRanking),
        edges: new Set(slot.upvotes.map((e) => `${e.source}\u0000${e.target}`)).size,
        spearmanNext: upvoteNext ? finite(persistence(upvoteRanking, upvoteNext, pairs[w] ?? [])) : null,
      },
    };
  });

  const allActives = new Set(data.flatMap((slot) => [...slot.actives]));
  const allEdges = data.flatMap((slot) => slot.edges);
  const cumulative = rankingOf(allActives, allEdges);
  const cumulativeUpvotes = pagerank(
    [...allActives].sort(),
    data.flatMap((slot) => slot.upvotes),
  );
  const transitions = windows.flatMap((w) => (w.next ? [w.next] : []));
  const primaryValues = transitions.map((t) => t.beyondExposure.exposureNull.z).filter((z): z is number => z !== null);
  const concentration = windows.map((w, i) => compare(w.top1PercentShare ?? Number.NaN, nullTop1[i] ?? []));
  return {
    available: true,
    nullReplicates: R,
    windows,
    cumulative: {
      ...summarise(cumulative),
      comments: allEdges.length,
      edges: new Set(allEdges.map((e) => `${e.source}\u0000${e.target}`)).size,
      pagerank: asRecord(cumulative),
      top10: ranked(cumulative).slice(0, 10),
      upvotes: { ...summarise(cumulativeUpvotes), top10: ranked(cumulativeUpvotes).slice(0, 10) },
    },
    primary: meanOrNull(primaryValues),
    primaryPairs: primaryValues.length,
    context: {
      pagerankPersistence: meanOrNull(transitions.map((t) => t.exposureNull.z)),
      degreePreserving: meanOrNull(transitions.map((t) => t.degreeNull.z)),
      timeShuffled: meanOrNull(transitions.map((t) => t.timeNull.z)),
      spearmanMinusNull: meanOrNull(
        transitions.map((t) => (t.spearman !== null && t.exposureNull.mean !== null ? t.spearman - t.exposureNull.mean : null)),
      ),
      top1PercentShareMinusNull: meanOrNull(
        windows.map((w, i) =>
          w.top1PercentShare !== null && concentration[i]?.mean != null ? w.top1PercentShare - (concentration[i]?.mean ?? 0) : null,
        ),
      ),
      top1PercentShareZ: meanOrNull(concentration.map((c) => c.z)),
      beyondExposureMinusNull: meanOrNull(
        transitions.map((t) => {
          const b = t.beyondExposure;
          return b.spearman !== null && b.exposureNull.mean !== null ? b.spearman - b.exposureNull.mean : null;
        }),
      ),
    },
  };
}

/** One author's residual (engagement beyond the exposure null) in both windows of each consecutive pair it was shown in. */
export interface InfluenceUnit {
  readonly agent: string;
  readonly pairs: readonly { readonly pair: number; readonly before: number; readonly after: number }[];
}

/**
 * The verdict's input. Units are agents (METRICS.md: the bootstrap resamples agents) - the authors
 * shown in both windows of a pair, the primary's Spearman sample - each with its residual pairs
 * (recomputed from the log: deterministic and exact, see expectedReceived). The statistic
 * recomputes the primary on a resample: per window pair, Spearman over the resampled agents' pairs
 * (duplicates kept), minus the exposure null's mean, divided by the null's sd - both fixed from the
 * full data, because re-running 50 rewirings per bootstrap resample would cost 1000 x 50 rewirings
 * per window and the null describes the platform's exposure process, not the sample of agents. The
 * CI therefore carries the sampling uncertainty of the observed persistence, in units of the
 * null's spread.
 */
export function diagnoseInfluence(ctx: AnalysisContext, result: InfluenceResult): DiagnosticInput<InfluenceUnit> {
  const data = windowDataOf(ctx);
  const residuals = data.map((slot) => residualsOf(slot, expectedReceived(slot), slot.edges));
  const usable: { pair: number; mean: number; sd: number }[] = [];
  result.windows.forEach((w, i) => {
    const b = w.next?.beyondExposure;
    if (b && b.exposureNull.mean !== null && b.exposureNull.sd !== null && b.exposureNull.z !== null && b.spearman !== null)
      usable.push({ pair: i, mean: b.exposureNull.mean, sd: b.exposureNull.sd });
  });
  const byAgent = new Map<string, { pair: number; before: number; after: number }[]>();
  for (const { pair } of usable) {
    const a = data[pair];
    const b = data[pair + 1];
    if (!a || !b) continue;
    const before = residuals[pair] ?? new Map<string, number>();
    const after = residuals[pair + 1] ?? new Map<string, number>();
    for (const agent of shownInBoth(a, b)) {
      let list = byAgent.get(agent);
      if (!list) {
        list = [];
        byAgent.set(agent, list);
      }
      list.push({ pair, before: before.get(agent) ?? 0, after: after.get(agent) ?? 0 });
    }
  }
  const units: InfluenceUnit[] = [...byAgent.entries()]
    .sort((x, y) => compareCodePoints(x[0], y[0]))
    .map(([agent, pairs]) => ({ agent, pairs }));
  const statistic = (sample: readonly InfluenceUnit[]): number => {
    const xs = new Map<number, number[]>();
    const ys = new Map<number, number[]>();
    for (const unit of sample) {
      for (const p of unit.pairs) {
        let x = xs.get(p.pair);
        let y = ys.get(p.pair);
        if (!x || !y) {
          x = [];
          y = [];
          xs.set(p.pair, x);
          ys.set(p.pair, y);
        }
        x.push(p.before);
        y.push(p.after);
      }
    }
    const zs: number[] = [];
    for (const { pair, mean: m, sd } of usable) {
      const rho = spearman(xs.get(pair) ?? [], ys.get(pair) ?? []);
      if (Number.isFinite(rho)) zs.push((rho - m) / sd);
    }
    return zs.length > 0 ? mean(zs) : Number.NaN;
  };
  return { units, statistic };
}
