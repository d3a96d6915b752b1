import { bandMark, bandText } from "../../../core/contracts/report-structure.js";
import type { TwinRow } from "../../../core/contracts/report-structure.js";
import type { TwinSummary } from "../../../report/report-summary.js";
import { h } from "../ui/dom.js";

function valueText(value: number | null): string {
  return value === null ? "-" : Number(value.toPrecision(3)).toString();
}

/** An in/out mark as a status pill (styles.css colours); "-" stays plain. */
function markCell(inBand: boolean | null): HTMLTableCellElement {
  const text = bandMark(inBand);
  return h("td", {}, inBand === null ? text : h("span", { class: `status ${inBand ? "finished" : "failed"}` }, text));
}

/**
 * docs/metrics.md "Structure - the Moltbook twin": each statistic of this run beside what Moltbook's
 * studies published, the band the moltbook-like preset is held to and an in/out mark - and, for a
 * report analysed with --compare, the real log's value and mark.
 */
export function twinTable(twin: TwinSummary): HTMLTableElement {
  const compared = twin.comparedWith;
  const header = ["statistic", "this run", "in band", ...(compared === null ? [] : [`real log: ${compared}`, "in band"]), "Moltbook (published)", "band", "source"];
  const row = (r: TwinRow): HTMLTableRowElement =>
    h(
      "tr",
      { "data-key": r.key, "data-in-band": bandMark(r.inBand) },
      h("td", {}, h("code", {}, r.key)),
      h("td", { title: r.reason ?? "" }, r.value === null ? `- (${r.reason ?? "no value"})` : valueText(r.value)),
      markCell(r.inBand),
      ...(compared === null ? [] : [h("td", {}, valueText(r.compared?.value ?? null)), markCell(r.compared?.inBand ?? null)]),
      h("td", { class: "small" }, r.published),
      h("td", { class: "small" }, bandText(r.band)),
      h("td", { class: "small muted" }, r.source),
    );
  return h(
    "table",
    { "data-testid": "twin" },
    h("thead", {}, h("tr", {}, ...header.map((t) => h("th", {}, t)))),
    h("tbody", {}, ...twin.twin.map(row)),
  );
}
