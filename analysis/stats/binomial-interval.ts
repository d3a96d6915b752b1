import { betaQuantile } from "./incomplete-beta.js";

/**
 * The Clopper-Pearson ("exact") interval of a binomial proportion: k successes in n trials.
 * Chosen over Wilson for the false-positive rate because it never undercovers: with 20 seeds and
 * no false positive, it says the rate may still be up to 17 %, which is what 20 seeds can show.
 * The bounds are quantiles of beta distributions: lower Beta(k, n-k+1) at alpha/2, upper
 * Beta(k+1, n-k) at 1-alpha/2; k = 0 gives lower 0, k = n gives upper 1.
 */
export function clopperPearson(successes: number, trials: number, confidence = 0.95): readonly [number, number] {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || trials < 1 || successes < 0 || successes > trials)
    throw new Error(`clopperPearson needs 0 <= k <= n, n >= 1 (got k=${successes}, n=${trials})`);
  const alpha = 1 - confidence;
  const lower = successes === 0 ? 0 : betaQuantile(alpha / 2, successes, trials - successes + 1);
  const upper = successes === trials ? 1 : betaQuantile(1 - alpha / 2, successes + 1, trials - successes);
  return [lower, upper];
}
