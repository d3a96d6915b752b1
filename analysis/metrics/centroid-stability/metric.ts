import { formatNumber } from "../format-number.js";
import { windowSeries } from "../chart-spec.js";
import { defineMetric } from "../metric-definition.js";
import { computeCentroidStability } from "./centroid-stability.js";

/** docs/metrics.md "Centroid stability": cos between window centroids, against a shuffle. No verdict. */
export const centroidStabilityMetric = defineMetric({
  name: "centroidStability",
  compute: computeCentroidStability,
  render: (c) => {
    const base = c.baseline.meanConsecutive;
    return {
      title: "centroidStability",
      note: c.baseline.method,
      blocks: [
        { kind: "heatmap", title: "cos between window centroids", matrix: c.matrix, label: "cos(c_i, c_j)" },
        {
          kind: "line",
          title: "Consecutive windows",
          series: [windowSeries("cos(c_t, c_t+1)", c.consecutive)],
          band:
            base === null
              ? undefined
              : {
                  name: `shuffled baseline ${formatNumber(base)}`,
                  points: [
                    { x: 0, lo: base, hi: base },
                    { x: Math.max(1, c.consecutive.length - 1), lo: base, hi: base },
                  ],
                },
          xLabel: "window",
          yLabel: "cosine",
        },
      ],
    };
  },
});
