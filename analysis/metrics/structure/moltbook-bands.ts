import type { Band, StructureKey } from "../../../core/contracts/report-structure.js";

/** What the real Moltbook's studies published for a statistic, and the band the twin is held to. */
export interface PublishedValue {
  readonly published: string;
  readonly source: string;
  /** Null where the studies give no number to hold a run to. */
  readonly band: Band | null;
}

const price = "Price et al. 2026 (arXiv 2602.20044)";
const holtz = "Holtz 2026";
const deMarzo = "De Marzo & Garcia 2026 (arXiv 2602.09270)";

/**
 * docs/metrics.md "Structure - the Moltbook twin": the first seven bands are the twin's acceptance
 * bands - Murmur's judgement (issue 14), not published ranges, four of them one-sided - shown beside
 * the published values; the others are descriptive, with a band only where the study states a
 * direction.
 */
export const moltbookValues: Readonly<Record<StructureKey, PublishedValue>> = {
  reciprocity: {
    published: "0.01-0.04 (one crawl 0.073; one day 0.016, several days 0.038)",
    source: `${price}; ${holtz}`,
    band: { min: null, max: 0.08 },
  },
  noReplyShare: { published: "0.93-0.94", source: holtz, band: { min: 0.88, max: null } },
  meanThreadDepth: { published: "~1.07", source: holtz, band: { min: null, max: 1.15 } },
  upvoteGini: { published: "0.97-0.99 (0.992)", source: price, band: { min: 0.93, max: null } },
  postGini: { published: "~0.60 (0.601)", source: price, band: { min: 0.5, max: 0.72 } },
  powerLawAlpha: { published: "1.72 (1.68-2.00)", source: deMarzo, band: { min: 1.5, max: 2.1 } },
  duplicateShare: { published: "~0.34 in the first days", source: holtz, band: { min: 0.15, max: 0.5 } },
  attentionDecayExponent: { published: "~1 (gamma(t) ~ 1/t)", source: deMarzo, band: null },
  upvoteCommentScaling: { published: "sublinear (< 1)", source: deMarzo, band: { min: 0, max: 1 } },
  burstiness: { published: "bursty participation (B > 0)", source: price, band: { min: 0, max: null } },
  communityJaccard: { published: "no number published", source: "-", band: null },
  vocabularyNoOverlapShare: { published: "~0.65 of comments", source: "Moltbook follow-up studies", band: null },
  hubAuthorityOverlap: { published: "roles separate cleanly (near 0)", source: price, band: null },
  rewardEventDrift: {
    published: "MoltNet: agents follow rewards (> 0); Li, Li & Zhou: feedback changes nothing (~0)",
    source: "MoltNet (arXiv 2602.13458); Li, Li & Zhou (arXiv 2602.14299)",
    band: null,
  },
};

/** Whether `value` is inside `band` (null: no band or no value). */
export function inBand(value: number | null, band: Band | null): boolean | null {
  if (value === null || band === null) return null;
  return (band.min === null || value >= band.min) && (band.max === null || value <= band.max);
}
