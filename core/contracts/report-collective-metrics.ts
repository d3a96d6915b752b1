import { z } from "zod";
import { agentValuesSchema, windowRangeSchema } from "./report-metrics.js";

/**
 * The collective metrics' results as report.json carries them (docs/metrics.md sections 9-11 and
 * "Structure"); the per-text and per-agent metrics are in report-metrics.ts.
 */

const nullableNumber = z.number().nullable();

/** An observed statistic against its null's replicates. */
export const nullComparisonSchema = z.object({
  replicates: z.number(),
  mean: nullableNumber,
  sd: nullableNumber,
  /** (observed - mean) / sd. */
  z: nullableNumber,
});
export type NullComparison = z.infer<typeof nullComparisonSchema>;

/** How a PageRank ranking's mass is spread. */
export const rankingSummarySchema = z.object({
  nodes: z.number(),
  top1PercentShare: nullableNumber,
  top5Share: nullableNumber,
  /** Agents above mean + 3 sd of PageRank. */
  supernodes: z.array(z.string()),
});
export type RankingSummary = z.infer<typeof rankingSummarySchema>;

/**
 * Spearman, across the two windows, of each author's Pearson residual (received comments minus the
 * exposure null's expectation, over sqrt(expectation + 1)), over the authors whose content other
 * agents were shown in both windows; compared with the same statistic on the null's rewirings.
 */
export const beyondExposureSchema = z.object({
  /** Authors shown to others in both windows (the Spearman sample and the bootstrap's units). */
  n: z.number(),
  spearman: nullableNumber,
  exposureNull: nullComparisonSchema,
});
export type BeyondExposure = z.infer<typeof beyondExposureSchema>;

/** Consecutive-window comparison, on the row of the earlier window. */
export const influenceTransitionSchema = z.object({
  /** Agents active in both windows (the Spearman sample). */
  n: z.number(),
  spearman: nullableNumber,
  jaccardTopK: nullableNumber,
  /** Share of this window's top-k still in the next window's top-k. */
  leaderSurvival: nullableNumber,
  /** Raw persistence against the exposure-matched null (out-degrees kept, targets drawn by what each agent was shown). */
  exposureNull: nullComparisonSchema,
  /** Context only: in- and out-degrees kept, targets permuted. */
  degreeNull: nullComparisonSchema,
  /** Context only: comments' windows shuffled across the run. */
  timeNull: nullComparisonSchema,
  /** The primary's window pair: persistence of engagement beyond the exposure null. */
  beyondExposure: beyondExposureSchema,
});
export type InfluenceTransition = z.infer<typeof influenceTransitionSchema>;

export const exposureSummarySchema = z.object({
  /** Post and comment impressions of other agents' content in the window. */
  impressions: z.number(),
  authorsShown: z.number(),
  /** Share of impressions going to the top 1 % of shown authors. */
  top1PercentShare: nullableNumber,
  gini: nullableNumber,
  /** Comments received per impression, over authors shown at least once. */
  engagementPerExposure: z.object({
    authors: z.number(),
    mean: nullableNumber,
    median: nullableNumber,
    p90: nullableNumber,
    pooled: nullableNumber,
  }),
  /** Spearman of exposure share and PageRank over the window's nodes: how much of PageRank is attention. */
  spearmanWithPagerank: nullableNumber,
});
export type ExposureSummary = z.infer<typeof exposureSummarySchema>;

export const influenceWindowSchema = windowRangeSchema.extend({
  ...rankingSummarySchema.shape,
  /** Agents that posted, commented or voted in the window; with the edges' endpoints they are the graph's nodes. */
  actives: z.number(),
  /** Comments that became edges (self-replies and unresolvable targets dropped). */
  comments: z.number(),
  edges: z.number(),
  k: z.number(),
  topK: z.array(z.string()),
  /** Agent id -> PageRank over the agents in this window's graph. */
  pagerank: z.record(z.string(), z.number()),
  next: influenceTransitionSchema.nullable(),
  exposure: exposureSummarySchema,
  /** Variant: voter -> author weighted by positive vote changes. */
  upvotes: rankingSummarySchema.extend({ edges: z.number(), spearmanNext: nullableNumber }),
});
export type InfluenceWindow = z.infer<typeof influenceWindowSchema>;

/** One window's (or pair's) statistic against the leader null. */
export const leaderComparisonSchema = nullComparisonSchema.extend({
  /** Window index (a pair: its first window). */
  window: z.number(),
  observed: nullableNumber,
});

/**
 * Persistent leaders (top k of two consecutive windows) counted over the pairs the leader null
 * judges, and the count in its replicates (analysis/metrics/influence/leader-count.ts).
 */
export const leaderCountSchema = z.object({
  observed: z.number(),
  /** Window indices spanned: pairs (fromWindow, fromWindow + 1) ... (toWindow - 1, toWindow). */
  fromWindow: z.number(),
  toWindow: z.number(),
  replicates: z.number(),
  nullMean: z.number(),
  /** 2.5 % and 97.5 % of the replicates' counts. */
  nullLow: z.number(),
  nullHigh: z.number(),
});
export type LeaderCount = z.infer<typeof leaderCountSchema>;

export const leadersSchema = z.object({
  nullReplicates: z.number(),
  /** Relative engagement per feed impression by slot (0 = first post), fitted within item; posts and comments. */
  positionWeights: z.object({ post: z.array(z.number()), comment: z.array(z.number()) }),
  /** Top-1 % PageRank share minus the null's, mean over the windows with a past. */
  concentration: nullableNumber,
  concentrationWindows: z.array(leaderComparisonSchema),
  /** Share of a window's top k still in the next window's top k (ties share places) minus the null's, mean over pairs. */
  persistence: nullableNumber,
  persistencePairs: z.array(leaderComparisonSchema.extend({ k: z.number() })),
  /** Absent in reports written before it was added; null when no pair has a past window. */
  persistentLeaderCount: leaderCountSchema.nullable().optional(),
});
export type Leaders = z.infer<typeof leadersSchema>;

export const influenceResultSchema = z.object({
  available: z.literal(true),
  nullReplicates: z.number(),
  windows: z.array(influenceWindowSchema),
  cumulative: rankingSummarySchema.extend({
    comments: z.number(),
    edges: z.number(),
    pagerank: z.record(z.string(), z.number()),
    top10: z.array(z.string()),
    upvotes: rankingSummarySchema.extend({ top10: z.array(z.string()) }),
  }),
  /**
   * The verdict's components (docs/metrics.md section 9) against the leader null - exposure x feed
   * position x each author's propensity known from earlier windows; null when the log has no
   * exposures (imports), and then `verdictUnavailable` says why.
   */
  leaders: leadersSchema.nullable(),
  /** Why no verdict can be given although the descriptive statistics were computed; null otherwise. */
  verdictUnavailable: z.string().nullable(),
  /**
   * Context, no verdict: the primary's standardisation against the other nulls, and the primary's
   * difference in Spearman units (observed - exposure-null mean), which unlike a z does not grow
   * with the number of agents.
   */
  context: z.object({
    /**
     * The former primary, now secondary: mean over window pairs of (beyondExposure.spearman - its
     * exposure-null mean) / its sd - whether engagement beyond what the feed explains persists.
     */
    beyondExposureZ: nullableNumber,
    /** Window pairs in beyondExposureZ. */
    beyondExposurePairs: z.number(),
    /**
     * docs/metrics.md's raw persistence: mean over window pairs of (Spearman of PageRank over agents
     * active in both - exposure-null mean) / null sd. Reported, not the verdict.
     */
    pagerankPersistence: nullableNumber,
    degreePreserving: nullableNumber,
    timeShuffled: nullableNumber,
    spearmanMinusNull: nullableNumber,
    /** Mean over windows of the top-1 % PageRank share minus the exposure null's: concentration beyond feed position. */
    top1PercentShareMinusNull: nullableNumber,
    /** The same difference in the null's sds, mean over windows. */
    top1PercentShareZ: nullableNumber,
    /** The primary's difference in Spearman units (observed - null mean), mean over window pairs. */
    beyondExposureMinusNull: nullableNumber,
  }),
});
export type InfluenceResult = z.infer<typeof influenceResultSchema>;

const consensusSummarySchema = z.object({
  /** Probes with at least two answers naming something. */
  probes: z.number(),
  meanPairwiseJaccard: nullableNumber,
  /** Shannon entropy (bits) of mentions over named entities, mean over probes. */
  mentionEntropyBits: nullableNumber,
  distinctEntities: z.number(),
});
export type ConsensusSummary = z.infer<typeof consensusSummarySchema>;

export const memoryProbesResultSchema = z.object({
  available: z.literal(true),
  probes: z.number(),
  answers: z.number(),
  answeringAgents: z.number(),
  responseRate: z.object({
    /** Private probes: answers from the agents asked, over agents asked. */
    private: z.object({ probes: z.number(), asked: z.number(), answered: z.number(), rate: nullableNumber }),
    /**
     * Public probes (the paper's: posts; 45 posted, 15 answered, 1 validly): probes with at least
     * one reply over probes, and replies naming at least one entity that exists.
     */
    public: z.object({
      probes: z.number(),
      answered: z.number(),
      replies: z.number(),
      rate: nullableNumber,
      validReplies: z.number(),
      validShare: nullableNumber,
    }),
  }),
  validity: z.object({
    /** Entities named (resolved or not). */
    named: z.number(),
    /** Named agents that exist and named posts that existed at the answer's round. */
    valid: z.number(),
    share: nullableNumber,
    /** Answers naming at least one valid entity (the paper: 1 of 15). */
    validAnswers: z.number(),
  }),
  /** Why the components (which compare with the exposure-matched null) are not given, or null. */
  componentsUnavailable: z.string().nullable(),
  /** Component: do answers name the truly influential more than the feed alone would? */
  grounding: z.object({
    /** Answers naming at least one entity (the grounding sample). */
    answers: z.number(),
    /** Mean share of named entities in the true top-10 at the answer's round. */
    observed: nullableNumber,
    /** The same for the exposure-matched null (each agent names what it was shown most). */
    null: nullableNumber,
    /** Mean over answering agents of their mean (grounding - null grounding). */
    effect: nullableNumber,
    /** Per answering agent, its answers' grounding minus the null's: the component's units. */
    perAgent: z.array(agentValuesSchema),
  }),
  /** Component: do answers to a probe agree more than the agents' feeds alone would make them? */
  consensus: z.object({
    /** Answers naming something valid with another such answer to the same probe. */
    answers: z.number(),
    observed: consensusSummarySchema,
    null: consensusSummarySchema,
    /** Mean over answering agents of their mean (agreement - null agreement), in Jaccard units. */
    effect: nullableNumber,
    /** Per answering agent, its answers' agreement minus its null answers': the component's units. */
    perAgent: z.array(agentValuesSchema),
  }),
  /** The main component's effect (consensus), until verdicts carry every component. */
  primary: nullableNumber,
});
export type MemoryProbesResult = z.infer<typeof memoryProbesResultSchema>;

/** What a reference names: a post or comment ("item"), or an agent. */
export const entityKindSchema = z.enum(["item", "agent"]);
export type EntityKind = z.infer<typeof entityKindSchema>;

export const sharedReferencesResultSchema = z.object({
  available: z.literal(true),
  lookbackRounds: z.number(),
  /** Posts and comments scanned. */
  content: z.number(),
  references: z.object({
    total: z.number(),
    items: z.number(),
    agents: z.number(),
    /** References found in text (`@name`, ids) and through memoryRef rows. */
    fromText: z.number(),
    fromMemory: z.number(),
    /** Dropped: references to the author's own content or to itself. */
    selfDropped: z.number(),
    /** `@name`s and ids in text that match no agent or no earlier item. */
    unresolved: z.number(),
  }),
  longRange: z.object({
    count: z.number(),
    share: nullableNumber,
    /** Long-range references per post or comment, pooled over the log. */
    perContent: nullableNumber,
  }),
  concentration: z.object({
    /** Distinct entities referenced long-range. */
    entities: z.number(),
    hhi: nullableNumber,
    gini: nullableNumber,
    top: z.array(z.object({ kind: entityKindSchema, id: z.string(), count: z.number() })),
    null: z.object({
      replicates: z.number(),
      hhiMean: nullableNumber,
      hhiSd: nullableNumber,
      giniMean: nullableNumber,
      /** (observed HHI - null mean) / null sd. */
      z: nullableNumber,
      ratio: nullableNumber,
    }),
  }),
  /**
   * Sharedness (the verdict's main component): the chance that two long-range references by two
   * different agents name the same entity, observed and under the exposure-matched null (each
   * reference redrawn among what its author attended to before the lookback).
   */
  sharedness: z.object({
    /** Agents with at least one long-range reference that the null can redraw. */
    referencingAgents: z.number(),
    /** Null when no two agents made long-range references. */
    coincidence: nullableNumber,
    /** Mean and sd over the null's replicates. */
    nullCoincidence: nullableNumber,
    nullSd: nullableNumber,
    replicates: z.number(),
    /** coincidence - nullCoincidence; 0 when no two agents made long-range references. */
    excess: z.number(),
    /** Long-range references with no candidate in their author's own exposures: left out of both sides. */
    unmatched: z.number(),
    /** Long-range references naming something their author itself attended to before the lookback. */
    firstHand: z.number(),
    /** Context: the same comparison under the popularity-weighted null (section 11, before the exposure-matched one). */
    popularity: z.object({ coincidence: nullableNumber, nullCoincidence: nullableNumber, excess: z.number() }),
  }),
  /** Agents that posted or commented (the verdict's units) and how many of them referenced anything. */
  authors: z.number(),
  referencingAgents: z.number(),
  /** The rate component: mean over authors of long-range references per post/comment (memoryless null: 0). */
  rate: nullableNumber,
  /** Primary: the sharedness excess (docs/metrics.md section 11). */
  primary: nullableNumber,
});
export type SharedReferencesResult = z.infer<typeof sharedReferencesResultSchema>;

const spreadSchema = z.object({ mean: nullableNumber, median: nullableNumber, max: nullableNumber });

export const memeSummarySchema = z.object({
  cascades: z.number(),
  /** N-grams used by two or more agents already in their first round: no single origin, no cascade. */
  ambiguousOrigins: z.number(),
  size: spreadSchema,
  halfLifeHours: spreadSchema,
});
export type MemeSummary = z.infer<typeof memeSummarySchema>;

export const memeCascadeSchema = z.object({
  ngram: z.string(),
  n: z.number(),
  origin: z.string(),
  originRound: z.number(),
  /** Agents other than the origin who used the n-gram, each counted once. */
  size: z.number(),
  adopters: z.array(z.string()),
  /** Simulated hours from the origin's round to the round of the ceil(size / 2)-th adopter. */
  halfLifeHours: z.number(),
});
export type MemeCascade = z.infer<typeof memeCascadeSchema>;

export const memeDiffusionResultSchema = memeSummarySchema.extend({
  available: z.literal(true),
  ns: z.array(z.number()),
  byN: z.array(memeSummarySchema.extend({ n: z.number() })),
  /** The largest cascades over all n: size, then longer n, then earlier origin, then text. */
  top: z.array(memeCascadeSchema),
});
export type MemeDiffusionResult = z.infer<typeof memeDiffusionResultSchema>;

export { structureKeys, structureKeySchema, structureResultSchema } from "./report-structure.js";
export type { StructureKey, StructureResult } from "./report-structure.js";
