import { describe, expect, it } from "vitest";
import { renderReportHtml } from "../../../report/report-html.js";
import { verdictSummary } from "../../../report/verdict-summary.js";
import { analyzedRandomTextLog } from "../analysis/fixtures.js";

describe("report.html's verdicts", () => {
  it("shows per diagnostic its question, its docs/metrics.md section, its delta, the verdict and why", async () => {
    const report = await analyzedRandomTextLog(99);
    const html = renderReportHtml(report);
    // The fixture has no votes: feedbackAdaptation says why, as a sentence.
    expect(html).toContain("inconclusive because log lacks");
    expect(html).toContain('<a href="docs/metrics.md#7-feedback-adaptation">docs/metrics.md#7-feedback-adaptation</a>');
    expect(html).toContain("Does an agent&#39;s next post move toward its own well-received recent posts");
    expect(html).toContain("delta 0.02 cosine similarity");
    expect(html).toContain(
      "90% CI inside (-delta, +delta) and its 95% CI covering 0; negligible: such a component with its 95% CI above 0",
    );
    expect((html.match(/<tr class="[a-z]+" data-metric="/g) ?? []).length).toBe(6);
    expect(verdictSummary(report)).toContain("Holm p");
  });

  it("names its source by its run directory and file, without the machine's directories, and marks the verdict section", async () => {
    const report = { ...(await analyzedRandomTextLog(99)), source: "/tmp/murmur-xyz/run-7/events.ndjson" };
    const html = renderReportHtml(report);
    expect(html).toContain("<header><h1>Murmur report</h1><p>run-7/events.ndjson - ");
    expect(html).not.toContain("/tmp/");
    expect(html).toContain('<section id="verdicts"><h2>Verdicts</h2>');
  });
});
