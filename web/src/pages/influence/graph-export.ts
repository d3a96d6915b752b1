import Graph from "graphology";
import { write } from "graphology-gexf/browser";
import type { InfluenceGraphNode, InfluenceGraphWindow } from "../../../../core/contracts/graph.js";
import type { View, ViewChoice } from "./graph-view.js";
import { nodeSize, sizeScale } from "./node-style.js";
import type { Palette } from "./palette.js";
import type { Positions } from "./view-graph.js";

/**
 * The shown view as files: GEXF (Gephi, networkx) of the view's own graph - its ranked agents and
 * the ends of its edges, commenter -> author weighted by comments, with PageRank, community, group
 * and the drawn position, size and colour - and names that say which experiment and window they are.
 */

/** Agent ids become GEXF node ids unless one would collide with an object's built-in keys in graphology. */
function nodeKeys(nodes: readonly InfluenceGraphNode[]): (i: number) => string {
  const safe = nodes.every((node) => !(node.id in Object.prototype));
  return (i) => (safe ? (nodes[i]?.id ?? `n${i}`) : `n${i}`);
}

export function viewGexf(nodes: readonly InfluenceGraphNode[], view: View, palette: Palette, at: Positions): string {
  const graph = new Graph({ type: "directed", multi: false, allowSelfLoops: false });
  const key = nodeKeys(nodes);
  for (const i of view.members) {
    const node = nodes[i];
    if (!node) continue;
    const pagerank = view.pagerank[i] ?? Number.NaN;
    graph.addNode(key(i), {
      label: node.name ?? node.id,
      agent: node.id,
      ...(Number.isNaN(pagerank) ? {} : { pagerank }),
      community: node.community,
      group: node.group ?? "",
      policy: node.policy,
      persistentLeader: node.persistentLeader,
      x: at.x[i] ?? 0,
      y: at.y[i] ?? 0,
      size: nodeSize(pagerank, view.present, sizeScale(nodes.length)),
      color: palette.colours[palette.byNode[i] ?? 0] ?? "#868e96",
    });
  }
  for (const [s, t, comments] of view.edges) graph.addDirectedEdge(key(s), key(t), { weight: comments });
  return write(graph);
}

/** `<experiment name>-<id>-window-<index>.<ext>`, or `...-all-windows.<ext>` for the cumulative view. */
export function exportName(
  experiment: { readonly id: string; readonly name: string | null },
  windows: readonly InfluenceGraphWindow[],
  choice: ViewChoice,
  extension: string,
): string {
  const slug = (experiment.name ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  const which = choice.cumulative ? "all-windows" : `window-${windows[choice.window]?.index ?? choice.window}`;
  return `${slug ? `${slug}-` : ""}${experiment.id}-${which}.${extension}`;
}

/** Hands a file to the browser's downloads. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  // The download has started once click() returns; the URL is freed after the browser has read it.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
