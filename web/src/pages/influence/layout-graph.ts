import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
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
 * FA2 costs about (nodes + edges) per iteration with Barnes-Hut; ~50 ms an iteration at 5,000
 * nodes and 30,000 edges in Node. The budget holds a large graph to a few seconds in the worker
 * while small graphs get up to 300 iterations and settle fully.
 */
const workBudget = 2_000_000;
const minIterations = 30;
const maxIterations = 300;

export function layoutIterations(nodeCount: number, edgeCount: number): number {
  return Math.max(minIterations, Math.min(maxIterations, Math.round(workBudget / Math.max(1, nodeCount + edgeCount))));
}

export function forceAtlasLayout(input: LayoutInput): LayoutResult {
  const count = input.x.length;
  const graph = new Graph({ type: "undirected", multi: false });
  // Keys are indexes: graphology keeps neighbours in plain objects (an agent named "__proto__" would collide).
  for (let i = 0; i < count; i++) graph.addNode(`n${i}`, { x: input.x[i] ?? 0, y: input.y[i] ?? 0 });
  for (const [s, t, comments] of input.edges) {
    if (s === t || s < 0 || t < 0 || s >= count || t >= count) continue;
    const a = `n${s}`;
    const b = `n${t}`;
    if (graph.hasEdge(a, b)) graph.updateEdgeAttribute(a, b, "weight", (w: number | undefined) => (w ?? 0) + comments);
    else graph.addEdge(a, b, { weight: comments });
  }
  const iterations = layoutIterations(graph.order, graph.size);
  if (graph.size > 0) {
    // Weights tempered (log) so one chatty pair does not collapse onto itself.
    forceAtlas2.assign(graph, {
      iterations,
      settings: forceAtlas2.inferSettings(graph),
      getEdgeWeight: (_edge, attributes) => Math.log1p(Number(attributes["weight"]) || 0),
    });
  }
  const x = new Float32Array(count);
  const y = new Float32Array(count);
  graph.forEachNode((key, attributes) => {
    const i = Number(key.slice(1));
    x[i] = Number(attributes["x"]);
    y[i] = Number(attributes["y"]);
  });
  return { x, y, iterations: graph.size > 0 ? iterations : 0 };
}
