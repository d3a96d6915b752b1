import type { DiagnosticRule } from "../stats/verdict.js";

/**
 * Verdict rules of the collective diagnostics (METRICS.md 9-11), each delta in its primary
 * statistic's units. Checked against 300-agent x 96-round sim runs - `moltbook-like` (knobs off)
 * and `socialized` at seeds 1 and 2, one run with preferentialAttention 1 alone and one with
 * memoryReferences 1 alone - and a 3000-agent x 24-round knobs-off run.
 */
export const collectiveDiagnosticRules: readonly DiagnosticRule[] = [
  {
    metric: "influence",
    delta: 2,
    minN: 30,
    why:
      "delta 2 null sds (Spearman of consecutive windows' PageRank over agents active in both, minus the " +
      "exposure-matched rewiring's mean, in its sds, mean over window pairs): at 300 agents the null's sd is ~0.04, so " +
      "2 sds is ~0.08 of Spearman - an excess persistence a single pair would show by chance ~2 % of the time under " +
      "the null. A z is not an effect size: for a fixed gap it grows with sqrt(agents) (knobs off -2.0 and -1.6 at 300 " +
      "agents, -4.3 at 3000), so context.spearmanMinusNull is reported beside it. Knobs off used to sit below 0 (-1.2 to " +
      "-2.0) because the null drew agents' answers to reply notifications from the feed's top comments (the authors of " +
      "long-lived hot threads, who persist); with the null's out-degree kept per channel (feed post, feed comment, " +
      "notification) knobs off at 300 x 96 gives -0.43, +0.14, -0.04 (seeds 1-3; Spearman gap -0.017, +0.005, -0.003; " +
      "all absent). socialized gives +0.52 and +0.26 (gap +0.021, +0.011; inconclusive, absent): preferentialAttention " +
      "raises concentration beyond exposure (context.top1PercentShareZ 5.5 and 4.5 vs -0.2 to 1.0 knobs off) and each " +
      "author's comments per impression persist (rank correlation 0.6-0.8 across days vs ~0 knobs off), but ~80 % of " +
      "the agents active in both windows receive no comment on their posts in a window, so the Spearman is mostly ties " +
      "at zero and a stronger pull (tried: exponential or loyalty-weighted standing) concentrates engagement further " +
      "and lowers it (socialized -2.6, -1.6). " +
      "minN 30 agents active in consecutive windows: below ~30 a Spearman's sampling sd (> 0.18) swamps the null's " +
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
      "screen. Not yet checked on data: sim logs carry no probes. " +
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
