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
export const absentColour = "rgba(134, 142, 150, 0.35)";
/** Edges are translucent so that thousands of them read as density rather than a solid mat. */
export const edgeColour = "rgba(173, 181, 189, 0.28)";

/**
 * Area grows with PageRank (the radius with its square root), scaled by the number of present
 * nodes so that an average node (PageRank 1/present) has the same size in any window. NaN: absent.
 */
export function nodeSize(pagerank: number, present: number): number {
  if (Number.isNaN(pagerank)) return absentSize;
  return Math.min(maxSize, baseSize + sizeGain * Math.sqrt(Math.max(0, pagerank) * Math.max(1, present)));
}

/** Width grows with the square root of the comments, so one heavy pair does not hide the rest. */
export function edgeSize(comments: number): number {
  return Math.min(maxEdgeSize, 0.6 + 0.5 * Math.sqrt(Math.max(0, comments)));
}

/** "name (id)" when the log names the agent and the name differs from its id, else the id. */
export function agentLabel(node: Pick<InfluenceGraphNode, "id" | "name">): string {
  return node.name && node.name !== node.id ? `${node.name} (${node.id})` : node.id;
}
