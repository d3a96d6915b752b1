import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from "d3";
import type { SimulationLinkDatum, SimulationNodeDatum } from "d3";
import Graph from "graphology";
import louvain from "graphology-communities-louvain";
import { RandomStream } from "../../core/random/stream.js";
import { compareCodePoints } from "../../core/util/compare.js";
import type { AnalysisLog } from "../log/analysis-log.js";
import { windowOfRound, windowsOf } from "../log/windows.js";
import { interactions } from "./interactions.js";
import type { InfluenceResult } from "../../core/contracts/report-collective-metrics.js";
import type { InfluenceGraph } from "../../core/contracts/graph.js";

/** graph.json (its contract: core/contracts/graph.ts). */
export type { InfluenceGraph };

/** Layout iterations: enough for 5,000 nodes to settle, a few seconds in Node. */
const layoutTicks = 200;

interface LayoutNode extends SimulationNodeDatum {
  readonly id: string;
}

export function influenceGraph(log: AnalysisLog, influence: InfluenceResult, seed: number): InfluenceGraph {
  const windows = windowsOf(log);
  const ids = new Set<string>();
  for (const w of influence.windows) for (const id of Object.keys(w.pagerank)) ids.add(id);
  const all = interactions(log);
  for (const e of all) {
    ids.add(e.source);
    ids.add(e.target);
  }
  const nodeIds = [...ids].sort(compareCodePoints);
  const index = new Map(nodeIds.map((id, i) => [id, i]));

  const perWindow = windows.map(() => new Map<string, number>());
  const cumulative = new Map<string, number>();
  for (const e of all) {
    const key = `${index.get(e.source)}:${index.get(e.target)}`;
    const slot = perWindow[windowOfRound(windows, e.round)];
    slot?.set(key, (slot.get(key) ?? 0) + 1);
    cumulative.set(key, (cumulative.get(key) ?? 0) + 1);
  }

  // Communities on the cumulative graph, undirected and weighted, with a seeded random source. Node
  // keys are indexes, never agent names: graphology keeps neighbours in plain objects, where an agent
  // named "constructor" or "__proto__" would collide with Object.prototype.
  const graph = new Graph({ type: "undirected", multi: false });
  nodeIds.forEach((_, i) => graph.addNode(`n${i}`));
  for (const [key, weight] of cumulative) {
    const [s, t] = key.split(":").map(Number);
    if (s === undefined || t === undefined || s === t || nodeIds[s] === undefined || nodeIds[t] === undefined) continue;
    const a = `n${s}`;
    const b = `n${t}`;
    if (graph.hasEdge(a, b)) graph.updateEdgeAttribute(a, b, "weight", (w: number | undefined) => (w ?? 0) + weight);
    else graph.addEdge(a, b, { weight });
  }
  const random = new RandomStream(seed, "influence-graph", 0, "louvain");
  const byKey = graph.size > 0 ? louvain(graph, { getEdgeWeight: "weight", rng: () => random.next() }) : {};
  const communities = new Map(Object.entries(byKey).map(([key, community]) => [nodeIds[Number(key.slice(1))] ?? key, community]));

  // One layout for every window, so nodes keep their place while the scrubber moves.
  const layoutRandom = new RandomStream(seed, "influence-graph", 0, "layout");
  const layoutNodes: LayoutNode[] = nodeIds.map((id) => ({
    id,
    x: (layoutRandom.next() - 0.5) * 1000,
    y: (layoutRandom.next() - 0.5) * 1000,
  }));
  const links: SimulationLinkDatum<LayoutNode>[] = [...cumulative.entries()].flatMap(([key]) => {
    const [s, t] = key.split(":").map(Number);
    return s === t || s === undefined || t === undefined ? [] : [{ source: s, target: t }];
  });
  const simulation = forceSimulation(layoutNodes)
    .randomSource(() => layoutRandom.next())
    .force("charge", forceManyBody<LayoutNode>().strength(-12).distanceMax(400))
    .force("link", forceLink<LayoutNode, SimulationLinkDatum<LayoutNode>>(links).distance(30).strength(0.2))
    .force("x", forceX<LayoutNode>(0).strength(0.04))
    .force("y", forceY<LayoutNode>(0).strength(0.04))
    .force("collide", forceCollide<LayoutNode>(3))
    .stop();
  simulation.tick(layoutTicks);

  const topWindows = new Map<string, number[]>();
  influence.windows.forEach((w, i) => {
    for (const id of w.topK) topWindows.set(id, [...(topWindows.get(id) ?? []), i]);
  });
  const round = (v: number): number => Math.round(v * 10) / 10;
  const count = influence.leaders?.persistentLeaderCount ?? null;
  return {
    version: 1,
    leaderNull: count
      ? { available: true, ...count }
      : {
          available: false,
          reason: influence.verdictUnavailable ?? "no pair of windows has a window before it, so the leader null has no past to draw on",
        },
    nodes: layoutNodes.map((n) => {
      const tops = topWindows.get(n.id) ?? [];
      return {
        id: n.id,
        name: log.agents.get(n.id)?.name ?? n.id,
        x: round(n.x ?? 0),
        y: round(n.y ?? 0),
        community: communities.get(n.id) ?? -1,
        group: log.agents.get(n.id)?.group ?? null,
        policy: log.agents.get(n.id)?.policy ?? "unknown",
        topWindows: tops,
        persistentLeader: tops.some((w, i) => tops[i + 1] === w + 1),
      };
    }),
    windows: influence.windows.map((w, i) => ({
      index: w.index,
      fromRound: w.fromRound,
      toRound: w.toRound,
      edges: [...(perWindow[i] ?? new Map<string, number>()).entries()].map(([key, count]) => {
        const [s, t] = key.split(":").map(Number);
        return [s ?? 0, t ?? 0, count] as const;
      }),
      pagerank: Object.fromEntries(
        Object.entries(w.pagerank).flatMap(([id, pr]) => {
          const i = index.get(id);
          return i === undefined ? [] : [[String(i), Number(pr.toPrecision(4))]];
        }),
      ),
    })),
  };
}
