import type { GraphNode, GraphSlice } from "./graph-model.js";
import { xmlEscape, xmlNumber } from "./xml-text.js";

/**
 * GEXF 1.3 and GraphML renderings of one influence graph slice (docs/export.md "Graph files"):
 * directed, edge weight = comments, node attributes name, policy, group, community, pagerank and
 * persistent_leader. Produced line by line so a writer can stream them.
 */

interface NodeAttribute {
  readonly id: string;
  readonly gexfType: "string" | "integer" | "double" | "boolean";
  readonly graphmlType: "string" | "int" | "double" | "boolean";
  readonly value: (n: GraphNode) => string | null;
}

const nodeAttributes: readonly NodeAttribute[] = [
  { id: "name", gexfType: "string", graphmlType: "string", value: (n) => n.name },
  { id: "policy", gexfType: "string", graphmlType: "string", value: (n) => n.policy },
  { id: "group", gexfType: "string", graphmlType: "string", value: (n) => n.group },
  { id: "community", gexfType: "integer", graphmlType: "int", value: (n) => String(n.community) },
  { id: "pagerank", gexfType: "double", graphmlType: "double", value: (n) => (n.pagerank === null ? null : xmlNumber(n.pagerank)) },
  { id: "persistent_leader", gexfType: "boolean", graphmlType: "boolean", value: (n) => String(n.persistentLeader) },
];

function sliceTitle(slice: GraphSlice): string {
  const rounds = `rounds ${slice.fromRound}-${slice.toRound}`;
  return slice.window === null
    ? `Murmur influence graph, cumulative (${rounds})`
    : `Murmur influence graph, window ${slice.window} (${rounds})`;
}

export function* gexfLines(slice: GraphSlice): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>';
  yield '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">';
  yield `  <meta><creator>murmur export</creator><description>${xmlEscape(sliceTitle(slice))}</description></meta>`;
  yield '  <graph mode="static" defaultedgetype="directed">';
  yield '    <attributes class="node">';
  for (const a of nodeAttributes) yield `      <attribute id="${a.id}" title="${a.id}" type="${a.gexfType}"/>`;
  yield "    </attributes>";
  yield "    <nodes>";
  for (const n of slice.nodes) {
    const values = nodeAttributes.flatMap((a) => {
      const v = a.value(n);
      return v === null ? [] : [`<attvalue for="${a.id}" value="${xmlEscape(v)}"/>`];
    });
    const position = `<viz:position x="${xmlNumber(n.x)}" y="${xmlNumber(n.y)}" z="0"/>`;
    yield `      <node id="${xmlEscape(n.id)}" label="${xmlEscape(n.name ?? n.id)}"><attvalues>${values.join("")}</attvalues>${position}</node>`;
  }
  yield "    </nodes>";
  yield "    <edges>";
  for (const [i, e] of slice.edges.entries()) {
    yield `      <edge id="${i}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}" weight="${xmlNumber(e.weight)}"/>`;
  }
  yield "    </edges>";
  yield "  </graph>";
  yield "</gexf>";
}

export function* graphmlLines(slice: GraphSlice): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>';
  yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">';
  for (const a of nodeAttributes) yield `  <key id="${a.id}" for="node" attr.name="${a.id}" attr.type="${a.graphmlType}"/>`;
  yield '  <key id="x" for="node" attr.name="x" attr.type="double"/>';
  yield '  <key id="y" for="node" attr.name="y" attr.type="double"/>';
  yield '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>';
  yield `  <graph id="${slice.window === null ? "cumulative" : `window-${slice.window}`}" edgedefault="directed">`;
  yield `    <desc>${xmlEscape(sliceTitle(slice))}</desc>`;
  for (const n of slice.nodes) {
    const values = nodeAttributes.flatMap((a) => {
      const v = a.value(n);
      return v === null ? [] : [`<data key="${a.id}">${xmlEscape(v)}</data>`];
    });
    values.push(`<data key="x">${xmlNumber(n.x)}</data>`, `<data key="y">${xmlNumber(n.y)}</data>`);
    yield `    <node id="${xmlEscape(n.id)}">${values.join("")}</node>`;
  }
  for (const e of slice.edges) {
    yield `    <edge source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}"><data key="weight">${xmlNumber(e.weight)}</data></edge>`;
  }
  yield "  </graph>";
  yield "</graphml>";
}
