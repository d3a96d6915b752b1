import type { InfluenceGraphData } from "../../../../../../core/contracts/graph.js";

/**
 * A four-agent graph small enough to derive every expected value by hand. Window 0 also holds the
 * rows graph.json should never carry (a self-comment, an unknown author, an empty count) and
 * window 1 a PageRank for a node that does not exist.
 */
export const tinyGraph: InfluenceGraphData = {
  nodes: [
    { id: "a0", x: 0, y: 0, community: 0, group: "g1", policy: "sim", topWindows: [0, 1], persistentLeader: true },
    { id: "a1", x: 10, y: 0, community: 0, group: null, policy: "sim", topWindows: [], persistentLeader: false },
    { id: "a2", x: 0, y: 5, community: -1, group: "g1", policy: "llm", topWindows: [0], persistentLeader: false },
    { id: "a3", x: 10, y: 5, community: 1, group: "g2", policy: "sim", topWindows: [0, 1, 2], persistentLeader: true },
  ],
  windows: [
    {
      index: 0,
      fromRound: 0,
      toRound: 5,
      edges: [
        [1, 0, 2],
        [2, 0, 5],
        [0, 0, 3],
        [3, 9, 1],
        [3, 0, 0],
      ],
      pagerank: { "0": 0.5, "1": 0.2, "2": 0.3 },
    },
    {
      index: 1,
      fromRound: 6,
      toRound: 11,
      edges: [
        [1, 0, 1],
        [0, 3, 4],
      ],
      pagerank: { "0": 0.4, "3": 0.6, "7": 0.1 },
    },
  ],
};
