import { describe, expect, it } from "vitest";
import type { InfluenceGraphNode } from "../../../../../../core/contracts/graph.js";
import { palettesOf, paletteBy } from "../../../../../../web/src/pages/influence/palette.js";
import { tinyGraph } from "./tiny-graph.js";

// d3's schemeTableau10, by rank.
const blue = "#4e79a7";
const orange = "#f28e2c";
const red = "#e15759";
const grey = "#868e96";

describe("palettesOf", () => {
  it("colours communities by size, the community-less node grey", () => {
    const { community } = palettesOf(tinyGraph.nodes);
    // Community 0 holds a0 and a1, community 1 holds a3, a2 has none (index 10: grey).
    expect([...community.byNode]).toEqual([0, 0, 10, 1]);
    expect(community.colours[0]).toBe(blue);
    expect(community.colours[1]).toBe(orange);
    expect(community.colours[10]).toBe(grey);
    expect(community.legend).toEqual([
      { label: "community 0", colour: blue, count: 2 },
      { label: "community 1", colour: orange, count: 1 },
      { label: "unassigned", colour: grey, count: 1 },
    ]);
    expect(community.hidden).toBe(0);
  });

  it("colours persona groups, a node without one by its policy, ties by name", () => {
    const { group } = palettesOf(tinyGraph.nodes);
    // g1: a0, a2 (2); then g2 and "sim (no group)" with 1 each, in name order.
    expect([...group.byNode]).toEqual([0, 2, 0, 1]);
    expect(group.legend).toEqual([
      { label: "g1", colour: blue, count: 2 },
      { label: "g2", colour: orange, count: 1 },
      { label: "sim (no group)", colour: red, count: 1 },
    ]);
  });
});

describe("paletteBy", () => {
  it("gives the ten largest categories a legend entry and repeats colours beyond them", () => {
    // Twelve communities: 0 has two nodes, 1 to 11 one each (ordered numerically: 1, 2, ..., 11).
    const nodes: InfluenceGraphNode[] = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((community, i) => ({
      id: `a${i}`,
      x: 0,
      y: 0,
      community,
      group: null,
      policy: "sim",
      topWindows: [],
      persistentLeader: false,
    }));
    const palette = paletteBy(
      nodes,
      (node) => String(node.community),
      (key) => `c${key}`,
    );
    expect(palette.legend).toHaveLength(10);
    expect(palette.legend[0]).toEqual({ label: "c0", colour: blue, count: 2 });
    expect(palette.legend[9]?.label).toBe("c9");
    expect(palette.hidden).toBe(2);
    // Rank 10 (c10) and 11 (c11) wrap to the first two colours.
    expect(palette.byNode[11]).toBe(0);
    expect(palette.byNode[12]).toBe(1);
  });
});
