import type { InfluenceGraph } from "../../core/contracts/graph.js";
import { compareCodePoints } from "../../core/util/compare.js";
import { analysisTables } from "./table-schema.js";
import type { Row } from "./table-schema.js";

/**
 * The influence graph of the analysis (docs/metrics.md section 9, graph.json) as plain slices for
 * the GEXF and GraphML writers and the influence tables: per window and cumulative, directed
 * commenter -> author, each edge weighted by its comments.
 */

export interface GraphNode {
  readonly id: string;
  /** The persona name of the agent's `agent` event, when the log has one. */
  readonly name: string | null;
  readonly policy: string;
  readonly group: string | null;
  /** Louvain community of the cumulative graph (-1: in no edge). */
  readonly community: number;
  /** PageRank in the slice (null: not among the slice's PageRank nodes). */
  readonly pagerank: number | null;
  readonly persistentLeader: boolean;
  /** graph.json's layout, shared by every slice. */
  readonly x: number;
  readonly y: number;
}

export interface GraphEdge {
  readonly source: string;
  readonly target: string;
  /** Comments from source to target in the slice. */
  readonly weight: number;
}

export interface GraphSlice {
  /** Window index, or null for the cumulative graph. */
  readonly window: number | null;
  readonly fromRound: number;
  readonly toRound: number;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** What the slices read of report.json's influence result (InfluenceResult): PageRank per window and over the whole run. */
export interface InfluencePageranks {
  readonly windows: readonly { readonly pagerank: Readonly<Record<string, number>> }[];
  readonly cumulative: { readonly pagerank: Readonly<Record<string, number>> };
}

/** Per window and cumulative slices of graph.json, with PageRank at report.json's precision and the agents' names. */
export function graphSlices(graph: InfluenceGraph, influence: InfluencePageranks, names: ReadonlyMap<string, string>): GraphSlice[] {
  const ids = graph.nodes.map((n) => n.id);
  const idAt = (i: number): string => {
    const id = ids[i];
    if (id === undefined) throw new RangeError(`graph.json: edge names node ${i} of ${ids.length}`);
    return id;
  };
  const nodeOf = (n: InfluenceGraph["nodes"][number], pagerank: number | null): GraphNode => ({
    id: n.id,
    name: names.get(n.id) ?? null,
    policy: n.policy,
    group: n.group,
    community: n.community,
    pagerank,
    persistentLeader: n.persistentLeader,
    x: n.x,
    y: n.y,
  });
  const cumulative = new Map<string, number>();
  const slices: GraphSlice[] = graph.windows.map((w, i) => {
    const pagerank = influence.windows[i]?.pagerank ?? {};
    const edges = w.edges.map(([s, t, weight]) => ({ source: idAt(s), target: idAt(t), weight }));
    const present = new Set(Object.keys(pagerank));
    for (const e of edges) {
      present.add(e.source);
      present.add(e.target);
      // Agent ids never hold NUL (docs/events.md "Ids"), so it separates the two ends of an edge key.
      const key = `${e.source}\u0000${e.target}`;
      cumulative.set(key, (cumulative.get(key) ?? 0) + e.weight);
    }
    const nodes = graph.nodes.filter((n) => present.has(n.id)).map((n) => nodeOf(n, pagerank[n.id] ?? null));
    return { window: w.index, fromRound: w.fromRound, toRound: w.toRound, nodes, edges };
  });
  const total = influence.cumulative.pagerank;
  const cumulativeEdges = [...cumulative.entries()]
    .map(([key, weight]) => {
      const [source = "", target = ""] = key.split("\u0000");
      return { source, target, weight };
    })
    .sort((a, b) => compareCodePoints(a.source, b.source) || compareCodePoints(a.target, b.target));
  slices.push({
    window: null,
    fromRound: graph.windows[0]?.fromRound ?? 0,
    toRound: graph.windows.at(-1)?.toRound ?? 0,
    nodes: graph.nodes.map((n) => nodeOf(n, total[n.id] ?? null)),
    edges: cumulativeEdges,
  });
  return slices;
}

/** The slices as the influence_nodes and influence_edges tables. */
export function influenceRows(slices: readonly GraphSlice[]): { nodes: Row[]; edges: Row[] } {
  const nodes = slices.flatMap((slice) =>
    slice.nodes.map((n) => ({
      window: slice.window,
      agent: n.id,
      name: n.name,
      policy: n.policy,
      group: n.group,
      community: n.community,
      pagerank: n.pagerank,
      persistent_leader: n.persistentLeader,
    })),
  );
  const edges = slices.flatMap((slice) =>
    slice.edges.map((e) => ({ window: slice.window, source: e.source, target: e.target, weight: e.weight })),
  );
  return { nodes, edges };
}

export const influenceTables = [analysisTables.influenceNodes, analysisTables.influenceEdges] as const;
