import type { InfluenceGraph } from "../../core/contracts/graph.js";

/**
 * A generated graph.json for browser checks of the influence explorer at scale, without a run of
 * thousands of agents: `nodes` agents in `communities` blocks on a ring, and per window `edgesPerWindow`
 * comments drawn with a preferential pull toward low-index authors (a few hubs, a long tail) and
 * mostly within a community. PageRank is each author's share of comments received plus a floor -
 * not a real PageRank: the page only draws it. Seeded, so the picture is the same every time.
 */
export function generatedInfluenceGraph(nodes: number, windows: number, edgesPerWindow: number, communities = 8): InfluenceGraph {
  let state = 0x2545f491;
  const random = (): number => {
    // xorshift32: enough for a fixture.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const communityOf = (i: number): number => i % communities;
  const pickAuthor = (commenter: number): number => {
    const hub = Math.floor(nodes * random() ** 3);
    if (random() < 0.2) return hub;
    // Same community: step to an index with the commenter's residue.
    return (hub - (hub % communities) + communityOf(commenter)) % nodes;
  };
  const graphWindows = Array.from({ length: windows }, (_, w) => {
    const counts = new Map<number, number>();
    const received = new Float64Array(nodes);
    for (let e = 0; e < edgesPerWindow; e++) {
      const s = Math.floor(nodes * random());
      const t = pickAuthor(s);
      if (s === t) continue;
      counts.set(s * nodes + t, (counts.get(s * nodes + t) ?? 0) + 1);
      received[t] = (received[t] ?? 0) + 1;
    }
    const total = received.reduce((a, b) => a + b, 0) + nodes;
    const pagerank: Record<string, number> = {};
    received.forEach((r, i) => {
      if (r > 0 || i % 3 === 0) pagerank[String(i)] = Number(((r + 1) / total).toPrecision(4));
    });
    const edges = [...counts].map(([key, count]) => [Math.floor(key / nodes), key % nodes, count] as const);
    return { index: w, fromRound: 6 * w, toRound: 6 * w + 5, edges, pagerank };
  });
  return {
    version: 1,
    nodes: Array.from({ length: nodes }, (_, i) => {
      const angle = (2 * Math.PI * communityOf(i)) / communities;
      return {
        id: `a${String(i).padStart(5, "0")}`,
        name: `agent-${i}`,
        x: Math.round(300 * Math.cos(angle) + 120 * (random() - 0.5)),
        y: Math.round(300 * Math.sin(angle) + 120 * (random() - 0.5)),
        community: communityOf(i),
        group: null,
        policy: "sim",
        topWindows: i < 12 ? [0, 1] : [],
        persistentLeader: i < 12,
      };
    }),
    windows: graphWindows,
    leaderNull: {
      available: true,
      observed: 12,
      fromWindow: 1,
      toWindow: windows - 1,
      replicates: 50,
      nullMean: 10.4,
      nullLow: 8,
      nullHigh: 13,
    },
  };
}
