import { seriesOf } from "../chart-spec.js";
import { defineMetric } from "../metric-definition.js";
import { computeActivity } from "./activity.js";

/** docs/metrics.md "Activity": posts, comments, votes and active agents per window. No verdict. */
export const activityMetric = defineMetric({
  name: "activity",
  compute: computeActivity,
  render: (result) => ({
    title: "activity",
    blocks: [
      {
        kind: "line",
        title: "Activity per window",
        series: seriesOf(result.windows, {
          posts: (x) => x.posts,
          comments: (x) => x.comments,
          votes: (x) => x.votes,
          "active agents": (x) => x.actives,
        }),
        xLabel: "window",
        yLabel: "count per window",
      },
    ],
  }),
});
