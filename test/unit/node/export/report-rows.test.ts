import { describe, expect, it } from "vitest";
import { windowMetricRows } from "../../../../node/export/report-rows.js";

/** A report's per-window numbers in the shapes report.json uses, and the long rows worked out by hand. */
const report = {
  windows: [
    { index: 0, fromRound: 0, toRound: 5 },
    { index: 1, fromRound: 6, toRound: 11 },
  ],
  metrics: {
    activity: {
      available: true,
      windows: [
        { index: 0, fromRound: 0, toRound: 5, posts: 3, sampled: true },
        { index: 1, fromRound: 6, toRound: 11, posts: 4, sampled: false },
      ],
    },
    lexicalTurnover: {
      byN: [{ n: 2, windows: [{ index: 1, fromRound: 6, toRound: 11, births: null, topK: ["a"] }] }],
    },
    influence: {
      windows: [{ index: 0, fromRound: 0, toRound: 5, pagerank: { a0: 1 }, exposure: { gini: 0.5 } }],
      leaders: { concentrationWindows: [{ window: 1, observed: 0.25 }] },
    },
    structure: { reciprocityByWindow: [0.1, null], twin: [{ key: "x", value: 2 }] },
    memoryProbes: { available: false, reason: "log lacks probe" },
  },
};

const row = (metric: string, statistic: string, window: number, value: number | null) => ({
  metric,
  statistic,
  window,
  from_round: window === 0 ? 0 : 6,
  to_round: window === 0 ? 5 : 11,
  value,
});

describe("window metric rows", () => {
  it("turns every per-window number into one long row", () => {
    expect(windowMetricRows(report)).toEqual([
      row("activity", "posts", 0, 3),
      row("activity", "sampled", 0, 1),
      row("activity", "posts", 1, 4),
      row("activity", "sampled", 1, 0),
      row("lexicalTurnover", "byN.n=2.births", 1, null),
      row("influence", "exposure.gini", 0, 0.5),
      row("influence", "leaders.concentrationWindows.observed", 1, 0.25),
      row("structure", "reciprocityByWindow", 0, 0.1),
      row("structure", "reciprocityByWindow", 1, null),
    ]);
  });
});
