import forceAtlas2 from "graphology-layout-forceatlas2";
import defaults from "graphology-layout-forceatlas2/defaults.js";
import iterate from "graphology-layout-forceatlas2/iterate.js";
import type { Edge } from "./graph-view.js";

/**
 * ForceAtlas2 over the run's cumulative comment graph, once per graph: every window is drawn at
 * these positions, so scrubbing moves sizes and edges, never nodes. It starts from graph.json's
 * precomputed layout (a d3-force layout written by `murmur analyze`) and runs a bounded number of
 * iterations - deterministic for the same input, and off the main thread (layout-worker.ts).
 * Pure: no DOM, so it runs in a worker, in node tests and in a bench.
 */

export interface LayoutInput {
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Commenter -> author over the whole run; direction is ignored by the layout. */
  readonly edges: readonly Edge[];
}

export interface LayoutResult {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly iterations: number;
}

/**
 * An FA2 iteration costs about 13 us per node (Barnes-Hut repulsion) and 0.1 us per edge
 * (attraction), measured in Node on a busy machine: 28 ms at 2,086 nodes and 4,506 edges, 77 ms at
 * 5,000 nodes and 134,000 edges. The budget, in node-equivalents summed over iterations, holds the
 * layout to about 2 s; graphs up to a few hundred nodes get 300 iterations and settle fully, the
 * largest at least 20 on top of graph.json's own layout, which is already close.
 */
const workBudget = 150_000;
const edgesPerNode = 100;
const minIterations = 20;
const maxIterations = 300;

export function layoutIterations(nodeCount: number, edgeCount: number): number {
  const cost = Math.max(1, nodeCount + edgeCount / edgesPerNode);
  return Math.max(minIterations, Math.min(maxIterations, Math.round(workBudget / cost)));
}

/** Floats per node and per edge in FA2's packed matrices (graphology-layout-forceatlas2's iterate.js). */
const perNode = 10;
const perEdge = 3;

/**
 * FA2's own matrices, packed the way the package packs a graphology graph (helpers.js): mass is
 * 1 + the weighted degree. Each commenter -> author pair is one edge of weight ln(1 + comments) -
 * tempered so one chatty pair does not collapse onto itself; a pair commenting both ways is two.
 */
export function packMatrices(input: LayoutInput): { nodes: Float32Array; edges: Float32Array } {
  const count = input.x.length;
  const nodes = new Float32Array(count * perNode);
  for (let i = 0; i < count; i++) {
    nodes[i * perNode] = input.x[i] ?? 0;
    nodes[i * perNode + 1] = input.y[i] ?? 0;
    nodes[i * perNode + 6] = 1;
    nodes[i * perNode + 7] = 1;
    nodes[i * perNode + 8] = 1;
  }
  const kept = input.edges.filter(([s, t, comments]) => s !== t && s >= 0 && t >= 0 && s < count && t < count && comments > 0);
  const edges = new Float32Array(kept.length * perEdge);
  kept.forEach(([s, t, comments], e) => {
    const weight = Math.log1p(comments);
    edges[e * perEdge] = s * perNode;
    edges[e * perEdge + 1] = t * perNode;
    edges[e * perEdge + 2] = weight;
    nodes[s * perNode + 6] = (nodes[s * perNode + 6] ?? 1) + weight;
    nodes[t * perNode + 6] = (nodes[t * perNode + 6] ?? 1) + weight;
  });
  return { nodes, edges };
}

export function forceAtlasLayout(input: LayoutInput): LayoutResult {
  const count = input.x.length;
  const matrices = packMatrices(input);
  const edgeCount = matrices.edges.length / perEdge;
  const iterations = edgeCount > 0 ? layoutIterations(count, edgeCount) : 0;
  const settings = { ...defaults, ...forceAtlas2.inferSettings(count) };
  for (let i = 0; i < iterations; i++) iterate(settings, matrices.nodes, matrices.edges);
  const x = new Float32Array(count);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    x[i] = matrices.nodes[i * perNode] ?? 0;
    y[i] = matrices.nodes[i * perNode + 1] ?? 0;
  }
  return { x, y, iterations };
}
