import type { DiagnosticRule } from "../stats/verdict.js";

/**
 * Verdict rules of the collective diagnostics (METRICS.md 9-11), each delta in its primary
 * statistic's units. Checked against 300-agent x 96-round sim runs - `moltbook-like` (knobs off)
 * and `socialized` at seeds 1 and 2 (influence: knobs off seeds 1-5, socialized seeds 1-3), one
 * run with preferentialAttention 1 alone and one with memoryReferences 1 alone - and a 3000-agent
 * x 24-round knobs-off run.
 */
export const collectiveDiagnosticRules: readonly DiagnosticRule[] = [
  {
    metric: "influence",
    delta: 2,
    minN: 30,
    why:
      "Primary: does engagement beyond the exposure-matched null persist? Per window, each author's comments " +
      "received minus the null's exact expectation (every commenter's out-degree per channel - feed post, feed " +
      "comment, notification answer - times its chance of being shown that author), over sqrt(expectation + 1); " +
      "Spearman of these residuals across consecutive windows over the authors other agents were shown in both (the " +
      "agents the null can engage: METRICS.md's 'active in both' read as active as a shown author, since voters and " +
      "lurkers sit at PageRank's floor and a residual of 0 and add only ties); minus the same Spearman's mean over " +
      "50 rewirings, in their sds; mean over window pairs. METRICS.md's raw persistence (Spearman of PageRank over " +
      "agents active in both, vs the same null) is reported as context.pagerankPersistence but cannot separate the " +
      "presets: it is ~0.5 in data and null alike (exposure and posting volume persist), a persistent engagement " +
      "multiplier moves it by 0.01-0.03 against a null sd of ~0.04, and concentration ties most agents at the floor " +
      "(300 x 96: knobs off -0.43, +0.14, -0.04, +0.92, -0.20 for seeds 1-5; socialized +0.52, +0.26, +0.31 for " +
      "seeds 1-3, none emerged; restricting it to shown authors or posters gave socialized 0.2-0.7 too). " +
      "delta 2 null sds: the null's sd of the residual Spearman is ~0.08 at 300 agents, so 2 sds is ~0.16 of " +
      "Spearman - excess persistence a single window pair shows by chance ~2 % of the time under the null. A z is " +
      "not an effect size (for a fixed gap it grows with sqrt(authors)), so context.beyondExposureMinusNull gives the " +
      "gap in Spearman units. Checked at 300 x 96: knobs off -0.75, +0.27, -0.10, +0.57, +0.05 (seeds 1-5; gap " +
      "-0.055 to +0.039; 95 % CI half-width ~0.8; all absent); socialized +4.19, +4.38, +3.95 (seeds 1-3; gap " +
      "+0.32 to +0.34; CI lower bound >= 3.0; all emerged): preferentialAttention weights an item by its author's " +
      "karma and the reader's familiarity, which persists, while what only the feed explains is in the null. " +
      "minN 30 authors shown in consecutive windows: below ~30 a Spearman's sampling sd (> 0.18) swamps the null's " +
      "and the percentile bootstrap undercovers with so few clusters.",
  },
  {
    metric: "memoryProbes",
    delta: 0.1,
    minN: 20,
    why:
      "delta 0.1 (share of an answer's named entities in the true top-10 - cumulative comment-graph PageRank for " +
      "agents, score for posts - minus the same share for the agent's most-shown authors and posts, as many as it " +
      "named): with up to 3 agents and 3 posts per answer, 0.1 is about one more correct name in every second answer " +
      "than the feed alone supplies - the least a reader would call memory of who mattered rather than of what was on " +
      "screen. Checked (bench/calibration.md, 300 agents x 96 rounds, private probes of 50 agents every 24 rounds): " +
      "knobs off 0 emerged in 20 seeds (13 absent, 7 inconclusive), socialized 0.023 [0.001, 0.046] absent - sim agents " +
      "answer from what their memory mentions most, which the exposure null (authors and posts shown most, by post " +
      "impressions) nearly matches. " +
      "minN 20 answering agents: private probes ask 50 agents by default (the paper: 15 of 45 public probes answered); " +
      "per-answer differences move in steps of 1/6 to 1/3, so with fewer clusters the bootstrap CI is unreliable and " +
      "cannot fit inside +-0.1.",
  },
  {
    metric: "sharedReferences",
    delta: 0.01,
    minN: 30,
    why:
      "delta 0.01 long-range references per post or comment (mean over authors; a memoryless agent's expectation is 0, " +
      "since it can only cite what it was shown): one post or comment in a hundred calling back to something its author " +
      "was not shown in the last 24 simulated hours is the least that makes a memory visible in the text. Knobs off " +
      "gives exactly 0 (seeds 1, 2 and 3000 agents: no references at all), preferentialAttention alone 0, socialized " +
      "(memoryReferences 0.6) 0.049 and 0.053 (95 % CI 0.035-0.069), memoryReferences 1 alone 0.130: recall favours " +
      "recent memories, so only 3-8 % of references are long-range and the effect is a few hundredths. " +
      "minN 30 authors: per-author rates are skewed (most 0 or small), so fewer clusters make the bootstrap CI unreliable.",
  },
];
