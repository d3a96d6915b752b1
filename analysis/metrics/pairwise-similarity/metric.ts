import { windowSeries } from "../chart-spec.js";
import { defineMetric } from "../metric-definition.js";
import { computePairwiseSimilarity } from "./pairwise-similarity.js";

/** docs/metrics.md "Pairwise similarity": mean cos within windows, against a shuffle. No verdict. */
export const pairwiseSimilarityMetric = defineMetric({
  name: "pairwiseSimilarity",
  compute: computePairwiseSimilarity,
  render: (p) => ({
    title: "pairwiseSimilarity",
    note: p.baseline.method,
    blocks: [
      {
        kind: "line",
        title: "Mean pairwise cosine within windows",
        series: [windowSeries("within window", p.within), windowSeries("shuffled baseline", p.baseline.shuffledWithin)],
        xLabel: "window",
        yLabel: "cosine",
      },
    ],
  }),
});
