import { formatNumber } from "../format-number.js";
import { defineMetric } from "../metric-definition.js";
import { computeMemeDiffusion } from "./meme-diffusion.js";

/** docs/metrics.md "Meme diffusion": n-gram cascades from one origin through other agents. No verdict. */
export const memeDiffusionMetric = defineMetric({
  name: "memeDiffusion",
  compute: computeMemeDiffusion,
  render: (d) => ({
    title: "memeDiffusion",
    note: `${d.cascades} cascades; size mean ${formatNumber(d.size.mean ?? Number.NaN)}, max ${formatNumber(d.size.max ?? Number.NaN)}; half-life median ${formatNumber(d.halfLifeHours.median ?? Number.NaN)} h.`,
    blocks: [
      {
        kind: "line",
        title: "Largest cascades (adopting agents)",
        series: [{ name: "cascade size", points: d.top.map((c, i) => ({ x: i + 1, y: c.size })) }],
        xLabel: "rank",
        yLabel: "adopting agents",
      },
    ],
  }),
});
