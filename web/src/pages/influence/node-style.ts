import type { InfluenceGraphNode } from "../../../../core/contracts/graph.js";

/**
 * How nodes and edges look, as plain numbers and colours (no DOM, no WebGL), shared by the drawn
 * graph and the GEXF export. Sizes are sigma's: screen pixels at the fitted zoom.
 */

/** Radius of a node that took no part in the shown window: a dot that keeps its place. */
export const absentSize = 1.2;
const baseSize = 1.5;
const sizeGain = 1.6;
const maxSize = 18;
const maxEdgeSize = 6;

/** An absent node's colour: the unknown grey, translucent, so the active graph stands out. */
export const absentColour = "rgba(134, 142, 150, 0.3)";
/** Edges are translucent so that thousands of them read as density rather than a solid mat. */
export const edgeColour = "rgba(52, 58, 64, 0.35)";

/**
 * Area grows with PageRank (the radius with its square root), scaled by the number of present
 * nodes so that an average node (PageRank 1/present) has the same size in any window. NaN: absent.
 * `scale` enlarges the nodes of small graphs (sizeScale).
 */
export function nodeSize(pagerank: number, present: number, scale = 1): number {
  if (Number.isNaN(pagerank)) return absentSize * scale;
  return Math.min(maxSize, scale * (baseSize + sizeGain * Math.sqrt(Math.max(0, pagerank) * Math.max(1, present))));
}

/**
 * Sizes suit a crowd of ~1,500 nodes on the page's graph; a smaller graph spreads over the same
 * area and gets larger nodes (radius with the square root of the room per node), up to 3 times.
 */
export function sizeScale(nodeCount: number): number {
  return Math.min(3, Math.max(1, Math.sqrt(1500 / Math.max(1, nodeCount))));
}

/** Width grows with the square root of the comments, so one heavy pair does not hide the rest. */
export function edgeSize(comments: number): number {
  return Math.min(maxEdgeSize, 0.6 + 0.5 * Math.sqrt(Math.max(0, comments)));
}

/** "name (id)" when the log names the agent and the name differs from its id, else the id. */
export function agentLabel(node: Pick<InfluenceGraphNode, "id" | "name">): string {
  return node.name && node.name !== node.id ? `${node.name} (${node.id})` : node.id;
}
