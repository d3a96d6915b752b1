import { windowSeries } from "../chart-spec.js";
import { defineMetric } from "../metric-definition.js";
import { computeLexicalTurnover } from "./lexical-turnover.js";

/** docs/metrics.md "Lexical turnover": n-gram births and deaths per window. No verdict. */
export const lexicalTurnoverMetric = defineMetric({
  name: "lexicalTurnover",
  compute: computeLexicalTurnover,
  render: (result) => ({
    title: "lexicalTurnover",
    blocks: [
      {
        kind: "line",
        title: "n-gram birth rate",
        series: result.byN.map((b) =>
          windowSeries(
            `n = ${b.n}`,
            b.windows.map((w) => w.birthRate),
          ),
        ),
        xLabel: "window",
        yLabel: "share of n-grams",
      },
      {
        kind: "line",
        title: "n-gram death rate",
        series: result.byN.map((b) =>
          windowSeries(
            `n = ${b.n}`,
            b.windows.map((w) => w.deathRate),
          ),
        ),
        xLabel: "window",
        yLabel: "share of n-grams",
      },
    ],
  }),
});
