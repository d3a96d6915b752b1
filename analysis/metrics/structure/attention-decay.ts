import type { AnalysisLog } from "../../log/analysis-log.js";

/** Fewer log-spaced age bins with comments than this and the slope is not read. */
const minBins = 3;

/**
 * Attention decay: the rate at which a post gathers comments as it ages, gamma(t) ~ t^-exponent
 * (De Marzo & Garcia read ~1 on Moltbook). Ages are whole rounds after the post (>= 1); ages are
 * pooled in doubling bins [1,2), [2,4), ... up to half the log, so that every bin is observed on
 * many posts; a bin's rate is its comments over the post-rounds at risk (a post of round r is at
 * risk at age a only if r + a is inside the log - later ages are censored, not zero). The exponent
 * is minus the weighted least-squares slope of log rate on log age (each bin at the geometric mean
 * of its ages), each bin weighted by its comments: the variance of a log Poisson rate is about
 * 1 / count, and unweighted, the last bins (a handful of comments each) set the slope. Null with
 * fewer than three bins holding comments.
 */
export function attentionDecayExponent(log: AnalysisLog): number | null {
  const maxAge = Math.floor(log.rounds / 2);
  if (maxAge < 4 || log.posts.length === 0) return null;
  const postRound = new Map(log.posts.map((p) => [p.id, p.round]));
  const commentsAtAge = new Float64Array(maxAge + 1);
  for (const comment of log.comments) {
    const born = postRound.get(comment.post);
    if (born === undefined) continue;
    const age = comment.round - born;
    if (age >= 1 && age <= maxAge) commentsAtAge[age] = (commentsAtAge[age] ?? 0) + 1;
  }
  // Posts at risk at age a: those born at or before the last round minus a.
  const bornAt = new Float64Array(log.rounds);
  for (const post of log.posts) if (post.round >= 0 && post.round < log.rounds) bornAt[post.round] = (bornAt[post.round] ?? 0) + 1;
  const bornBy = new Float64Array(log.rounds);
  let running = 0;
  for (let r = 0; r < log.rounds; r++) bornBy[r] = running += bornAt[r] ?? 0;
  const points: { x: number; y: number; weight: number }[] = [];
  for (let lo = 1; lo <= maxAge; lo *= 2) {
    const hi = Math.min(maxAge, lo * 2 - 1);
    let comments = 0;
    let atRisk = 0;
    let logAges = 0;
    for (let a = lo; a <= hi; a++) {
      comments += commentsAtAge[a] ?? 0;
      atRisk += bornBy[log.rounds - 1 - a] ?? 0;
      logAges += Math.log(a);
    }
    if (comments > 0 && atRisk > 0) points.push({ x: logAges / (hi - lo + 1), y: Math.log(comments / atRisk), weight: comments });
  }
  return points.length >= minBins ? -weightedSlope(points) : null;
}

/** Weighted least-squares slope of y on x. */
function weightedSlope(points: readonly { x: number; y: number; weight: number }[]): number {
  let w = 0;
  let wx = 0;
  let wy = 0;
  for (const p of points) {
    w += p.weight;
    wx += p.weight * p.x;
    wy += p.weight * p.y;
  }
  const mx = wx / w;
  const my = wy / w;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += p.weight * (p.x - mx) * (p.y - my);
    sxx += p.weight * (p.x - mx) ** 2;
  }
  return sxy / sxx;
}
