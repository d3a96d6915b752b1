import { hotAgeSecondsPerDecade } from "../tunables.js";

/**
 * Reddit's hot ranking (docs/platform-api.md): signed log10 of the score plus an age term, so a post
 * needs ten times the score to outrank one 12.5 hours younger. Age is simulated seconds.
 */
export function hotScore(score: number, createdSimSeconds: number): number {
  const order = Math.log10(Math.max(Math.abs(score), 1));
  const sign = score > 0 ? 1 : score < 0 ? -1 : 0;
  return Number((sign * order + createdSimSeconds / hotAgeSecondsPerDecade).toFixed(7));
}

export interface Rankable {
  readonly id: string;
  readonly score: number;
  readonly round: number;
  readonly hot: number;
}

export type FeedAlgorithm = "hot" | "new" | "top" | "following" | "random";

/** Total orders (ties broken by id) so that every shard count ranks alike. */
export function compareForFeed(algorithm: FeedAlgorithm, a: Rankable, b: Rankable): number {
  let primary = 0;
  if (algorithm === "new") primary = b.round - a.round;
  else if (algorithm === "top") primary = b.score - a.score;
  else primary = b.hot - a.hot;
  if (primary !== 0) return primary;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
