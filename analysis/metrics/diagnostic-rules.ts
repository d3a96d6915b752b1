import type { DiagnosticRule } from "../stats/verdict.js";

/**
 * Verdict rules of the agent-level diagnostics (METRICS.md 6-8). Every delta is in the primary
 * statistic's units - differences of cosines between centroids under the report's embedder - and
 * was set against two 300-agent x 96-round sim runs under the default lexical embedder: the
 * `moltbook-like` preset (knobs off) and `socialized` (feedbackLearning, partnerImitation and
 * preferentialAttention 0.8, memoryReferences 0.6), plus a synthetic positive control where noted.
 */
export const agentDiagnosticRules: readonly DiagnosticRule[] = [
  {
    metric: "individualDrift",
    delta: 0.02,
    minN: 30,
    why:
      "delta 0.02 (cosine distance beyond the random-split placebo): with the lexical embedder an agent's two random halves " +
      "already sit at 1 - cos ~0.57, so 0.02 is a drift of ~3.5 % of that spread, about 0.4-0.6 of the per-agent sd of " +
      "D - placebo (0.034 knobs off, 0.057 socialized); knobs off gives 0.000 (95 % CI +-0.004), socialized 0.045. " +
      "minN 30 agents: below ~30 clusters the percentile bootstrap undercovers, and at n = 30 the 90 % CI half-width " +
      "(1.645 x 0.057 / sqrt 30 ~ 0.017) still fits inside +-delta, so 'absent' stays reachable.",
  },
  {
    metric: "feedbackAdaptation",
    delta: 0.02,
    minN: 20,
    why:
      "delta 0.02 (NP - placebo, a difference of cosine changes): knobs off it is 0.002-0.007 (95 % CI about +-0.01) " +
      "with a per-agent sd of ~0.03. A positive control on the knobs-off log - every post nudged toward the agent's " +
      "best-received earlier post until it sits 0.13 closer to it than to its other recent posts - gives 0.022 " +
      "(95 % CI 0.014-0.030); 0.02 is thus the adaptation of an agent whose every post visibly leans on what was " +
      "upvoted, the smallest that stands clear of lexical noise. " +
      "minN 20 agents: few agents have >= 11 posts and windows whose top and bottom scores are separated (18-27 of " +
      "300 at 96 rounds, votes being this concentrated); at n = 20 the 90 % CI half-width (1.645 x 0.03 / sqrt 20 ~ " +
      "0.011) fits inside +-delta, and fewer clusters make the bootstrap CI unreliable.",
  },
  {
    metric: "interactionInfluence",
    delta: 0.02,
    minN: 30,
    why:
      "delta 0.02 (delta - placebo, a difference of cosine changes): the cos(b, .)-matched placebo regresses to the mean " +
      "(it is picked on b's noise), which leaves knobs off at +0.010 (95 % CI 0.006-0.016) with no influence at all, so " +
      "delta must sit clearly above that floor; partnerImitation at 0.8 gives 0.047 (delta alone 0.031). " +
      "minN 30 agents: with a per-agent sd of ~0.035 the 95 % CI half-width at n = 30 is ~0.013, enough to put an effect " +
      "like socialized's clearly above delta; fewer clusters make the bootstrap CI unreliable. (Over the +0.010 floor " +
      "'absent' needs ~40 agents knobs off; the default run has 166.)",
  },
];
