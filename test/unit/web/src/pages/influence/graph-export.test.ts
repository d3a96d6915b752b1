import Graph from "graphology";
import { parse } from "graphology-gexf/node";
import { describe, expect, it, vi } from "vitest";
import { exportName, viewGexf } from "../../../../../../web/src/pages/influence/graph-export.js";
import { allWindowsView, windowView } from "../../../../../../web/src/pages/influence/graph-view.js";
import { palettesOf } from "../../../../../../web/src/pages/influence/palette.js";
import { tinyGraph } from "./tiny-graph.js";

// The page writes GEXF with graphology-gexf's browser build, which reads the browser's DOMParser and
// Document when loaded; xmldom stands in for them here (it is what the package's Node build uses).
await vi.hoisted(async () => {
  const xmldom = await import("@xmldom/xmldom");
  const doc = new xmldom.DOMParser().parseFromString("<t></t>", "application/xml");
  vi.stubGlobal("DOMParser", xmldom.DOMParser);
  vi.stubGlobal("Document", doc.constructor);
});

const { nodes, windows } = tinyGraph;
const at = { x: Float32Array.from([0, 10, 0, 10]), y: Float32Array.from([0, 0, 5, 5]) };
const palette = palettesOf(nodes).community;

describe("viewGexf", () => {
  it("writes the window's own graph, commenter -> author with comment weights, that a GEXF reader loads", () => {
    // Window 1: edges a1 -> a0 (1) and a0 -> a3 (4); a1 is unranked but comments, so it is a node.
    const graph = parse(Graph, viewGexf(nodes, windowView(4, windows, 1), palette, at));
    expect(graph.type).toBe("directed");
    expect(graph.nodes().sort()).toEqual(["a0", "a1", "a3"]);
    expect(graph.getEdgeAttribute(graph.edge("a0", "a3"), "weight")).toBe(4);
    expect(graph.getEdgeAttribute(graph.edge("a1", "a0"), "weight")).toBe(1);
    expect(graph.getNodeAttributes("a3")).toMatchObject({
      agent: "a3",
      pagerank: 0.6,
      community: 1,
      group: "g2",
      persistentLeader: true,
      x: 10,
      y: 5,
    });
    expect(graph.getNodeAttribute("a1", "pagerank")).toBeUndefined();
  });

  it("keys nodes by index when an agent id would collide with an object's built-in keys", () => {
    const odd = nodes.map((node, i) => (i === 0 ? { ...node, id: "__proto__" } : node));
    const graph = parse(Graph, viewGexf(odd, allWindowsView(4, windows), palette, at));
    expect(graph.nodes().sort()).toEqual(["n0", "n1", "n2", "n3"]);
    expect(graph.getNodeAttribute("n0", "agent")).toBe("__proto__");
  });
});

describe("exportName", () => {
  it("names the file after the experiment and the window", () => {
    expect(exportName({ id: "x0123456789ab", name: "From the form!" }, windows, { window: 1, cumulative: false }, "gexf")).toBe(
      "from-the-form-x0123456789ab-window-1.gexf",
    );
    expect(exportName({ id: "x0123456789ab", name: null }, windows, { window: 1, cumulative: true }, "png")).toBe(
      "x0123456789ab-all-windows.png",
    );
  });
});
