import { bandMark, bandText } from "../../../core/contracts/report-structure.js";
import type { TwinRow } from "../../../core/contracts/report-structure.js";
import { formatNumber } from "../format-number.js";
import { defineMetric } from "../metric-definition.js";
import { computeStructure } from "./structure.js";

function valueText(value: number | null): string {
  return value === null ? "-" : formatNumber(value);
}

/** docs/metrics.md "Structure - the Moltbook twin": the platform's shape beside Moltbook's published values. No verdict. */
export const structureMetric = defineMetric({
  name: "structure",
  compute: computeStructure,
  render: (structure) => {
    const compared = structure.comparedWith;
    const header = ["statistic", "this log", "in band", "Moltbook (published)", "band", "source"];
    const row = (r: TwinRow): string[] => {
      const cells = [r.key, r.value === null ? `- (${r.reason ?? "no value"})` : valueText(r.value), bandMark(r.inBand)];
      if (compared !== null) cells.push(valueText(r.compared?.value ?? null), bandMark(r.compared?.inBand ?? null));
      return [...cells, r.published, bandText(r.band), r.source];
    };
    const fit = structure.powerLawFit;
    return {
      title: "structure: the Moltbook twin",
      blocks: [
        {
          kind: "table",
          header: compared === null ? header : [...header.slice(0, 3), `real log (${compared})`, "in band", ...header.slice(3)],
          rows: structure.twin.map(row),
        },
        {
          kind: "text",
          text:
            (fit === null
              ? "No power-law fit: too few participating agents. "
              : `Participation fit: alpha ${formatNumber(fit.alpha)} +- ${formatNumber(fit.alphaStandardError)} from x_min ${fit.xmin} ` +
                `(${fit.tail} agents in the tail), KS distance ${formatNumber(fit.ks)}. `) +
            `Reciprocity per window: ${structure.reciprocityByWindow.map(valueText).join(", ") || "-"}. ` +
            (structure.rewardEventStudy === null
              ? "Reward event study: too few agents."
              : `Reward event study: ${valueText(structure.rewardEventDrift)} ` +
                `[${structure.rewardEventStudy.ci95.map(valueText).join(", ")}] (95 % CI over ${structure.rewardEventStudy.agents} agents).`),
        },
      ],
    };
  },
});
