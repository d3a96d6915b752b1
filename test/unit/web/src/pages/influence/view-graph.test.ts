import { describe, expect, it } from "vitest";
import { windowView } from "../../../../../../web/src/pages/influence/graph-view.js";
import { absentColour, absentSize } from "../../../../../../web/src/pages/influence/node-style.js";
import { palettesOf } from "../../../../../../web/src/pages/influence/palette.js";
import { fitBounds, linkedNodes, viewGraph } from "../../../../../../web/src/pages/influence/view-graph.js";
import { tinyGraph } from "./tiny-graph.js";

const { nodes, windows } = tinyGraph;
const at = { x: Float32Array.from([0, 10, 0, 10]), y: Float32Array.from([0, 0, 5, 5]) };

describe("viewGraph", () => {
  it("draws every agent at its position and the window's edges as directed arrows", () => {
    const graph = viewGraph(nodes, windowView(4, windows, 0), palettesOf(nodes).community, at);
    expect(graph.order).toBe(4);
    expect(graph.type).toBe("directed");
    // Window 0 keeps a2 -> a0 (5) and a1 -> a0 (2).
    expect(graph.edges().map((e) => [graph.source(e), graph.target(e), graph.getEdgeAttribute(e, "comments")])).toEqual([
      ["2", "0", 5],
      ["1", "0", 2],
    ]);
    expect(graph.getNodeAttributes("1")).toMatchObject({ x: 10, y: 0, label: "a1", color: "#4e79a7" });
    // a3 sat window 0 out: a grey dot under the others, three times the dot of a crowd (four nodes).
    expect(graph.getNodeAttributes("3")).toMatchObject({ size: 3 * absentSize, color: absentColour, zIndex: 0 });
  });
});

describe("linkedNodes and fitBounds", () => {
  it("frames the agents at the ends of edges, or all of them when none is", () => {
    const linked = linkedNodes(4, [
      [1, 0, 2],
      [2, 0, 5],
    ]);
    expect([...linked]).toEqual([1, 1, 1, 0]);
    // a3 at (10, 5) is left out: x spans a0..a1, y a0..a2.
    expect(fitBounds(at, linked)).toEqual({ x: [0, 10], y: [0, 5] });
    const far = { x: Float32Array.from([0, 1, 2, 500]), y: Float32Array.from([0, 0, 0, 0]) };
    expect(fitBounds(far, linked)).toEqual({ x: [0, 2], y: [-1, 1] });
    expect(fitBounds(far, new Uint8Array(4))).toEqual({ x: [0, 500], y: [-1, 1] });
  });
});
