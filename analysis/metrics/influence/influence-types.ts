import type { WindowRange } from "../metric-types.js";
import type { RankingSummary } from "../../graph/ranking.js";
import type { NullComparison } from "../../stats/null-comparison.js";

export type { NullComparison } from "../../stats/null-comparison.js";
export type { RankingSummary } from "../../graph/ranking.js";

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
