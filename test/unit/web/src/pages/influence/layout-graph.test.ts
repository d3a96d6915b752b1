import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import { describe, expect, it } from "vitest";
import type { Edge } from "../../../../../../web/src/pages/influence/graph-view.js";
import { forceAtlasLayout, layoutIterations } from "../../../../../../web/src/pages/influence/layout-graph.js";

// Six agents in two triangles joined by one edge; a seventh never commented.
const x = Float32Array.from([0, 10, 5, 40, 50, 45, -30]);
const y = Float32Array.from([0, 0, 8, 0, 0, 8, 20]);
const edges: Edge[] = [
  [0, 1, 3],
  [0, 2, 1],
  [1, 2, 2],
  [2, 3, 1],
  [3, 4, 5],
  [4, 5, 1],
  [5, 3, 2],
];

describe("forceAtlasLayout", () => {
  it("lands where the package's public forceAtlas2.assign lands on the same graph", () => {
    const graph = new Graph({ type: "directed" });
    x.forEach((_, i) => graph.addNode(`n${i}`, { x: x[i], y: y[i] }));
    // Sorted by source, so graphology visits the edges in the order the packed matrix holds them.
    for (const [s, t, comments] of edges) graph.addEdge(`n${s}`, `n${t}`, { weight: Math.log1p(comments) });
    const iterations = layoutIterations(7, edges.length);
    forceAtlas2.assign(graph, { iterations, settings: forceAtlas2.inferSettings(7), getEdgeWeight: "weight" });

    const ours = forceAtlasLayout({ x, y, edges });
    expect(ours.iterations).toBe(iterations);
    graph.forEachNode((key, attributes) => {
      const i = Number(key.slice(1));
      expect(ours.x[i]).toBeCloseTo(Number(attributes["x"]), 3);
      expect(ours.y[i]).toBeCloseTo(Number(attributes["y"]), 3);
    });
  });

  it("is deterministic and leaves its input alone", () => {
    const before = [...x];
    const a = forceAtlasLayout({ x, y, edges });
    const b = forceAtlasLayout({ x, y, edges });
    expect([...a.x]).toEqual([...b.x]);
    expect([...a.y]).toEqual([...b.y]);
    expect([...x]).toEqual(before);
  });

  it("keeps the starting layout when there is no edge to lay out", () => {
    const result = forceAtlasLayout({ x, y, edges: [[2, 2, 4]] });
    expect(result.iterations).toBe(0);
    expect([...result.x]).toEqual([...x]);
  });
});

describe("layoutIterations", () => {
  it("gives small graphs the full 300 and holds large ones to the budget, never under 20", () => {
    expect(layoutIterations(100, 400)).toBe(300);
    // 150,000 / (5,000 + 134,000 / 100) = 23.66.
    expect(layoutIterations(5_000, 134_000)).toBe(24);
    // 150,000 / (2,086 + 45.06) = 70.4.
    expect(layoutIterations(2_086, 4_506)).toBe(70);
    expect(layoutIterations(100_000, 1_000_000)).toBe(20);
  });
});
