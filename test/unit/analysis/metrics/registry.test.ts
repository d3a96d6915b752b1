import { describe, expect, it } from "vitest";
import { metricNames, ruleComponents } from "../../../../core/contracts/report.js";
import { diagnosticRules, metricRegistry } from "../../../../analysis/metrics/registry.js";

describe("the metric registry", () => {
  it("has one entry per report.json metric, under its own name, in report order", () => {
    expect(Object.keys(metricRegistry)).toEqual(metricNames);
    for (const name of metricNames) expect(metricRegistry[name].name).toBe(name);
  });

  it("lists the verdict rules of the diagnosed metrics in report order, each with a reason", () => {
    expect(diagnosticRules.map((rule) => rule.metric)).toEqual([
      "individualDrift",
      "feedbackAdaptation",
      "interactionInfluence",
      "influence",
      "memoryProbes",
      "sharedReferences",
    ]);
    for (const rule of diagnosticRules) {
      const components = ruleComponents(rule);
      expect(components.length).toBeGreaterThan(0);
      for (const component of components) {
        expect(component.delta).toBeGreaterThan(0);
        expect(component.unit.length).toBeGreaterThan(0);
      }
      expect(rule.minN).toBeGreaterThan(0);
      expect(rule.why.length).toBeGreaterThan(40);
    }
  });
});
