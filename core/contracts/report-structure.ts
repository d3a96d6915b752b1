import { z } from "zod";

/**
 * The `structure` metric as report.json carries it (docs/metrics.md "Structure - the Moltbook
 * twin"): descriptive statistics of the platform's shape, each beside the value published for the
 * real Moltbook, its band and whether this log (and a compared real log) falls inside it.
 */

const nullableNumber = z.number().nullable();

/** Every single-number statistic, in report order: the seven the twin is held to, then the follow-up studies'. */
export const structureKeys = [
  "reciprocity",
  "noReplyShare",
  "meanThreadDepth",
  "upvoteGini",
  "postGini",
  "powerLawAlpha",
  "duplicateShare",
  "attentionDecayExponent",
  "upvoteCommentScaling",
  "burstiness",
  "communityJaccard",
  "vocabularyNoOverlapShare",
  "hubAuthorityOverlap",
  "rewardEventDrift",
] as const;
export const structureKeySchema = z.enum(structureKeys);
export type StructureKey = z.infer<typeof structureKeySchema>;

/** A closed interval; a null end is open. */
export const bandSchema = z.object({ min: nullableNumber, max: nullableNumber });
export type Band = z.infer<typeof bandSchema>;

/** One row of the twin table. */
export const twinRowSchema = z.object({
  key: structureKeySchema,
  value: nullableNumber,
  /** Why the value is null. */
  reason: z.string().nullable(),
  /** The published Moltbook value, as its sources state it. */
  published: z.string(),
  /** Who published it. */
  source: z.string(),
  /** The band the twin is held to, or null when nothing published gives one. */
  band: bandSchema.nullable(),
  /** Whether the value is inside the band (null: no band or no value). */
  inBand: z.boolean().nullable(),
  /** The compared real log's value and mark (`murmur analyze RUN --compare REAL_RUN`). */
  compared: z.object({ value: nullableNumber, inBand: z.boolean().nullable() }).optional(),
});
export type TwinRow = z.infer<typeof twinRowSchema>;

export const powerLawFitSchema = z.object({
  alpha: z.number(),
  xmin: z.number(),
  /** Kolmogorov-Smirnov distance of the fitted tail. */
  ks: z.number(),
  /** Agents in the tail (participation >= xmin). */
  tail: z.number(),
  alphaStandardError: z.number(),
});

export const structureResultSchema = z.object({
  ...Object.fromEntries(structureKeys.map((key) => [key, nullableNumber])) as Record<StructureKey, typeof nullableNumber>,
  /** The participation fit behind powerLawAlpha (x_min by the minimum KS distance). */
  powerLawFit: powerLawFitSchema.nullable(),
  /** MoltNet's reward event study behind rewardEventDrift: agents and the agent-clustered 95 % interval. */
  rewardEventStudy: z.object({ agents: z.number(), ci95: z.tuple([z.number(), z.number()]) }).nullable(),
  /** Reciprocity of the ties formed within each window (a day), in window order. */
  reciprocityByWindow: z.array(nullableNumber),
  reasons: z.partialRecord(structureKeySchema, z.string()),
  twin: z.array(twinRowSchema),
  /** The real log the `compared` values come from. */
  comparedWith: z.string().nullable(),
});
export type StructureResult = z.infer<typeof structureResultSchema>;

/** A band as every page writes it: "0.5-0.72", ">= 0.88", "<= 0.08", or "-" without one. */
export function bandText(band: Band | null): string {
  if (band === null) return "-";
  if (band.min !== null && band.max !== null) return `${band.min}-${band.max}`;
  if (band.min !== null) return `>= ${band.min}`;
  return band.max !== null ? `<= ${band.max}` : "any";
}

/** An in/out mark as every page writes it. */
export function bandMark(inBand: boolean | null): string {
  return inBand === null ? "-" : inBand ? "in" : "out";
}
