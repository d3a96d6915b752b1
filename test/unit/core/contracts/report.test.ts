import { describe, expect, it } from "vitest";
import { diagnosticRuleSchema, metricNames, reportSchema } from "../../../../core/contracts/report.js";
import { analyzedRandomTextLog } from "../../analysis/fixtures.js";

/** Key-sorted copy, so two JSON values compare regardless of key order. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortedKeys(v)]),
    );
  return value;
}

describe("report.json's schema", () => {
  it("parses an analysed report strictly and without losing a field", async () => {
    const report = await analyzedRandomTextLog();
    const json: unknown = JSON.parse(JSON.stringify(report));
    const parsed = reportSchema.strict().parse(json);
    expect(JSON.stringify(sortedKeys(parsed))).toBe(JSON.stringify(sortedKeys(json)));
    expect(Object.keys(report.metrics)).toEqual(metricNames);
    // The deltas belong to the default embedder, and the report says so.
    expect(report.deltasEmbedder).toBe("hashing-1-2gram-tfidf-512");
    expect(report.embedder).toBe("hashing-1-2gram-tfidf-512");
    // This log has no votes or exposures: influence gives what needs neither, and says why it has no verdict.
    expect(report.metrics.influence).toMatchObject({ available: true, verdictUnavailable: expect.stringMatching(/^log lacks exposure/) });
    const influence = report.verdicts.find((v) => v.metric === "influence");
    expect(influence?.verdict).toBe("inconclusive");
    expect(influence?.reason).toMatch(/^log lacks exposure/);
  });

  it("rejects a report whose verdict is not one of the four", () => {
    const verdict = {
      metric: "m",
      verdict: "negligible",
      effect: null,
      ci: null,
      delta: 1,
      n: 0,
      reason: "",
      p: null,
      pHolm: null,
      components: [],
    };
    expect(reportSchema.shape.verdicts.safeParse([verdict]).success).toBe(true);
    expect(reportSchema.shape.verdicts.safeParse([{ ...verdict, verdict: "maybe" }]).success).toBe(false);
  });

  it("holds no p-value of exactly 0", async () => {
    const report = await analyzedRandomTextLog(99);
    const ps = report.verdicts.flatMap((v) => [v.p, v.pHolm, ...v.components.map((c) => c.p)]).filter((p) => p !== null);
    expect(ps.length).toBeGreaterThan(0);
    for (const p of ps) expect(p).toBeGreaterThanOrEqual(1 / 100);
  });

  it("a rule needs a delta or components", () => {
    expect(diagnosticRuleSchema.safeParse({ metric: "m", minN: 1, why: "" }).success).toBe(false);
    expect(diagnosticRuleSchema.safeParse({ metric: "m", delta: 0.1, minN: 1, why: "" }).success).toBe(true);
    expect(
      diagnosticRuleSchema.safeParse({ metric: "m", components: [{ name: "a", delta: 0.1, unit: "cosine" }], minN: 1, why: "" }).success,
    ).toBe(true);
  });
});
