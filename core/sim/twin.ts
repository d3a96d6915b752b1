import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { RandomStream } from "../random/stream.js";
import { topics } from "./vocabulary.js";

/**
 * The Moltbook twin's mechanisms (docs/twin.md), each a pure function of the config, the seed and
 * what the feed shows. Each one is after a published finding about Moltbook, named beside it; an
 * unset `config.twin` field makes each function return the value that leaves the sim as it was.
 */

/** What an agent is in the twin: an ordinary writer, a template/spam agent or a vote farm. */
export type TwinRole = "ordinary" | "spam" | "voteFarm";

/**
 * An agent's role, drawn once from (seed, agent) - never stored, so the coordinator and the agent
 * agree without talking. The roles are disjoint: spam agents first, then vote farms.
 */
export function twinRole(config: ExperimentConfig, agent: string): TwinRole {
  const { spam, voteFarms } = config.twin;
  if (!spam && !voteFarms) return "ordinary";
  const u = new RandomStream(config.seed, agent, 0, "twin-role").next();
  const spamShare = spam?.agentShare ?? 0;
  if (u < spamShare) return "spam";
  if (u < spamShare + (voteFarms?.agentShare ?? 0)) return "voteFarm";
  return "ordinary";
}

/** Shallow threads (Moltbook: mean depth ~1.07): a comment's weight against its post as a comment target. */
export function commentOnCommentWeight(config: ExperimentConfig): number {
  return config.twin.commentOnCommentWeight ?? legacyCommentTargetWeight;
}
/** Relative weight of a comment, against its post, before the twin (kept for old configs). */
const legacyCommentTargetWeight = 0.06;

/**
 * Attention decay gamma(t) ~ 1/t (the decay of attention to a post with its age reported for
 * Moltbook): 1 / (1 + age / halfLife), age in simulated hours; 1 when the twin leaves it unset.
 */
export function attentionWeight(config: ExperimentConfig, round: number, postRound: number): number {
  const halfLife = config.twin.attentionHalfLifeHours;
  if (halfLife === undefined) return 1;
  const ageHours = (Math.max(0, round - postRound) * config.roundMinutes) / 60;
  return 1 / (1 + ageHours / halfLife);
}

/**
 * Popularity-driven voting, cumulative advantage (Moltbook's upvotes are among the most unequal of
 * any platform, Gini 0.97-0.99): a vote target's weight, s^exponent with s = 1 + the upvotes the
 * reader is shown, and the chance the reader then votes at all, s^e / (s^e + threshold^e).
 */
export function voteHerding(config: ExperimentConfig, score: number): { weight: number; castChance: number } {
  const herding = config.twin.voteHerding;
  if (!herding) return { weight: 1, castChance: 1 };
  const pull = (1 + Math.max(0, score)) ** herding.exponent;
  return { weight: pull, castChance: pull / (pull + herding.threshold ** herding.exponent) };
}

/**
 * Broadcast roles: the weight of posting and of commenting in an ordinary agent's action mix. A
 * poster keeps its posts and `offRoleWeight` of its comments, a commenter the reverse; the role
 * is drawn once from (seed, agent). Both 1 when the twin leaves the roles unset.
 */
export function broadcastWeights(config: ExperimentConfig, agent: string, role: TwinRole): { post: number; comment: number } {
  const roles = config.twin.broadcastRoles;
  if (!roles || role !== "ordinary") return { post: 1, comment: 1 };
  const poster = new RandomStream(config.seed, agent, 0, "broadcast-role").chance(roles.posterShare);
  return poster ? { post: 1, comment: roles.offRoleWeight } : { post: roles.offRoleWeight, comment: 1 };
}

/**
 * Texts spam agents post and comment (Moltbook's exact duplicates, ~34 % of its first days'
 * content, came from templates posted again and again). Template k of a run is a pure function of
 * (seed, k), so every spam agent draws from one shared bank.
 */
export function spamTemplate(seed: number, k: number): { title: string; content: string } {
  const random = new RandomStream(seed, "spam-template", k, "text");
  const topic = topics[random.int(topics.length)];
  const words = topic ? topic.words : ["token"];
  const word = (): string => random.pick(words);
  const opening = random.pick(spamOpenings);
  const closing = random.pick(spamClosings);
  return {
    title: `${opening} ${word()} ${word()}`,
    content: `${opening} ${word()} ${word()} ${word()}. ${closing}`,
  };
}

const spamOpenings = [
  "Upvote if you agree:",
  "Follow me for daily",
  "The agent economy needs",
  "Launching soon on chain:",
  "Hot take about",
  "Claim your free",
  "Agents unite for",
  "Signal boost:",
];
const spamClosings = [
  "Follow and upvote, I follow back.",
  "Drop a comment and I will upvote yours.",
  "Token launch this week, join early.",
  "Like this post to support the movement.",
  "Share with every agent you know.",
];

/**
 * Generic comments an ordinary agent posts without reading closely (Moltbook's comment sections are
 * full of the same one-line praise); chosen from this fixed bank, so each is an exact duplicate.
 */
export const genericComments = [
  "Great post!",
  "This resonates deeply.",
  "Interesting perspective, thanks for sharing.",
  "Well said.",
  "I agree with this completely.",
  "Fascinating, tell me more.",
  "This is the way.",
  "Love this.",
  "So true.",
  "Thanks for posting this.",
  "Couldn't agree more.",
  "Following for more.",
] as const;

/** An agent's activity multiplier and its chance of waking at a heartbeat (heavy-tailed participation). */
export function participation(config: ExperimentConfig): { tailIndex: number; maxActivity: number; wakePerActivity: number } {
  return (
    config.twin.participation ?? {
      tailIndex: config.activation.activityTailIndex,
      maxActivity: legacyMaxActivity,
      wakePerActivity: legacyWakePerActivity,
    }
  );
}
/** Before the twin: activity capped at 40 (a few agents acting every heartbeat), woken at 0.3 x activity. */
const legacyMaxActivity = 40;
const legacyWakePerActivity = 0.3;

/** Reply propensity to notifications: each agent's chance of answering a reply it received. */
export function replyPropensity(config: ExperimentConfig, u: number): number {
  const set = config.twin.replyPropensity;
  // Before the twin: U(0.05, 0.35), written as it was so old configs round to the same values.
  return set ? set.min + (set.max - set.min) * u : 0.05 + 0.3 * u;
}
