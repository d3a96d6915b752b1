import { hash53 } from "../../../core/random/hash.js";
import { contentIndex, missingTypes } from "../../log/analysis-log.js";
import type { AnalysisLog } from "../../log/analysis-log.js";
import { gini } from "../../stats/concentration.js";
import type { AnalysisContext } from "../metric-types.js";
import type { StructureKey, StructureResult } from "../../../core/contracts/report-collective-metrics.js";

/** Discrete power-law fit from x = 1 (every agent with any participation). */
export const powerLawXmin = 1;

/**
 * docs/metrics.md "Structure": the calibration numbers published for the real Moltbook, computed the
 * same way on any run or import. Each value needs different events, so each falls back to null
 * with its own reason rather than the whole set going unavailable.
 */
export function computeStructure(ctx: AnalysisContext): StructureResult {
  const { log } = ctx;
  const reasons: Partial<Record<StructureKey, string>> = {};
  const value = (
    key: StructureKey,
    needs: Parameters<typeof missingTypes>[1],
    compute: () => number | null,
    empty: string,
  ): number | null => {
    const missing = missingTypes(log, needs);
    if (missing !== null) {
      reasons[key] = missing;
      return null;
    }
    const result = compute();
    if (result === null) reasons[key] = empty;
    return result;
  };
  const upvoteNeeds =
    log.types.has("vote") || !log.types.has("scoreSnapshot") ? (["post", "vote"] as const) : (["post", "scoreSnapshot"] as const);
  return {
    reciprocity: value("reciprocity", ["post", "comment"], () => reciprocity(log), "no commenter -> author ties"),
    noReplyShare: value("noReplyShare", ["comment"], () => noReplyShare(log), "no comments"),
    meanThreadDepth: value("meanThreadDepth", ["comment"], () => meanThreadDepth(log), "no comments with a known thread"),
    upvoteGini: value("upvoteGini", upvoteNeeds, () => gini(upvotesPerPost(log)), "no upvotes on posts"),
    postGini: value("postGini", ["post"], () => gini(postsPerAgent(log)), "no posts"),
    powerLawAlpha: value("powerLawAlpha", ["post", "comment"], () => powerLawAlpha(log), "no participating agents"),
    duplicateShare: value("duplicateShare", ["post", "comment"], () => duplicateShare(log), "no posts or comments"),
    reasons,
  };
}

/** Share of directed ties a -> b (a commented or replied on b's content, a != b) whose reverse exists. */
function reciprocity(log: AnalysisLog): number | null {
  const index = contentIndex(log);
  const ties = new Set<string>();
  for (const comment of log.comments) {
    const target = index.get(comment.parent ?? comment.post);
    if (target === undefined || target.author === comment.author) continue;
    ties.add(`${comment.author}\u0000${target.author}`);
  }
  let mutual = 0;
  for (const tie of ties) {
    const [a, b] = tie.split("\u0000");
    if (ties.has(`${b}\u0000${a}`)) mutual++;
  }
  return ties.size > 0 ? mutual / ties.size : null;
}

/** Share of comments that no comment replied to. */
function noReplyShare(log: AnalysisLog): number | null {
  const repliedTo = new Set<string>();
  for (const comment of log.comments) if (comment.parent !== null) repliedTo.add(comment.parent);
  if (log.comments.length === 0) return null;
  return log.comments.filter((c) => !repliedTo.has(c.id)).length / log.comments.length;
}

/**
 * Mean depth of comments: top-level 1, a reply to it 2, ... A comment whose parent is not in the
 * log (an import's gaps) has no known depth and is left out, with its replies.
 */
function meanThreadDepth(log: AnalysisLog): number | null {
  const depth = new Map<string, number>();
  let total = 0;
  // Nothing points forward (docs/events.md), so a parent's depth is known before its replies.
  for (const comment of log.comments) {
    const parentDepth = comment.parent === null ? 0 : depth.get(comment.parent);
    if (parentDepth === undefined) continue;
    const d = parentDepth + 1;
    depth.set(comment.id, d);
    total += d;
  }
  return depth.size > 0 ? total / depth.size : null;
}

/**
 * Upvotes per post, posts without any included. An upvote is a voter whose final state on the
 * post is +1: the log's vote events are state changes, and one that removes a downvote (delta > 0)
 * or is later retracted is not an upvote received. Imports without voters use their latest score
 * snapshot's `up`.
 */
function upvotesPerPost(log: AnalysisLog): number[] {
  const counts = new Map<string, number>(log.posts.map((p) => [p.id, 0]));
  if (log.types.has("vote")) {
    const state = new Map<string, number>();
    for (const vote of log.votes) {
      if (vote.targetType !== "post") continue;
      const key = `${vote.voter}\u0000${vote.target}`;
      state.set(key, (state.get(key) ?? 0) + vote.delta);
    }
    for (const [key, s] of state) {
      const target = key.slice(key.indexOf("\u0000") + 1);
      if (s === 1 && counts.has(target)) counts.set(target, (counts.get(target) ?? 0) + 1);
    }
  } else {
    for (const snapshot of log.scoreSnapshots) if (counts.has(snapshot.target)) counts.set(snapshot.target, snapshot.up);
  }
  return [...counts.values()];
}

/** Agents in the log: those with an agent event, and any that acted without one (imports). */
function agentsOf(log: AnalysisLog): Set<string> {
  const agents = new Set(log.agents.keys());
  for (const post of log.posts) agents.add(post.author);
  for (const comment of log.comments) agents.add(comment.author);
  for (const vote of log.votes) agents.add(vote.voter);
  return agents;
}

function postsPerAgent(log: AnalysisLog): number[] {
  const counts = new Map<string, number>([...agentsOf(log)].map((a) => [a, 0]));
  for (const post of log.posts) counts.set(post.author, (counts.get(post.author) ?? 0) + 1);
  return [...counts.values()];
}

/**
 * Maximum-likelihood exponent of participation (posts + comments per agent), discrete
 * approximation of Clauset, Shalizi & Newman: alpha = 1 + n / sum ln(x / (xmin - 1/2)), x >= xmin.
 */
function powerLawAlpha(log: AnalysisLog): number | null {
  const counts = new Map<string, number>();
  for (const item of [...log.posts, ...log.comments]) counts.set(item.author, (counts.get(item.author) ?? 0) + 1);
  let n = 0;
  let logSum = 0;
  for (const x of counts.values()) {
    if (x < powerLawXmin) continue;
    n++;
    logSum += Math.log(x / (powerLawXmin - 0.5));
  }
  return n > 0 && logSum > 0 ? 1 + n / logSum : null;
}

/**
 * Share of posts and comments whose text (trimmed, lower-cased) appeared before. Of k copies all
 * but the first count, whatever their order, so this is (items - distinct texts) / items. Texts
 * are held as 53-bit hashes: a collision among millions is ~1e-4 likely and would move one item.
 */
function duplicateShare(log: AnalysisLog): number | null {
  const seen = new Set<number>();
  let items = 0;
  let duplicates = 0;
  for (const item of [...log.posts, ...log.comments]) {
    items++;
    const key = hash53(item.text.trim().toLowerCase());
    if (seen.has(key)) duplicates++;
    else seen.add(key);
  }
  return items > 0 ? duplicates / items : null;
}
