import { describe, expect, it } from "vitest";
import type { InfluenceGraph } from "../../../../core/contracts/graph.js";
import { graphSlices } from "../../../../node/export/graph-model.js";
import type { GraphSlice, InfluencePageranks } from "../../../../node/export/graph-model.js";
import { gexfLines, graphmlLines } from "../../../../node/export/graph-xml.js";
import { elementsNamed, parseXml } from "../../../support/xml-elements.js";

/**
 * Two windows of a three-node graph with hostile ids, names and groups, rendered as GEXF and
 * GraphML and read back with an independent strict XML reader. Expected values are worked out by
 * hand: the cumulative graph sums the windows' edges.
 */

const hostileId = `x"&<y>'`;
const graph: InfluenceGraph = {
  version: 1,
  nodes: [
    { id: "a0", x: 1.5, y: -2, community: 0, group: "g<1>&", policy: "sim", topWindows: [0, 1], persistentLeader: true },
    { id: hostileId, x: 0, y: 0, community: 1, group: null, policy: "external", topWindows: [], persistentLeader: false },
    { id: "a2", x: 3, y: 4, community: 1, group: null, policy: "sim", topWindows: [], persistentLeader: false },
  ],
  windows: [
    {
      index: 0,
      fromRound: 0,
      toRound: 5,
      edges: [
        [0, 1, 2],
        [1, 0, 1],
      ],
      pagerank: { "0": 0.5, "1": 0.5 },
    },
    {
      index: 1,
      fromRound: 6,
      toRound: 11,
      edges: [
        [0, 1, 1],
        [2, 0, 4],
      ],
      pagerank: { "0": 0.6, "1": 0.1, "2": 0.3 },
    },
  ],
};
const influence: InfluencePageranks = {
  windows: [{ pagerank: { a0: 0.5, [hostileId]: 0.5 } }, { pagerank: { a0: 0.6, [hostileId]: 0.1, a2: 0.3 } }],
  cumulative: { pagerank: { a0: 0.55, [hostileId]: 0.25, a2: 0.2 } },
};
const hostileName = 'Tom <b>&amp; "Q"\u0000\nnext line\ttab';
const names = new Map([
  ["a0", hostileName],
  [hostileId, "evil"],
]);

const slices = graphSlices(graph, influence, names);

/** The name, with NUL (which XML 1.0 cannot carry) as U+FFFD and everything else intact. */
const readableName = 'Tom <b>&amp; "Q"\uFFFD\nnext line\ttab';

function gexf(slice: GraphSlice) {
  const root = parseXml([...gexfLines(slice)].join("\n"));
  const graphElement = elementsNamed(root, "graph")[0];
  const nodes = elementsNamed(root, "node").map((n) => ({
    id: n.attributes["id"],
    label: n.attributes["label"],
    values: Object.fromEntries(elementsNamed(n, "attvalue").map((a) => [a.attributes["for"], a.attributes["value"]])),
  }));
  const edges = elementsNamed(root, "edge").map((e) => [e.attributes["source"], e.attributes["target"], e.attributes["weight"]]);
  return { edgeType: graphElement?.attributes["defaultedgetype"], nodes, edges };
}

function graphml(slice: GraphSlice) {
  const root = parseXml([...graphmlLines(slice)].join("\n"));
  const data = (e: ReturnType<typeof parseXml>) => Object.fromEntries(elementsNamed(e, "data").map((d) => [d.attributes["key"], d.text]));
  return {
    edgeDefault: elementsNamed(root, "graph")[0]?.attributes["edgedefault"],
    nodes: elementsNamed(root, "node").map((n) => ({ id: n.attributes["id"], ...data(n) })),
    edges: elementsNamed(root, "edge").map((e) => [e.attributes["source"], e.attributes["target"], data(e)["weight"]]),
  };
}

describe("influence graph files", () => {
  it("has one slice per window and a cumulative one whose edges sum the windows'", () => {
    expect(slices.map((s) => s.window)).toEqual([0, 1, null]);
    expect(slices[2]?.edges).toEqual([
      { source: "a0", target: hostileId, weight: 3 },
      { source: "a2", target: "a0", weight: 4 },
      { source: hostileId, target: "a0", weight: 1 },
    ]);
    expect(slices[0]?.nodes.map((n) => n.id)).toEqual(["a0", hostileId]);
  });

  it("writes GEXF with escaped ids, names and groups, directed edges and node attributes", () => {
    const cumulative = gexf(slices[2] as GraphSlice);
    expect(cumulative.edgeType).toBe("directed");
    expect(cumulative.nodes).toEqual([
      {
        id: "a0",
        label: readableName,
        values: { name: readableName, policy: "sim", group: "g<1>&", community: "0", pagerank: "0.55", persistent_leader: "true" },
      },
      {
        id: hostileId,
        label: "evil",
        values: { name: "evil", policy: "external", community: "1", pagerank: "0.25", persistent_leader: "false" },
      },
      { id: "a2", label: "a2", values: { policy: "sim", community: "1", pagerank: "0.2", persistent_leader: "false" } },
    ]);
    expect(cumulative.edges).toEqual([
      ["a0", hostileId, "3"],
      ["a2", "a0", "4"],
      [hostileId, "a0", "1"],
    ]);
    expect(gexf(slices[1] as GraphSlice).nodes.map((n) => [n.id, n.values["pagerank"]])).toEqual([
      ["a0", "0.6"],
      [hostileId, "0.1"],
      ["a2", "0.3"],
    ]);
  });

  it("writes GraphML with the same nodes, attributes and weights", () => {
    const window0 = graphml(slices[0] as GraphSlice);
    expect(window0.edgeDefault).toBe("directed");
    expect(window0.nodes).toEqual([
      {
        id: "a0",
        name: readableName,
        policy: "sim",
        group: "g<1>&",
        community: "0",
        pagerank: "0.5",
        persistent_leader: "true",
        x: "1.5",
        y: "-2",
      },
      { id: hostileId, name: "evil", policy: "external", community: "1", pagerank: "0.5", persistent_leader: "false", x: "0", y: "0" },
    ]);
    expect(window0.edges).toEqual([
      ["a0", hostileId, "2"],
      [hostileId, "a0", "1"],
    ]);
  });
});
