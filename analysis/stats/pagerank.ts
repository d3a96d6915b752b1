import { DirectedGraph } from "graphology";
import pagerankOf from "graphology-metrics/centrality/pagerank.js";

/** METRICS.md 9: damping 0.85. */
export const pagerankDamping = 0.85;

/** Total L1 change between iterations at which the power iteration stops. */
const convergenceL1 = 1e-9;

export interface WeightedEdge {
  readonly source: string;
  readonly target: string;
  readonly weight: number;
}

/**
 * Weighted PageRank with damping 0.85, uniform teleport, and the mass of dangling nodes (no
 * out-weight) spread uniformly over all nodes - what graphology-metrics 2.4.2 computes (checked
 * in its source: out-weights are normalised per node, dangling mass is added as dangleSum / N).
 * Its default stop rule, L1 change < N x 1e-6, is loose relative to values that average 1 / N
 * (10 % of the mean value at 100k nodes), so the tolerance is scaled to a fixed total L1 change.
 * Parallel edges are summed and self-loops dropped before the graph is built, because
 * graphology's simple directed graph cannot hold either the way METRICS.md counts them.
 */
export function pagerank(nodes: Iterable<string>, edges: Iterable<WeightedEdge>): Map<string, number> {
  const weights = new Map<string, Map<string, number>>();
  const nodeSet = new Set<string>(nodes);
  for (const edge of edges) {
    if (edge.source === edge.target || !(edge.weight > 0)) continue;
    nodeSet.add(edge.source);
    nodeSet.add(edge.target);
    let out = weights.get(edge.source);
    if (!out) {
      out = new Map();
      weights.set(edge.source, out);
    }
    out.set(edge.target, (out.get(edge.target) ?? 0) + edge.weight);
  }
  const result = new Map<string, number>();
  if (nodeSet.size === 0) return result;
  const graph = new DirectedGraph<Record<string, never>, { weight: number }>();
  for (const node of nodeSet) graph.addNode(node);
  for (const [source, out] of weights) {
    for (const [target, weight] of out) graph.addDirectedEdge(source, target, { weight });
  }
  const values = pagerankOf(graph, {
    getEdgeWeight: "weight",
    alpha: pagerankDamping,
    maxIterations: 2000,
    tolerance: convergenceL1 / nodeSet.size,
  });
  for (const node of nodeSet) result.set(node, values[node] ?? 0);
  return result;
}
