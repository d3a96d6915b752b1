import { append, formatCount, h } from "../../ui/dom.js";
import { leadersByTenure } from "./graph-view.js";
import type { InfluenceGraphNode, InfluenceGraphWindow } from "../../../../core/contracts/graph.js";
import type { View } from "./graph-view.js";
import { leaderGold, unknownColour } from "./palette.js";
import type { Palette } from "./palette.js";

/** The explorer's small DOM pieces: a stat, the node tooltip, the legend and the leaders list. */

export function stat(label: string, value: string): HTMLElement {
  return h("div", { class: "stat" }, h("div", { class: "label" }, label), h("div", { class: "value" }, value));
}

export function tooltipLines(
  node: InfluenceGraphNode,
  view: View,
  index: number,
  cumulative: boolean,
  windows: readonly InfluenceGraphWindow[],
): HTMLElement[] {
  const pr = view.pagerank[index] ?? Number.NaN;
  const windowName = (position: number): string => String(windows[position]?.index ?? position);
  return [
    h("div", {}, h("b", {}, node.id), node.persistentLeader ? h("span", { class: "tag leader" }, "persistent leader") : null),
    h(
      "div",
      {},
      Number.isNaN(pr)
        ? cumulative
          ? "Not ranked in any window"
          : "Not active in this window"
        : `${cumulative ? "Mean PageRank" : "PageRank"} ${pr.toPrecision(3)}`,
    ),
    h("div", {}, `Community ${node.community < 0 ? "none" : node.community} · ${node.group ?? "no group"} · ${node.policy}`),
    h("div", {}, node.topWindows.length > 0 ? `Top-k in windows ${node.topWindows.map(windowName).join(", ")}` : "Never in the top-k"),
    h("div", { class: "muted" }, "Click to inspect"),
  ];
}

export function renderLegend(legend: HTMLElement, palette: Palette): void {
  const swatch = (colour: string, label: string, ring = false): HTMLElement =>
    h(
      "span",
      {},
      h("i", { style: ring ? `background: transparent; box-shadow: inset 0 0 0 2px ${colour}` : `background: ${colour}` }),
      label,
    );
  legend.replaceChildren();
  append(
    legend,
    ...palette.legend.map((entry) => swatch(entry.colour, `${entry.label} (${formatCount(entry.count)})`)),
    palette.hidden > 0 ? h("span", {}, `+${formatCount(palette.hidden)} smaller (colours repeat)`) : null,
    swatch(leaderGold, "persistent leader", true),
    h("span", {}, h("i", { style: `background: ${unknownColour}; opacity: .35; width: 5px; height: 5px` }), "not active in this window"),
  );
}

export function leadersCard(id: string, nodes: readonly InfluenceGraphNode[], leaders: readonly number[]): HTMLElement {
  const shown = 40;
  const sorted = leadersByTenure(nodes, leaders);
  const links = sorted.slice(0, shown).flatMap((i) => {
    const node = nodes[i];
    if (!node) return [];
    return [
      h(
        "a",
        {
          href: `#/e/${encodeURIComponent(id)}/agent/${encodeURIComponent(node.id)}`,
          class: "tag leader",
          title: `top-k in ${node.topWindows.length} windows`,
        },
        node.id,
      ),
    ];
  });
  return h(
    "div",
    { class: "card" },
    h("h2", {}, "Persistent leaders"),
    h("p", { class: "small muted" }, "Agents in the PageRank top-k of two consecutive windows or more, most often on top first."),
    links.length > 0
      ? h(
          "div",
          {},
          ...links,
          sorted.length > shown ? h("span", { class: "small muted" }, ` +${formatCount(sorted.length - shown)} more`) : null,
        )
      : h("p", { class: "muted" }, "None in this run."),
  );
}
