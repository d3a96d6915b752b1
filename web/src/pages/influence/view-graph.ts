import Graph from "graphology";
import type { InfluenceGraphNode } from "../../../../core/contracts/graph.js";
import type { View } from "./graph-view.js";
import { absentColour, agentLabel, edgeColour, edgeSize, nodeSize, sizeScale } from "./node-style.js";
import type { Palette } from "./palette.js";

/**
 * The graphology graph sigma draws for one view: every agent at its fixed position (absent ones as
 * grey dots, so the picture keeps its shape across windows) and the view's edges, commenter ->
 * author, as arrows. Node keys are indexes into graph.json's nodes. No DOM: tested in node.
 */

export interface Positions {
  readonly x: Float32Array;
  readonly y: Float32Array;
}

export interface DrawnNode {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  /** Active nodes above absent ones, larger above smaller. */
  zIndex: number;
  [key: string]: unknown;
}

export interface DrawnEdge {
  size: number;
  color: string;
  comments: number;
  [key: string]: unknown;
}

export type DrawnGraph = Graph<DrawnNode, DrawnEdge>;

export function viewGraph(nodes: readonly InfluenceGraphNode[], view: View, palette: Palette, at: Positions): DrawnGraph {
  const graph: DrawnGraph = new Graph<DrawnNode, DrawnEdge>({ type: "directed", multi: false, allowSelfLoops: false });
  const scale = sizeScale(nodes.length);
  nodes.forEach((node, i) => {
    const pagerank = view.pagerank[i] ?? Number.NaN;
    const present = !Number.isNaN(pagerank);
    const size = nodeSize(pagerank, view.present, scale);
    graph.addNode(String(i), {
      x: at.x[i] ?? 0,
      y: at.y[i] ?? 0,
      size,
      color: present ? (palette.colours[palette.byNode[i] ?? 0] ?? absentColour) : absentColour,
      label: agentLabel(node),
      zIndex: present ? size : 0,
    });
  });
  for (const [s, t, comments] of view.edges) {
    graph.addDirectedEdge(String(s), String(t), { size: edgeSize(comments), color: edgeColour, comments });
  }
  return graph;
}

export interface Bounds {
  readonly x: [number, number];
  readonly y: [number, number];
}

/**
 * The extent "fit" shows: the agents who commented or were commented on in some window (`linked`,
 * when any is). Agents who never did have nothing pulling them in and drift to the rim of a force
 * layout; fitting them too would shrink the graph to a dot in a ring. Of the rest, the outermost
 * 0.5 % on each side may start just off-screen. Zooming out shows everything.
 */
export function fitBounds(at: Positions, linked: Uint8Array): Bounds {
  const chosen = linked.some((flag) => flag === 1) ? (i: number): boolean => linked[i] === 1 : (): boolean => true;
  const xs: number[] = [];
  const ys: number[] = [];
  at.x.forEach((x, i) => {
    if (!chosen(i)) return;
    xs.push(x);
    ys.push(at.y[i] ?? 0);
  });
  xs.sort((a, b) => a - b);
  ys.sort((a, b) => a - b);
  const trim = Math.floor(xs.length * 0.005);
  const pick = (values: readonly number[], i: number): number => values[Math.min(values.length - 1, Math.max(0, i))] ?? 0;
  const span = (values: readonly number[]): [number, number] => {
    const low = pick(values, trim);
    const high = pick(values, values.length - 1 - trim);
    // A single node (or a line of them) still needs an extent to frame.
    return high > low ? [low, high] : [low - 1, high + 1];
  };
  return { x: span(xs), y: span(ys) };
}

/** 1 for every node at either end of an edge. */
export function linkedNodes(nodeCount: number, edges: Iterable<readonly [number, number, number]>): Uint8Array {
  const linked = new Uint8Array(nodeCount);
  for (const [s, t] of edges) {
    if (s >= 0 && s < nodeCount) linked[s] = 1;
    if (t >= 0 && t < nodeCount) linked[t] = 1;
  }
  return linked;
}
