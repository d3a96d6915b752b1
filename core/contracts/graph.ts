import { z } from "zod";
import { leaderCountSchema } from "./report-collective-metrics.js";

/**
 * graph.json: what the influence explorer draws - per window the comment graph (edges aggregated
 * commenter -> author with their counts) and each node's PageRank, plus one starting layout,
 * communities and persistent leaders over the whole run, and the leader null's expectation of their
 * count. The explorer draws at once from the layout here and refines it with ForceAtlas2 in a web
 * worker. analysis/graph/influence-graph.ts writes it; the pages read it.
 */
export const influenceGraphNodeSchema = z.object({
  id: z.string(),
  /** The agent's name in the log (graph.json files written before names were carried lack it). */
  name: z.string().optional(),
  x: z.number(),
  y: z.number(),
  /** Louvain community of the cumulative (undirected, weighted) graph. */
  community: z.number(),
  group: z.string().nullable(),
  policy: z.string(),
  /** Windows in which the agent was in the top-k: a persistent leader is top-k in two consecutive windows. */
  topWindows: z.array(z.number()).readonly(),
  persistentLeader: z.boolean(),
});

export const influenceGraphWindowSchema = z.object({
  index: z.number(),
  fromRound: z.number(),
  toRound: z.number(),
  /** [source index, target index, comments] into `nodes`. */
  edges: z.array(z.tuple([z.number(), z.number(), z.number()]).readonly()).readonly(),
  /** Node index -> PageRank in this window (nodes absent from the window are left out). */
  pagerank: z.record(z.string(), z.number()),
});

/** The persistent-leader count against the leader null, copied from report.json; or why there is none. */
export const influenceGraphLeaderNullSchema = z.discriminatedUnion("available", [
  leaderCountSchema.extend({ available: z.literal(true) }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);

export const influenceGraphSchema = z.object({
  version: z.literal(1),
  nodes: z.array(influenceGraphNodeSchema).readonly(),
  windows: z.array(influenceGraphWindowSchema).readonly(),
  /** Absent in graph.json files written before it was added. */
  leaderNull: influenceGraphLeaderNullSchema.optional(),
});
export type InfluenceGraph = z.infer<typeof influenceGraphSchema>;
export type InfluenceGraphNode = z.infer<typeof influenceGraphNodeSchema>;
export type InfluenceGraphWindow = z.infer<typeof influenceGraphWindowSchema>;
export type InfluenceGraphLeaderNull = z.infer<typeof influenceGraphLeaderNullSchema>;
/** What the explorer draws of a graph.json: its nodes and windows. */
export type InfluenceGraphData = Pick<InfluenceGraph, "nodes" | "windows">;
