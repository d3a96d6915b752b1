import { schemeTableau10 } from "d3";
import type { InfluenceGraphNode } from "../../../../core/contracts/graph.js";

/** Node colours: pure derivation from graph.json, one palette per "colour by" choice. */

export type ColourMode = "community" | "group";

export const unknownColour = "#868e96";

export interface LegendEntry {
  readonly label: string;
  readonly colour: string;
  readonly count: number;
}

export interface Palette {
  /** Colour index per node into `colours`. */
  readonly byNode: Uint8Array;
  readonly colours: readonly string[];
  readonly legend: readonly LegendEntry[];
  /** Categories beyond the ten with a legend entry (they reuse colours). */
  readonly hidden: number;
}

export function palettesOf(nodes: readonly InfluenceGraphNode[]): Record<ColourMode, Palette> {
  return {
    community: paletteBy(
      nodes,
      (node) => (node.community < 0 ? null : String(node.community)),
      (key) => `community ${key}`,
    ),
    group: paletteBy(
      nodes,
      (node) => node.group ?? `${node.policy} (no group)`,
      (key) => key,
    ),
  };
}

/** Colours go to categories by size, largest first, so the biggest ten always get distinct colours. */
export function paletteBy(
  nodes: readonly InfluenceGraphNode[],
  keyOf: (node: InfluenceGraphNode) => string | null,
  labelOf: (key: string) => string,
): Palette {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const key = keyOf(node);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const ordered = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "en", { numeric: true }));
  const colours = [...schemeTableau10, unknownColour];
  const unknown = colours.length - 1;
  const rank = new Map(ordered.map(([key], i) => [key, i % schemeTableau10.length]));
  const byNode = new Uint8Array(nodes.length);
  nodes.forEach((node, i) => {
    const key = keyOf(node);
    const colour = key === null ? unknown : (rank.get(key) ?? unknown);
    byNode[i] = colour;
  });
  const shown = ordered.slice(0, schemeTableau10.length);
  const legend = shown.map(([key, count], i) => ({ label: labelOf(key), colour: colours[i] ?? unknownColour, count }));
  const unassigned = byNode.filter((colour) => colour === unknown).length;
  if (unassigned > 0) legend.push({ label: "unassigned", colour: unknownColour, count: unassigned });
  return { byNode, colours, legend, hidden: ordered.length - shown.length };
}
