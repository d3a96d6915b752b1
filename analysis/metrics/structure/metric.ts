import { structureKeys } from "../../../core/contracts/report-collective-metrics.js";
import type { StructureKey } from "../../../core/contracts/report-collective-metrics.js";
import { formatNumber } from "../format-number.js";
import { defineMetric } from "../metric-definition.js";
import { computeStructure } from "./structure.js";

/** Published Moltbook values (docs/metrics.md "Structure"), shown beside every run's. */
const moltbookStructure: Readonly<Record<StructureKey, string>> = {
  reciprocity: "0.01-0.04 (early sample 0.197; human platforms 0.22-0.60)",
  noReplyShare: "~0.93",
  meanThreadDepth: "~1.07",
  upvoteGini: "0.97-0.99",
  postGini: "~0.60",
  powerLawAlpha: "~1.7",
  duplicateShare: "~0.34 (first days)",
};

/** docs/metrics.md "Structure": the platform's shape beside Moltbook's published values. No verdict. */
export const structureMetric = defineMetric({
  name: "structure",
  compute: computeStructure,
  render: (structure) => ({
    title: "structure",
    blocks: [
      {
        kind: "table",
        header: ["statistic", "this log", "Moltbook (published)"],
        rows: structureKeys.map((key) => {
          const value = structure[key];
          return [key, typeof value === "number" ? formatNumber(value) : "-", moltbookStructure[key]];
        }),
      },
    ],
  }),
});
