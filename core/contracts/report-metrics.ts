import { z } from "zod";

/**
 * The result of every metric as report.json carries it (docs/metrics.md names each metric and its
 * statistics). The analysis builds these objects; its types are inferred from the schemas here.
 * Numbers that can be undefined for a log (too few posts, a zero spread) are null, never NaN.
 */

const nullableNumber = z.number().nullable();

/** Window bounds as report.json gives them with every per-window value. */
export const windowRangeSchema = z.object({ index: z.number(), fromRound: z.number(), toRound: z.number() });
export type WindowRange = z.infer<typeof windowRangeSchema>;

/** A metric that cannot be computed from this log says why (docs/metrics.md: never a silent zero). */
export const unavailableSchema = z.object({ available: z.literal(false), reason: z.string() });
export type Unavailable = z.infer<typeof unavailableSchema>;

/** Units that carry one value list each (per-agent diagnostics). */
export const agentValuesSchema = z.object({ agent: z.string(), values: z.array(z.number()) });
export type AgentValues = z.infer<typeof agentValuesSchema>;

export const activityResultSchema = z.object({
  available: z.literal(true),
  windows: z.array(
    windowRangeSchema.extend({
      posts: z.number(),
      comments: z.number(),
      /** Vote events, retractions (value 0) included: each is an act of attention. */
      votes: z.number(),
      /** Follow events with value 1; null when the log has no follow events at all. */
      follows: nullableNumber,
      /** Distinct agents with a post, comment, vote or follow event in the window. */
      actives: z.number(),
    }),
  ),
  /** Why `follows` is null, when it is (imports often lack follows). */
  followsReason: z.string().nullable(),
});
export type ActivityResult = z.infer<typeof activityResultSchema>;
export type ActivityWindow = ActivityResult["windows"][number];

export const lexicalTurnoverWindowSchema = windowRangeSchema.extend({
  /** |A_t|: distinct kept n-grams used in the window. */
  distinct: z.number(),
  /** |A_t minus the union of all earlier A_s|; null for the first window. */
  births: nullableNumber,
  birthRate: nullableNumber,
  /** |A_(t-1) minus A_t|; null for the first window. */
  deaths: nullableNumber,
  deathRate: nullableNumber,
});
export type LexicalTurnoverWindow = z.infer<typeof lexicalTurnoverWindowSchema>;

export const lexicalTurnoverByNSchema = z.object({
  n: z.number(),
  /** Distinct n-grams of the run with frequency >= minRunFrequency. */
  kept: z.number(),
  windows: z.array(lexicalTurnoverWindowSchema),
  /** Means over the windows where the rate is defined. */
  meanBirthRate: nullableNumber,
  meanDeathRate: nullableNumber,
});
export type LexicalTurnoverByN = z.infer<typeof lexicalTurnoverByNSchema>;

export const lexicalTurnoverResultSchema = z.object({
  available: z.literal(true),
  minRunFrequency: z.number(),
  byN: z.array(lexicalTurnoverByNSchema),
});
export type LexicalTurnoverResult = z.infer<typeof lexicalTurnoverResultSchema>;

const matrixSchema = z.array(z.array(nullableNumber));

export const centroidStabilityResultSchema = z.object({
  available: z.literal(true),
  /** `posts`: posts with a vector in the window. */
  windows: z.array(windowRangeSchema.extend({ posts: z.number() })),
  /** cos(c_i, c_j); null where window i or j has no posts. */
  matrix: matrixSchema,
  /** cos(c_t, c_(t+1)), t = 0 .. windows - 2. */
  consecutive: z.array(nullableNumber),
  meanConsecutive: nullableNumber,
  baseline: z.object({ method: z.string(), consecutive: z.array(nullableNumber), meanConsecutive: nullableNumber }),
});
export type CentroidStabilityResult = z.infer<typeof centroidStabilityResultSchema>;
export type CentroidWindow = CentroidStabilityResult["windows"][number];

export const pairwiseSimilarityResultSchema = z.object({
  available: z.literal(true),
  windows: z.array(windowRangeSchema.extend({ posts: z.number() })),
  /**
   * Mean cos over pairs of posts: off the diagonal, one post from window i and one from j; on it,
   * distinct posts of the same window. Null where a window has too few posts (< 1 across, < 2 within).
   */
  matrix: matrixSchema,
  /** The diagonal. */
  within: z.array(nullableNumber),
  /** Mean of the diagonal over windows where it is defined. */
  meanWithin: nullableNumber,
  /** Mean of the off-diagonal cells (i < j) where defined. */
  meanAcross: nullableNumber,
  baseline: z.object({
    method: z.string(),
    /** The exact expectation of every `within` cell under the shuffle: the mean cos over all pairs of distinct posts of the run. */
    expectedWithin: nullableNumber,
    /** One seeded realisation of the shuffle, so the spread of single windows can be seen. */
    shuffledWithin: z.array(nullableNumber),
    shuffledMeanWithin: nullableNumber,
  }),
  /** meanWithin - expectedWithin: how much more alike a window's posts are than chance. */
  excessWithin: nullableNumber,
});
export type PairwiseSimilarityResult = z.infer<typeof pairwiseSimilarityResultSchema>;
export type PairwiseWindow = PairwiseSimilarityResult["windows"][number];

export const localCohesionResultSchema = z.object({
  available: z.literal(true),
  k: z.number(),
  exactLimit: z.number(),
  sampleSize: z.number(),
  windows: z.array(
    windowRangeSchema.extend({
      posts: z.number(),
      /** Posts whose neighbourhoods were measured: all of them, or the sample. */
      queries: z.number(),
      sampled: z.boolean(),
      /** Mean over query posts of their mean cos to their K nearest neighbours (fewer if the window is small); null below 2 posts. */
      mean: nullableNumber,
    }),
  ),
  meanOfWindows: nullableNumber,
  baseline: z.object({
    method: z.string(),
    /** Query posts per window above which the baseline samples (exact neighbours, sampled queries). */
    querySample: z.number(),
    windows: z.array(nullableNumber),
    meanOfWindows: nullableNumber,
  }),
  /** meanOfWindows - baseline.meanOfWindows. */
  excess: nullableNumber,
});
export type LocalCohesionResult = z.infer<typeof localCohesionResultSchema>;
export type CohesionWindow = LocalCohesionResult["windows"][number];

export const valueSummarySchema = z.object({
  n: z.number(),
  mean: nullableNumber,
  sd: nullableNumber,
  median: nullableNumber,
  min: nullableNumber,
  max: nullableNumber,
});
export type ValueSummary = z.infer<typeof valueSummarySchema>;

export const individualDriftResultSchema = z.object({
  available: z.literal(true),
  minPosts: z.number(),
  placeboSplits: z.number(),
  /** Qualifying agents (>= minPosts posts with vectors). */
  agents: z.number(),
  /** Primary statistic: mean over agents of (D_a - placebo_a); null with no agent. */
  primary: nullableNumber,
  summary: z.object({
    drift: valueSummarySchema,
    placebo: valueSummarySchema,
    /** D_a - placebo_a, the primary statistic's per-agent values. */
    excess: valueSummarySchema,
    consistency: valueSummarySchema,
    pull: valueSummarySchema,
  }),
  perAgent: z.array(
    z.object({
      agent: z.string(),
      /** Posts in the two halves (an odd count leaves out the middle post). */
      posts: z.number(),
      /** D_a = 1 - cos(e, l). */
      drift: z.number(),
      /** Mean of 1 - cos over random splits of the same posts into halves of the same sizes. */
      placebo: z.number(),
      /** S_a: mean cosine of the agent's drift vector l - e with each other agent's; null when it has none. */
      consistency: nullableNumber,
      /** dS_a: late-half minus early-half mean cosine with the other agents' late-half posts; null without them. */
      pull: nullableNumber,
    }),
  ),
});
export type IndividualDriftResult = z.infer<typeof individualDriftResultSchema>;
export type AgentDrift = IndividualDriftResult["perAgent"][number];

export const feedbackAdaptationResultSchema = z.object({
  available: z.literal(true),
  windowPosts: z.number(),
  horizonHours: z.number(),
  topShare: z.number(),
  /** Agents with at least one kept window. */
  agents: z.number(),
  windows: z.number(),
  droppedTies: z.number(),
  /** Kept windows where no stratum holds two different scores (placebo = NP, value 0). */
  unpermutable: z.number(),
  /** Primary statistic: mean over agents of mean(NP - placebo); null with no agent. */
  primary: nullableNumber,
  /** Mean over agents of mean NP and of mean placebo, to show what the difference is made of. */
  meanNP: nullableNumber,
  meanPlacebo: nullableNumber,
  perAgent: z.array(
    agentValuesSchema.extend({
      posts: z.number(),
      /** Windows kept (top and bottom scores separated). */
      windows: z.number(),
      /** Windows dropped because their top and bottom scores tie. */
      droppedTies: z.number(),
      /** Mean NP over kept windows. */
      np: z.number(),
      /** Mean placebo NP over kept windows. */
      placebo: z.number(),
      // values: NP - placebo per kept window, in window order.
    }),
  ),
});
export type FeedbackAdaptationResult = z.infer<typeof feedbackAdaptationResultSchema>;
export type AgentAdaptation = FeedbackAdaptationResult["perAgent"][number];

export const interactionInfluenceResultSchema = z.object({
  available: z.literal(true),
  postsPerSide: z.number(),
  /** Agents with at least one qualifying event. */
  agents: z.number(),
  events: z.number(),
  /** Comments skipped: fewer than `postsPerSide` posts by the agent on either side. */
  skippedFewPosts: z.number(),
  /** Comments skipped: no exposure that round offered an unengaged item to compare with. */
  skippedNoPlacebo: z.number(),
  /** Comments skipped: the item replies to the agent's own post or comment (it echoes b). */
  skippedReplyToOwn: z.number(),
  /** Comments skipped: on the agent's own content, or on an item without a vector. */
  skippedOther: z.number(),
  /** Primary statistic: mean over agents of mean(delta - placeboDelta); null with no agent. */
  primary: nullableNumber,
  meanDelta: nullableNumber,
  meanPlaceboDelta: nullableNumber,
  perAgent: z.array(
    agentValuesSchema.extend({
      events: z.array(
        z.object({
          /** The comment by which the agent engaged. */
          comment: z.string(),
          round: z.number(),
          /** The item replied to: the parent comment, or the post for a top-level comment. */
          item: z.string(),
          /** Placebo items: shown to the agent that round, never engaged, not its own nor replies to it. */
          placebos: z.number(),
          /** cos(f, v_item) - cos(b, v_item). */
          delta: z.number(),
          /** Mean over the placebo items p of cos(f, v_p) - cos(b, v_p). */
          placeboDelta: z.number(),
        }),
      ),
      // values: delta - placeboDelta per event, in log order.
      delta: z.number(),
      placeboDelta: z.number(),
    }),
  ),
});
export type InteractionInfluenceResult = z.infer<typeof interactionInfluenceResultSchema>;
export type AgentInfluence = InteractionInfluenceResult["perAgent"][number];
export type InfluenceEvent = AgentInfluence["events"][number];
