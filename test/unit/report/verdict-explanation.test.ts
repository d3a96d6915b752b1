import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diagnosticQuestions } from "../../../analysis/metrics/diagnostic-questions.js";
import { diagnosticRules } from "../../../analysis/metrics/registry.js";
import { explainVerdict } from "../../../report/verdict-explanation.js";
import type { VerdictRow } from "../../../report/report-summary.js";

const row: VerdictRow = {
  metric: "feedbackAdaptation",
  verdict: "emerged",
  effect: 0.045,
  ci: [0.031, 0.058],
  delta: 0.02,
  n: 24,
  reason: "effect 0.045 >= delta 0.02 and Holm p 0.003 < 0.05",
  p: 0.001,
  pHolm: 0.003,
  components: [{ name: "primary", effect: 0.045, ci95: [0.031, 0.058], ci90: [0.033, 0.056], delta: 0.02, p: 0.001, n: 24 }],
};

describe("verdict explanations", () => {
  it("says the question, the definition, the delta in its units, the verdict and why", () => {
    const e = explainVerdict(row);
    expect(e.question).toMatch(/^Does an agent's next post move toward its own well-received/);
    expect(e.definition).toBe("docs/metrics.md#7-feedback-adaptation");
    expect(e.delta).toBe("delta 0.02 cosine similarity");
    expect(e.label).toBe("emerged");
    expect(e.numbers).toBe("effect 0.045, 95% CI [0.031, 0.058], Holm p 0.003, n = 24");
    expect(e.because).toBe("emerged because effect 0.045 >= delta 0.02 and Holm p 0.003 < 0.05");
  });

  it("names every component's delta with the rule's units, and reads reports without p or components", () => {
    const two: VerdictRow = {
      ...row,
      metric: "individualDrift",
      components: [
        { name: "consistency", effect: 0.1, ci95: [0.05, 0.15], ci90: [0.06, 0.14], delta: 0.05, p: 0.001, n: 40 },
        { name: "pull", effect: 0.02, ci95: [0.01, 0.03], ci90: [0.012, 0.028], delta: 0.01, p: 0.002, n: 40 },
      ],
    };
    const rule = {
      metric: "individualDrift",
      components: [
        { name: "pull", delta: 0.01, unit: "cosine gain" },
        { name: "consistency", delta: 0.05, unit: "cosine" },
      ],
    };
    expect(explainVerdict(two, rule).delta).toBe("delta: consistency 0.05 cosine, pull 0.01 cosine gain");
    const { p: _p, pHolm: _h, components: _c, ...old } = row;
    expect(explainVerdict({ ...old, verdict: "absent", reason: "90% CI inside (-0.02, 0.02)" }).numbers).toBe(
      "effect 0.045, 95% CI [0.031, 0.058], n = 24",
    );
  });

  it("has a question and a docs/metrics.md section for every diagnostic with a rule", () => {
    for (const rule of diagnosticRules) {
      const q = diagnosticQuestions[rule.metric];
      expect(q?.question).toMatch(/\?$/);
      expect(q?.definition).toMatch(/^docs\/metrics\.md#\d+-[a-z-]+$/);
    }
    // Each anchor is a heading of docs/metrics.md as GitHub slugs it ("## 9. Influence" -> "9-influence").
    const slugs = readFileSync(new URL("../../../docs/metrics.md", import.meta.url), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("#"))
      .map((line) =>
        line
          .replace(/^#+\s*/, "")
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, "")
          .replace(/ /g, "-"),
      );
    for (const q of Object.values(diagnosticQuestions)) expect(slugs).toContain(q.definition.split("#")[1]);
  });
});
