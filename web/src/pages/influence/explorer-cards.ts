import { append, formatCount, h } from "../../ui/dom.js";
import { leadersByTenure } from "./graph-view.js";
import type { InfluenceGraphLeaderNull, InfluenceGraphNode, InfluenceGraphWindow } from "../../../../core/contracts/graph.js";
import type { View } from "./graph-view.js";
import { agentLabel } from "./node-style.js";
import { unknownColour } from "./palette.js";
import type { Palette } from "./palette.js";

/** The explorer's small DOM pieces: a stat, the node tooltip, the legend and the leaders list. */

export function stat(label: string, value: string, detail?: HTMLElement): HTMLElement {
  return h("div", { class: "stat" }, h("div", { class: "label" }, label), h("div", { class: "value" }, value), detail);
}

const oneDecimal = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

/** What the leader null predicts for the count, so the number can be read against it. */
export function leaderNullText(count: number, leaderNull: InfluenceGraphLeaderNull | undefined): string {
  if (!leaderNull) return "No null in this graph.json (written before it was added): analyse the run again to get it.";
  if (!leaderNull.available) return `No null: ${leaderNull.reason}.`;
  const { observed, nullMean, nullLow, nullHigh, fromWindow, toWindow, replicates } = leaderNull;
  const band = `null expects ${oneDecimal.format(nullMean)} (95 % ${oneDecimal.format(nullLow)}-${oneDecimal.format(nullHigh)}, ${replicates} replicates)`;
  // The null needs a past window, so it judges the pairs from `fromWindow` on; say so when that leaves some out.
  return observed === count ? band : `${formatCount(observed)} in windows ${fromWindow}-${toWindow}, where the ${band}`;
}

export function leadersStat(count: number, leaderNull: InfluenceGraphLeaderNull | undefined): HTMLElement {
  return stat(
    "Persistent leaders",
    formatCount(count),
    h("div", { class: "small muted", "data-testid": "leader-null" }, leaderNullText(count, leaderNull)),
  );
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
    h("div", {}, h("b", {}, agentLabel(node)), node.persistentLeader ? h("span", { class: "tag leader" }, "persistent leader") : null),
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
  const swatch = (colour: string, label: string): HTMLElement => h("span", {}, h("i", { style: `background: ${colour}` }), label);
  legend.replaceChildren();
  append(
    legend,
    ...palette.legend.map((entry) => swatch(entry.colour, `${entry.label} (${formatCount(entry.count)})`)),
    palette.hidden > 0 ? h("span", {}, `+${formatCount(palette.hidden)} smaller (colours repeat)`) : null,
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
        agentLabel(node),
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
