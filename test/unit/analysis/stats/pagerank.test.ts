import { describe, expect, it } from "vitest";
import { RandomStream } from "../../../../core/random/stream.js";
import { pagerank, pagerankDamping } from "../../../../analysis/stats/pagerank.js";
import type { WeightedEdge } from "../../../../analysis/stats/pagerank.js";

/** Dense power iteration written independently of the library: weighted, dangling mass spread uniformly. */
function densePagerank(nodes: string[], edges: WeightedEdge[], d = 0.85): Map<string, number> {
  const n = nodes.length;
  const at = new Map(nodes.map((id, i) => [id, i]));
  const w: number[][] = nodes.map(() => new Array<number>(n).fill(0));
  for (const e of edges) {
    if (e.source === e.target) continue;
    const row = w[at.get(e.source) ?? 0];
    if (row) row[at.get(e.target) ?? 0] = (row[at.get(e.target) ?? 0] ?? 0) + e.weight;
  }
  let x = new Array<number>(n).fill(1 / n);
  for (let iteration = 0; iteration < 1000; iteration++) {
    const next = new Array<number>(n).fill(0);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      const row = w[i] ?? [];
      const out = row.reduce((a, b) => a + b, 0);
      if (out === 0) dangling += x[i] ?? 0;
      else for (let j = 0; j < n; j++) next[j] = (next[j] ?? 0) + d * (x[i] ?? 0) * ((row[j] ?? 0) / out);
    }
    for (let j = 0; j < n; j++) next[j] = (next[j] ?? 0) + (1 - d) / n + (d * dangling) / n;
    x = next;
  }
  return new Map(nodes.map((id, i) => [id, x[i] ?? 0]));
}

describe("pagerank", () => {
  it("uses damping 0.85", () => {
    expect(pagerankDamping).toBe(0.85);
  });

  it("solves a 3-node graph with a dangling node by hand", () => {
    // A -> B, A -> C, B -> C; C dangling. With d = 0.85 and dangling mass spread uniformly:
    // a = (1 - d) / 3 + d c / 3, b = a + d a / 2, c = b + d a / 2 + d b  =>  b = a (1 + d/2), c = b (1 + d)
    const d = 0.85;
    const a = 1 / (1 + (1 + d / 2) + (1 + d / 2) * (1 + d));
    const result = pagerank(
      ["A", "B", "C"],
      [
        { source: "A", target: "B", weight: 1 },
        { source: "A", target: "C", weight: 1 },
        { source: "B", target: "C", weight: 1 },
      ],
    );
    expect(result.get("A")).toBeCloseTo(a, 9);
    expect(result.get("B")).toBeCloseTo(a * (1 + d / 2), 9);
    expect(result.get("C")).toBeCloseTo(a * (1 + d / 2) * (1 + d), 9);
    // The hand solution also satisfies the teleport equation for A.
    expect(a).toBeCloseTo((1 - d) / 3 + (d * a * (1 + d / 2) * (1 + d)) / 3, 12);
  });

  it("agrees with a dense power iteration on a random weighted graph with dangling and isolated nodes", () => {
    const random = new RandomStream(7, "test", 0, "graph");
    const nodes = Array.from({ length: 40 }, (_, i) => `n${i}`);
    const edges: WeightedEdge[] = [];
    for (let i = 0; i < 160; i++) {
      // The last 8 nodes never send: dangling; n39 never receives either: isolated.
      const source = nodes[random.int(32)] ?? "n0";
      const target = nodes[random.int(39)] ?? "n0";
      edges.push({ source, target, weight: 1 + random.int(4) });
    }
    const expected = densePagerank(nodes, edges);
    const result = pagerank(nodes, edges);
    expect(result.size).toBe(40);
    let total = 0;
    for (const id of nodes) {
      expect(result.get(id)).toBeCloseTo(expected.get(id) ?? 0, 9);
      total += result.get(id) ?? 0;
    }
    expect(total).toBeCloseTo(1, 9);
  });

  it("sums parallel edges, drops self-loops, and adds edge endpoints as nodes", () => {
    const split = pagerank(
      [],
      [
        { source: "x", target: "y", weight: 1 },
        { source: "x", target: "y", weight: 2 },
        { source: "x", target: "z", weight: 1 },
        { source: "y", target: "y", weight: 5 },
      ],
    );
    const merged = densePagerank(
      ["x", "y", "z"],
      [
        { source: "x", target: "y", weight: 3 },
        { source: "x", target: "z", weight: 1 },
      ],
    );
    for (const id of ["x", "y", "z"]) expect(split.get(id)).toBeCloseTo(merged.get(id) ?? 0, 9);
    expect(pagerank([], []).size).toBe(0);
  });
});

describe("pagerank against graphology-metrics", () => {
  it("matches the library on a random weighted graph with dangling nodes", async () => {
    const { DirectedGraph } = await import("graphology");
    const { default: reference } = await import("graphology-metrics/centrality/pagerank.js");
    const random = new RandomStream(5, "graph", 0, "edges");
    const nodes = Array.from({ length: 60 }, (_, i) => `n${i}`);
    const edges = new Map<string, { source: string; target: string; weight: number }>();
    for (let e = 0; e < 240; e++) {
      const source = nodes[random.int(50)] ?? "n0"; // n50..n59 have no out-edges: dangling
      const target = nodes[random.int(60)] ?? "n0";
      if (source === target) continue;
      const key = `${source}>${target}`;
      const weight = 1 + random.int(4);
      const previous = edges.get(key);
      edges.set(key, { source, target, weight: (previous?.weight ?? 0) + weight });
    }
    const graph = new DirectedGraph<Record<string, never>, { weight: number }>();
    for (const node of nodes) graph.addNode(node);
    for (const edge of edges.values()) graph.addDirectedEdge(edge.source, edge.target, { weight: edge.weight });
    const expected = reference(graph, { getEdgeWeight: "weight", alpha: 0.85, maxIterations: 5000, tolerance: 1e-14 });
    const actual = pagerank(nodes, [...edges.values()]);
    for (const node of nodes) expect(actual.get(node)).toBeCloseTo(expected[node] ?? -1, 9);
  });
});
