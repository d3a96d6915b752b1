import { describe, expect, it } from "vitest";
import { windowView } from "../../../../../../web/src/pages/influence/graph-view.js";
import { boundsOf, createGeometry, fit, nodeRadius, nodeSizing, placeNodes } from "../../../../../../web/src/pages/influence/layout.js";
import { tinyGraph } from "./tiny-graph.js";

const { nodes, windows } = tinyGraph;

describe("fit", () => {
  it("centres the layout and scales its longer side to the canvas minus 28 px padding", () => {
    const bounds = boundsOf(nodes);
    // Under 200 nodes nothing is trimmed: the true extent.
    expect(bounds).toEqual({ minX: 0, maxX: 10, minY: 0, maxY: 5 });
    const geometry = createGeometry(nodes.length);
    // Scale min((400 - 56) / 10, (300 - 56) / 5) = 34.4 around the centre (5, 2.5).
    fit(nodes, bounds, 400, 300, geometry);
    expect([...geometry.baseX]).toEqual([28, 372, 28, 372]);
    expect([...geometry.baseY]).toEqual([64, 64, 236, 236]);
  });

  it("trims the outermost 0.5 % of a large layout on each side", () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ ...nodes[0]!, x: i, y: -i }));
    // floor(400 * 0.005) = 2 nodes off each end.
    expect(boundsOf(many)).toEqual({ minX: 2, maxX: 397, minY: -397, maxY: -2 });
  });
});

describe("node sizes", () => {
  it("scales with sqrt(PageRank x present), shrinks on a crowded canvas and grows with zoom", () => {
    // 30 x 30 px for 4 present nodes: density sqrt(900 / (4 x 900)) = 0.5, gain 1.1.
    const sizing = nodeSizing(4, 1, 30, 30);
    expect(sizing).toEqual({ grow: 1, density: 0.5, gain: 1.1, present: 4 });
    // 2 x 0.5 + 1.1 x sqrt(0.25 x 4) = 2.1.
    expect(nodeRadius(0.25, sizing)).toBeCloseTo(2.1, 12);
    // Zoom 4: grow sqrt(4) = 2.
    expect(nodeRadius(0.25, nodeSizing(4, 4, 30, 30))).toBeCloseTo(4.2, 12);
    // Absent nodes are 1.5 px dots; no node is wider than 30 px before growing.
    expect(nodeRadius(Number.NaN, sizing)).toBe(1.5);
    expect(nodeRadius(1000, sizing)).toBe(30);
  });

  it("clamps density to [0.45, 1] and growth to [0.6, 3]", () => {
    expect(nodeSizing(1, 0.01, 3000, 3000)).toMatchObject({ grow: 0.6, density: 1 });
    expect(nodeSizing(10_000, 100, 10, 10)).toMatchObject({ grow: 3, density: 0.45 });
  });
});

describe("placeNodes", () => {
  it("applies the zoom and gives nodes off the canvas radius 0", () => {
    const geometry = createGeometry(4);
    geometry.baseX.set([10, 20, 60, 10]);
    geometry.baseY.set([10, 20, 10, 80]);
    const view = windowView(4, windows, 0);
    // Zoom 2 shifted right by 10: x = 10 + 2 * base, y = 2 * base.
    const onCanvas = placeNodes(geometry, view, { x: 10, y: 0, k: 2 }, 100, 100);
    expect([...geometry.screenX]).toEqual([30, 50, 130, 30]);
    expect([...geometry.screenY]).toEqual([20, 40, 20, 160]);
    expect(onCanvas).toBe(2);
    expect(geometry.radius[2]).toBe(0);
    expect(geometry.radius[3]).toBe(0);
    // density sqrt(10000 / 2700) clamps to 1, grow sqrt(2); a0: (2 + 2.2 sqrt(0.5 x 3)) sqrt(2).
    expect(geometry.radius[0]).toBeCloseTo((2 + 2.2 * Math.sqrt(1.5)) * Math.SQRT2, 5);
  });
});
