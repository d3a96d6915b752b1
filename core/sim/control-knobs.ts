import { RandomStream } from "../random/stream.js";
import { authorAppealLogSdPerStrength, positionBiasExponentPerStrength } from "../tunables.js";

/**
 * The two negative-control knobs (docs/metrics.md "Controls"): engagement shaped by something other
 * than social learning, each breaking an assumption of an analysis null. Both are pure functions of
 * the seed and what the feed shows, so they never read anyone's history.
 */

/**
 * knobs.authorAppeal: the author's fixed engagement multiplier, exp(sd x z) with z standard normal
 * drawn once from (seed, author) - the same for every reader, every round.
 */
export function authorAppealWeight(seed: number, author: string, strength: number): number {
  const z = new RandomStream(seed, author, 0, "author-appeal").normal();
  return Math.exp(authorAppealLogSdPerStrength * strength * z);
}

/** knobs.positionBias: the engagement weight of an item at a feed rank (0 = first post shown). */
export function positionWeight(feedRank: number, strength: number): number {
  return (1 + feedRank) ** -(positionBiasExponentPerStrength * strength);
}
