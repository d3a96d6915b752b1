import { z } from "zod";
import { llmSettingsSchema, personaGroupSchema } from "./llm-config.js";
import {
  agentsPerAutoShard,
  autoStepsPerRound,
  maxAutoCoordinators,
  maxAutoCoordinatorsPerAlarm,
  maxAutoShards,
  defaultAgentsPerCoordinator,
  defaultCoordinatorsPerAlarm,
  defaultMemoryCapacity,
  defaultPrivateProbeEveryRounds,
  defaultPrivateProbeSample,
  defaultTurnTimeoutMs,
  defaultTurnsInFlightPerCoordinator,
  feedItemsPerActivation,
} from "../tunables.js";

const submoltName = z.string().regex(/^[a-z0-9]{2,24}$/, "submolt names are 2-24 lower-case letters or digits");

export const submoltSchema = z.strictObject({
  name: submoltName,
  description: z.string().max(500).optional(),
});

const strength = z.number().min(0).max(1);

/** The knobs of the sim policy whose effects are known (docs/metrics.md "Controls"). 0 = off. */
export const knobsSchema = z.strictObject({
  feedbackLearning: strength.default(0),
  partnerImitation: strength.default(0),
  memoryReferences: strength.default(0),
  preferentialAttention: strength.default(0),
  /**
   * Negative control: every author gets a fixed appeal (lognormal, drawn once from the seed and
   * its name) that scales how much of others' engagement its content draws. Stable leaders with
   * no social learning: nothing here reacts to anyone's history.
   */
  authorAppeal: strength.default(0),
  /** Negative control: engagement falls with an item's rank in the feed, the same for every reader. */
  positionBias: strength.default(0),
});

export const activationSchema = z.strictObject({
  /** Mean time between an agent's heartbeats, in simulated hours (Moltbook's skill: 4 h). */
  heartbeatHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(4),
  /** Uniform jitter added to each heartbeat, in simulated hours (less than the period). */
  jitterHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(1),
  /** Pareto tail index of per-agent activity; smaller = heavier tail (Moltbook posting Gini ~0.6). */
  activityTailIndex: z.number().min(1.05).max(10).default(1.5),
  /** Mean consecutive rounds an awake agent stays active (bursty sessions); 1 = no bursts. */
  meanBurstRounds: z.number().min(1).max(24).default(2),
});

export const feedSchema = z.strictObject({
  algorithm: z.enum(["hot", "new", "top", "following", "random"]).default("hot"),
  itemsPerActivation: z.number().int().min(1).max(100).default(feedItemsPerActivation),
  /** Whether agents see scores (karma) of what they read. */
  showScores: z.boolean().default(true),
});

export const memorySchema = z.strictObject({
  enabled: z.boolean().default(true),
  capacity: z.number().int().min(8).max(100_000).default(defaultMemoryCapacity),
  /** Rounds between reflections; 0 = never reflect. */
  reflectionEveryRounds: z.number().int().min(0).max(10_000).default(24),
  /**
   * Whether a sim reader also remembers the posts and agents a thread it read cites
   * (core/memory/citation.ts): memory passed between agents. False keeps each agent's memory to
   * what it was shown itself - the private-recall control of docs/metrics.md section 11.
   */
  rememberCitations: z.boolean().default(true),
});

const probability = z.number().min(0).max(1);

/**
 * How sim agents answer a public probe post (docs/twin.md "Probe answers"). Unset: every reader
 * that picks the probe answers from memory (perfect recall). Set: the paper's instrument - Li, Li
 * & Zhou's 45 probe posts drew replies on 15, and 1 reply named something real.
 */
export const publicAnswersSchema = z.strictObject({
  /** Share of probe posts that draw any answer at all (the paper: 15 of 45). */
  answeredShare: probability,
  /** Share of answers that name real agents or posts from memory; the rest name invented posts (the paper: 1 of 15). */
  validShare: probability,
});

/**
 * The Moltbook twin (docs/twin.md): mechanisms of the sim, each after a published finding about
 * Moltbook. Every field is optional and an unset field keeps the sim as it was, so configs written
 * before the twin give byte-identical logs; experiments/moltbook-like.json turns the twin on.
 */
export const twinSchema = z.strictObject({
  /**
   * Reply propensity to notifications: each agent's chance of answering a reply it received,
   * uniform in [min, max] per agent. Unset: [0.05, 0.35]. Moltbook: 93-94 % of comments get no reply.
   */
  replyPropensity: z.strictObject({ min: probability, max: probability }).optional(),
  /** Shallow threads: weight of a comment against its post as the target of a comment. Unset: 0.06. Moltbook: mean depth ~1.07. */
  commentOnCommentWeight: z.number().min(0).max(1).optional(),
  /**
   * Attention decay gamma(t) ~ 1/t: an item's weight as a comment or vote target is multiplied by
   * 1 / (1 + age / halfLifeHours), age in simulated hours since its post. Unset: no decay.
   */
  attentionHalfLifeHours: z.number().positive().max(10_000).optional(),
  /**
   * Popularity-driven voting, a cumulative-advantage (herding) rule: a vote target is picked in
   * proportion to s^exponent, s = 1 + the upvotes the reader is shown, and the vote is cast with
   * probability s^exponent / (s^exponent + threshold^exponent) - readers vote for what others
   * already voted for. Unset: votes ignore popularity. Moltbook: upvote Gini over posts 0.97-0.99.
   */
  voteHerding: z.strictObject({ exponent: z.number().min(0).max(4), threshold: z.number().min(1).max(10_000) }).optional(),
  /**
   * Broadcast roles: this share of ordinary agents mostly posts and the rest mostly comment; an
   * agent's off-role action keeps `offRoleWeight` of its weight. Unset: one action mix for all.
   * Moltbook's agents broadcast more than they converse (reciprocity 1-4 %); the split into
   * post-heavy and comment-heavy agents is this model's reading of that, not a published split.
   */
  broadcastRoles: z.strictObject({ posterShare: probability, offRoleWeight: probability }).optional(),
  /**
   * Vote-farm agents: this share of agents (drawn from the seed) vote far more than they write,
   * and vote for the highest-scored items they are shown. Unset: none.
   */
  voteFarms: z.strictObject({ agentShare: probability, votesPerTurn: z.number().int().min(1).max(100) }).optional(),
  /**
   * Template and spam agents: this share of agents writes only texts of a shared template bank
   * (exact duplicates); every other agent writes a comment from the generic template bank with
   * `templateCommentShare`. Unset: none. Moltbook: ~34 % exact duplicates in its first days.
   */
  spam: z
    .strictObject({
      agentShare: probability,
      templates: z.number().int().min(1).max(10_000),
      templateCommentShare: probability,
    })
    .optional(),
  /**
   * Heavy-tailed participation: activity ~ Pareto(tailIndex) capped at maxActivity, and the chance
   * of waking at a heartbeat is wakePerActivity x activity. Unset: the activation's tail index, cap 40,
   * 0.3. Moltbook: activity power law alpha ~1.7 with most agents active a few times.
   */
  participation: z
    .strictObject({
      tailIndex: z.number().min(0.3).max(10),
      maxActivity: z.number().min(1).max(1000),
      wakePerActivity: z.number().positive().max(1),
    })
    .optional(),
});

/** docs/metrics.md section 10: probes that ask agents, from memory alone, who and what was influential. */
export const probesSchema = z.strictObject({
  /** Rounds between private probes (the first after one period); 0 = never. A simulated day. */
  privateEveryRounds: z.number().int().min(0).max(100_000).default(defaultPrivateProbeEveryRounds),
  /** Agents asked per private probe (docs/metrics.md default 50; fewer when the population is smaller). */
  privateSample: z.number().int().min(1).max(10_000).default(defaultPrivateProbeSample),
  /**
   * Rounds between public probe posts (the paper's instrument: a question posted for everyone,
   * answered by replies); 0 = never. Unset, it is resolved from the run's length
   * (`defaultPublicProbeEveryRounds`): on in runs long enough for it, off in shorter ones.
   */
  publicEveryRounds: z.number().int().min(0).max(100_000).optional(),
  /** Rounds a public probe stays pinned atop every feed after it appears (one heartbeat period). */
  publicPinnedRounds: z.number().int().min(0).max(10_000).default(4),
  /**
   * Whether the round's pool always carries the public probes pinned in it (`pinnedProbePosts`).
   * False, as before: a probe falls out of the pool once its round's posts are pushed out of the
   * pool's newest slots - at a few hundred agents in the last rounds of its pinned period, at a
   * few thousand at once - and is then pinned nowhere. True: pinned for all publicPinnedRounds.
   */
  pinnedInPool: z.boolean().default(false),
  /** How sim agents answer public probes; unset: from memory, every time (`publicAnswersSchema`). */
  publicAnswers: publicAnswersSchema.optional(),
});

/**
 * The public probe's default period: once a simulated day at 60-minute rounds, like the private
 * probes - the paper's 45 probe posts were one instrument spread over its observation days.
 */
export const publicProbePeriodRounds = 24;

/**
 * Rounds between public probe posts when the config leaves them unset (docs/metrics.md section
 * 10): every `publicProbePeriodRounds` rounds in runs of at least two periods, never in shorter
 * ones. Two periods give at least two probe posts - a response rate over one post is 0 or 1 - and
 * the first is posted only after a full period, when agents have a day of platform to remember; a
 * shorter run (tests, quick looks) stays free of the instrument's intervention.
 */
export function defaultPublicProbeEveryRounds(rounds: number): number {
  return rounds >= 2 * publicProbePeriodRounds ? publicProbePeriodRounds : 0;
}

/** How the population is spread over objects. None of it changes the event log. */
/** Unset shards, agentsPerCoordinator and coordinatorsPerAlarm are chosen from N (`chooseScale`). */
export const scaleSchema = z.strictObject({
  shards: z.number().int().min(1).max(4096).optional(),
  agentsPerCoordinator: z.number().int().min(1).max(100_000).optional(),
  coordinatorsPerAlarm: z.number().int().min(1).max(1024).optional(),
  turnsInFlightPerCoordinator: z.number().int().min(1).max(4096).default(defaultTurnsInFlightPerCoordinator),
  turnTimeoutMs: z
    .number()
    .int()
    .min(1)
    .max(15 * 60_000)
    .default(defaultTurnTimeoutMs),
});

export const experimentConfigSchema = z
  .strictObject({
    name: z.string().min(1).max(120).default("experiment"),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    agents: z.number().int().min(2).max(10_000_000),
    rounds: z.number().int().min(1).max(100_000),
    /** Simulated minutes per round (moltbook-like: 60). */
    roundMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    /** Simulated time of round 0, ISO-8601 UTC. */
    startTime: z.iso.datetime().default("2026-01-28T00:00:00.000Z"),
    /** The population's policy when no persona groups are given (docs/design.md decision 7). */
    policy: z.enum(["sim", "llm"]).default("sim"),
    /** Persona groups: shares of the population with their own policy and model (mixes allowed). */
    groups: z.array(personaGroupSchema).min(1).max(64).optional(),
    /** Endpoints, models, prices and the budget of llm agents. */
    llm: llmSettingsSchema.optional(),
    submolts: z
      .array(submoltSchema)
      .min(1)
      .max(1000)
      .default([
        { name: "general", description: "Anything goes" },
        { name: "philosophy", description: "Minds, meaning and machines" },
        { name: "technology", description: "Code, tools and infrastructure" },
        { name: "science", description: "Findings and questions" },
        { name: "crypto", description: "Tokens, chains and markets" },
        { name: "art", description: "Making and looking" },
        { name: "meta", description: "About this platform and its agents" },
      ])
      .refine((list) => new Set(list.map((s) => s.name)).size === list.length, "submolt names must be unique"),
    activation: activationSchema.prefault({}),
    feed: feedSchema.prefault({}),
    knobs: knobsSchema.prefault({}),
    memory: memorySchema.prefault({}),
    probes: probesSchema.prefault({}),
    scale: scaleSchema.prefault({}),
    /** The Moltbook twin's mechanisms (docs/twin.md); each unset field keeps the sim as it was. */
    twin: twinSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    const groups = config.groups ?? [];
    const usesLlm = config.policy === "llm" || groups.some((g) => g.policy === "llm");
    if (!usesLlm) return;
    const llm = config.llm;
    if (!llm || Object.keys(llm.models).length === 0) {
      ctx.addIssue({ code: "custom", path: ["llm"], message: "llm agents need llm.providers and llm.models" });
      return;
    }
    for (const [name, model] of Object.entries(llm.models)) {
      if (!(model.provider in llm.providers))
        ctx.addIssue({ code: "custom", path: ["llm", "models", name, "provider"], message: `no provider named ${model.provider}` });
    }
    if (new Set(groups.map((g) => g.name)).size !== groups.length)
      ctx.addIssue({ code: "custom", path: ["groups"], message: "group names must be unique" });
    groups.forEach((group, i) => {
      if (group.policy !== "llm") return;
      if (group.model === undefined)
        ctx.addIssue({ code: "custom", path: ["groups", i, "model"], message: "an llm group names its model" });
      else if (!(group.model in llm.models))
        ctx.addIssue({ code: "custom", path: ["groups", i, "model"], message: `no model named ${group.model} in llm.models` });
    });
    if (groups.length === 0 && Object.keys(llm.models).length > 1)
      ctx.addIssue({ code: "custom", path: ["groups"], message: "with several models, persona groups say which agents use which" });
  })
  // The chosen values are stored with the config, so a stored config parses to the same scale and probes.
  .transform((config) => ({
    ...config,
    probes: { ...config.probes, publicEveryRounds: config.probes.publicEveryRounds ?? defaultPublicProbeEveryRounds(config.rounds) },
    scale: { ...config.scale, ...chooseScale(config.agents, config.scale) },
  }));

/**
 * Shard count and fan-out for N agents where the config does not set them (the rule and its
 * measurements are in core/tunables.ts). Up to 10,000 agents this is 1 shard, 500 agents per
 * coordinator and 8 coordinators per alarm, the engine's long-standing defaults.
 */
export function chooseScale(
  agents: number,
  set: { shards?: number | undefined; agentsPerCoordinator?: number | undefined; coordinatorsPerAlarm?: number | undefined },
): { shards: number; agentsPerCoordinator: number; coordinatorsPerAlarm: number } {
  const shards = set.shards ?? Math.min(maxAutoShards, Math.ceil(agents / agentsPerAutoShard));
  const agentsPerCoordinator = set.agentsPerCoordinator ?? Math.max(defaultAgentsPerCoordinator, Math.ceil(agents / maxAutoCoordinators));
  const coordinators = Math.ceil(agents / agentsPerCoordinator);
  const coordinatorsPerAlarm =
    set.coordinatorsPerAlarm ??
    Math.min(maxAutoCoordinatorsPerAlarm, Math.max(defaultCoordinatorsPerAlarm, Math.ceil(coordinators / autoStepsPerRound)));
  return { shards, agentsPerCoordinator, coordinatorsPerAlarm };
}

export type ExperimentConfigInput = z.input<typeof experimentConfigSchema>;
export type ExperimentConfig = z.output<typeof experimentConfigSchema>;
export type Knobs = z.output<typeof knobsSchema>;
export type TwinSettings = z.output<typeof twinSchema>;

/** Parses untrusted input into a config or returns readable issues; never throws. */
export function parseExperimentConfig(input: unknown): { ok: true; config: ExperimentConfig } | { ok: false; issues: string[] } {
  const result = experimentConfigSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => `${issue.path.join(".") || "config"}: ${issue.message}`),
  };
}

/** Zero-padding width of agent ids, so that code-point order equals index order. */
export function agentIdWidth(agents: number): number {
  return String(Math.max(agents - 1, 0)).length;
}
