import { mean, standardDeviation } from "simple-statistics";
import { compareCodePoints } from "../../core/util/compare.js";
import { topPercentShare, topShare } from "../stats/concentration.js";
import { pagerank } from "../stats/pagerank.js";
import type { WeightedEdge } from "../stats/pagerank.js";
import { spearman } from "../stats/spearman.js";
import type { RankingSummary } from "../../core/contracts/report-collective-metrics.js";

/** Agent id -> score (PageRank). */
export type Ranking = ReadonlyMap<string, number>;

/** Supernodes lie above mean + this many standard deviations of PageRank. */
const supernodeSds = 3;

interface Edge {
  readonly source: string;
  readonly target: string;
}

function unitEdges(list: readonly Edge[]): WeightedEdge[] {
  return list.map((e) => ({ source: e.source, target: e.target, weight: 1 }));
}

/** PageRank over the active agents and every edge's endpoints, each edge of weight 1. */
export function rankingOf(actives: ReadonlySet<string>, edges: readonly Edge[]): Ranking {
  return pagerank([...actives].sort(), unitEdges(edges));
}

/** Ids by descending score, ties in code-point order. */
export function ranked(ranking: Ranking): string[] {
  return [...ranking.entries()].sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0])).map(([id]) => id);
}

export function summariseRanking(ranking: Ranking): RankingSummary {
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

/** A ranking as a plain record, keys in code-point order (stable JSON). */
export function rankingRecord(ranking: Ranking): Record<string, number> {
  return Object.fromEntries([...ranking.entries()].sort((a, b) => compareCodePoints(a[0], b[0])));
}

/** Spearman of two rankings' scores over the given ids (absent ids score 0). */
export function persistence(a: Ranking, b: Ranking, both: readonly string[]): number {
  return spearman(
    both.map((id) => a.get(id) ?? 0),
    both.map((id) => b.get(id) ?? 0),
  );
}
