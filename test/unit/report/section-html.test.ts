import { describe, expect, it } from "vitest";
import { blockHtml, sectionSpecHtml } from "../../../report/section-html.js";

describe("section specs as HTML", () => {
  it("escapes text and table cells, and keeps the note out when there is none", () => {
    expect(blockHtml({ kind: "text", text: "a < b & the null's" })).toBe("<p>a &lt; b &amp; the null's</p>");
    expect(blockHtml({ kind: "table", header: ["k"], rows: [["<v>"]] })).toBe(
      "<table><thead><tr><th>k</th></tr></thead><tbody><tr><td>&lt;v&gt;</td></tr></tbody></table>",
    );
    const html = sectionSpecHtml({ title: "m", blocks: [{ kind: "text", text: "x" }] });
    expect(html).toBe('<section><h2>m</h2><div class="charts"><p>x</p></div></section>');
  });

  it("draws line and heatmap specs as inline SVG", () => {
    const line = blockHtml({
      kind: "line",
      title: "t",
      series: [
        {
          name: "s",
          points: [
            { x: 0, y: 1 },
            { x: 1, y: 2 },
          ],
        },
      ],
      xLabel: "window",
      yLabel: "share of PageRank",
    });
    const heat = blockHtml({
      kind: "heatmap",
      title: "h",
      matrix: [
        [1, 0.5],
        [0.5, 1],
      ],
      label: "cos",
    });
    expect(line.startsWith("<svg")).toBe(true);
    expect(line).toContain(">share of PageRank</text>");
    // Two points: one line and, because the series is short, a dot per point.
    expect(line.match(/class="series-point"/g)?.length).toBe(2);
    // Windows are whole numbers: the x axis has no tick between them.
    expect(line).not.toContain(`text-anchor="middle" fill="#495057">0.5</text>`);
    expect(line).toContain(`text-anchor="middle" fill="#495057">1</text>`);
    expect(heat.startsWith("<svg")).toBe(true);
  });
});
