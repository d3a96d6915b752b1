import hits from "graphology-metrics/centrality/hits.js";
import { tieGraph } from "./commenter-ties.js";
import type { CommenterTie } from "./commenter-ties.js";

/** Top share of agents read as hubs and as authorities. */
export const roleTopShare = 0.01;

/** The `count` keys with the largest values, ties broken by key so the set is a function of the scores. */
function topKeys(scores: Readonly<Record<string, number>>, count: number): Set<string> {
  const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return new Set(ranked.slice(0, count).map(([key]) => key));
}

/**
 * Hub/authority split (HITS on the directed commenter -> author graph, weighted by comments): the
 * Jaccard overlap of the top 1 % hubs (agents who comment on the authorities) and the top 1 %
 * authorities (agents commented on). Price et al. find the roles separate cleanly on Moltbook -
 * broadcast attention, near 0 overlap; mutual exchange pushes it up. At least one agent each; null
 * without ties or when the power iteration does not converge.
 */
export function hubAuthorityOverlap(ties: readonly CommenterTie[]): number | null {
  if (ties.length === 0) return null;
  // Agent indexes as graph keys (AgentKeys); the top sets compare keys, so names are not needed back.
  const { graph } = tieGraph(ties, "directed");
  let scores: { hubs: Record<string, number>; authorities: Record<string, number> };
  try {
    scores = hits(graph, { getEdgeWeight: "weight", maxIterations: 1000, tolerance: 1e-10 });
  } catch {
    return null;
  }
  const count = Math.max(1, Math.ceil(roleTopShare * graph.order));
  const hubs = topKeys(scores.hubs, count);
  const authorities = topKeys(scores.authorities, count);
  let both = 0;
  for (const agent of hubs) if (authorities.has(agent)) both++;
  return both / (hubs.size + authorities.size - both);
}
