import { windowSeries } from "../chart-spec.js";
import { defineMetric } from "../metric-definition.js";
import { computeLocalCohesion } from "./local-cohesion.js";

/** docs/metrics.md "Local cohesion": mean cos to the K nearest neighbours, against a shuffle. No verdict. */
export const localCohesionMetric = defineMetric({
  name: "localCohesion",
  compute: computeLocalCohesion,
  render: (l) => ({
    title: "localCohesion",
    note: l.baseline.method,
    blocks: [
      {
        kind: "line",
        title: `Mean cos to the ${l.k} nearest neighbours`,
        series: [
          windowSeries(
            "observed",
            l.windows.map((w) => w.mean),
          ),
          windowSeries("shuffled baseline", l.baseline.windows),
        ],
        xLabel: "window",
        yLabel: "cosine",
      },
    ],
  }),
});
