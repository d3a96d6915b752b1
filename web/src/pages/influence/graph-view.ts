/**
 * What the explorer shows of graph.json for one choice of window: pure derivation, no DOM, so it
 * is tested in node. Everything here is computed once per window and cached by the caller.
 */

import type { InfluenceGraphNode, InfluenceGraphWindow } from "../../../../core/contracts/graph.js";

/** Commenter to author, weighted by the comments in the window. */
export type Edge = readonly [source: number, target: number, comments: number];

/** What one frame shows: a single window, or every window summed. */
export interface View {
  readonly label: string;
  /** PageRank by node index; NaN where the node took no part. */
  readonly pagerank: Float64Array;
  readonly present: number;
  /** Heaviest first. */
  readonly edges: readonly Edge[];
  readonly comments: number;
  /** Present nodes by PageRank, highest first. */
  readonly ranked: readonly number[];
  /** The view's own graph, as exported: ranked nodes and every edge's ends, in node order. */
  readonly members: readonly number[];
}

/** Which view the explorer asks for: a window by its position in graph.json, or all of them. */
export interface ViewChoice {
  readonly window: number;
  readonly cumulative: boolean;
}

/** Views derived on first use and kept: scrubbing back and forth costs nothing after one pass. */
export function viewCache(nodeCount: number, windows: readonly InfluenceGraphWindow[]): (choice: ViewChoice) => View {
  const byWindow = new Map<number, View>();
  let cumulative: View | null = null;
  return (choice) => {
    if (choice.cumulative) return (cumulative ??= allWindowsView(nodeCount, windows));
    const cached = byWindow.get(choice.window);
    if (cached) return cached;
    const made = windowView(nodeCount, windows, choice.window);
    byWindow.set(choice.window, made);
    return made;
  };
}

/** Drops edges the file should never hold (unknown nodes, self-comments, empty counts) and sorts heaviest first. */
export function cleanEdges(edges: Iterable<Edge>, nodeCount: number): Edge[] {
  const kept: Edge[] = [];
  for (const edge of edges) {
    const [s, t, comments] = edge;
    if (s !== t && s >= 0 && t >= 0 && s < nodeCount && t < nodeCount && comments > 0) kept.push(edge);
  }
  return kept.sort((a, b) => b[2] - a[2]);
}

function finishView(label: string, pagerank: Float64Array, edges: Edge[]): View {
  const ranked: number[] = [];
  pagerank.forEach((value, i) => {
    if (!Number.isNaN(value)) ranked.push(i);
  });
  ranked.sort((a, b) => (pagerank[b] ?? 0) - (pagerank[a] ?? 0));
  const inView = new Set(ranked);
  for (const [s, t] of edges) inView.add(s).add(t);
  const members = [...inView].sort((a, b) => a - b);
  const comments = edges.reduce((sum, edge) => sum + edge[2], 0);
  return { label, pagerank, present: ranked.length, edges, comments, ranked, members };
}

function readPagerank(slice: InfluenceGraphWindow, into: (index: number, value: number) => void, nodeCount: number): void {
  for (const [key, value] of Object.entries(slice.pagerank)) {
    const index = Number(key);
    if (Number.isInteger(index) && index >= 0 && index < nodeCount && Number.isFinite(value)) into(index, value);
  }
}

export function windowView(nodeCount: number, windows: readonly InfluenceGraphWindow[], position: number): View {
  const slice = windows[position];
  const pagerank = new Float64Array(nodeCount).fill(Number.NaN);
  if (!slice) return finishView(`window ${position}`, pagerank, []);
  readPagerank(slice, (i, value) => (pagerank[i] = value), nodeCount);
  return finishView(`window ${slice.index}: rounds ${slice.fromRound}-${slice.toRound}`, pagerank, cleanEdges(slice.edges, nodeCount));
}

/** Every window at once: edges summed, size by mean PageRank (a window the node sat out counts as 0). */
export function allWindowsView(nodeCount: number, windows: readonly InfluenceGraphWindow[]): View {
  const total = new Float64Array(nodeCount);
  const seen = new Uint8Array(nodeCount);
  const summed = new Map<number, number>();
  for (const slice of windows) {
    readPagerank(
      slice,
      (i, value) => {
        total[i] = (total[i] ?? 0) + value;
        seen[i] = 1;
      },
      nodeCount,
    );
    for (const [s, t, comments] of slice.edges) {
      // Checked here because a bad index would alias another pair in the packed key.
      if (!Number.isInteger(s) || !Number.isInteger(t) || s < 0 || t < 0 || s >= nodeCount || t >= nodeCount) continue;
      const key = s * nodeCount + t;
      summed.set(key, (summed.get(key) ?? 0) + comments);
    }
  }
  const pagerank = total.map((sum, i) => (seen[i] === 1 ? sum / windows.length : Number.NaN));
  const edges = function* (): Generator<Edge> {
    for (const [key, comments] of summed) yield [Math.floor(key / nodeCount), key % nodeCount, comments];
  };
  const first = windows[0];
  const last = windows[windows.length - 1];
  const label = first && last ? `all ${windows.length} windows: rounds ${first.fromRound}-${last.toRound}` : "all windows";
  return finishView(label, pagerank, cleanEdges(edges(), nodeCount));
}

/** Indices of the persistent leaders, in node order (they get a gold ring). */
export function persistentLeaders(nodes: readonly InfluenceGraphNode[]): number[] {
  return nodes.flatMap((node, i) => (node.persistentLeader ? [i] : []));
}

/** Leaders for the list under the graph: most windows in the top-k first, ties in node order. */
export function leadersByTenure(nodes: readonly InfluenceGraphNode[], leaders: readonly number[]): number[] {
  return [...leaders].sort((a, b) => (nodes[b]?.topWindows.length ?? 0) - (nodes[a]?.topWindows.length ?? 0));
}
