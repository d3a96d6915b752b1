import { increment } from "../../stats/urn.js";
import { expectedReceived } from "./exposure-null.js";
import type { WindowData } from "./window-data.js";

/**
 * Each author's engagement propensity as known *before* a window (docs/metrics.md section 9, "What
 * the null conditions on"). Some authors simply draw more engagement per impression - better
 * writers, livelier topics (`knobs.authorAppeal` in the sim) - and such authors lead day after day
 * without anyone influencing anyone. The leader null therefore weights each author by its own
 * past engagement per expected engagement: comments received over the exposure null's exact
 * expectation (impressions x feed position, expectedReceived), summed over every earlier window.
 * Only earlier windows: a propensity estimated from the window itself, or from later ones, would
 * absorb the status the window's own interactions create - exactly what "influence" means. What the
 * null leaves to the data is attention that follows status gained *since*: leaders who gain on
 * their own past, and persist beyond what their record predicted when the pair of days began.
 *
 * Estimates are shrunk toward 1 (gamma-Poisson, empirical Bayes): propensity ~ Gamma(a, a), so
 * the posterior mean is (received + a) / (expected + a), with 1 / a - the spread of propensities -
 * estimated by moments over the authors, (sum (R - E)^2 - R) / sum E^2. An author with little
 * expected engagement keeps a propensity near 1; regression to the mean of lucky early days is
 * thereby not handed to the null as a persistent leader.
 */

/** Smallest spread of propensities allowed (1 / a): keeps a from blowing up when authors look alike. */
const minPropensityVariance = 1e-3;

/** Author -> propensity for one window, or null when nothing came before it. */
export type Propensity = ReadonlyMap<string, number> | null;

/** Comments received and expected per author, one map pair per window. */
function receivedAndExpected(data: readonly WindowData[]): { received: Map<string, number>; expected: Map<string, number> }[] {
  return data.map((slot) => {
    const received = new Map<string, number>();
    for (const e of slot.edges) increment(received, e.target);
    return { received, expected: expectedReceived(slot) };
  });
}

/** Shrunk propensities from summed received and expected counts. */
export function shrunkPropensity(received: ReadonlyMap<string, number>, expected: ReadonlyMap<string, number>): Map<string, number> {
  let excess = 0;
  let squares = 0;
  for (const [author, e] of expected) {
    const r = received.get(author) ?? 0;
    excess += (r - e) ** 2 - r;
    squares += e * e;
  }
  const variance = Math.max(minPropensityVariance, squares > 0 ? excess / squares : 0);
  const a = 1 / variance;
  const out = new Map<string, number>();
  for (const [author, e] of expected) out.set(author, ((received.get(author) ?? 0) + a) / (e + a));
  return out;
}

/** Per window, the propensity from all earlier windows (null for the first). */
export function pastPropensities(data: readonly WindowData[]): Propensity[] {
  const counts = receivedAndExpected(data);
  const received = new Map<string, number>();
  const expected = new Map<string, number>();
  return data.map((_, w) => {
    const before = w > 0 ? shrunkPropensity(received, expected) : null;
    const now = counts[w];
    if (now) {
      for (const [author, r] of now.received) increment(received, author, r);
      for (const [author, e] of now.expected) increment(expected, author, e);
    }
    return before;
  });
}
