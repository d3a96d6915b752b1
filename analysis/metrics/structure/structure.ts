import { hash53 } from "../../../core/random/hash.js";
import { structureKeys } from "../../../core/contracts/report-structure.js";
import type { StructureKey, StructureResult, TwinRow } from "../../../core/contracts/report-structure.js";
import { missingTypes } from "../../log/analysis-log.js";
import type { AnalysisLog } from "../../log/analysis-log.js";
import { windowOfRound } from "../../log/windows.js";
import { gini } from "../../stats/concentration.js";
import { fitDiscretePowerLaw } from "../../stats/power-law.js";
import type { PowerLawFit } from "../../stats/power-law.js";
import type { AnalysisContext } from "../metric-types.js";
import { attentionDecayExponent } from "./attention-decay.js";
import { medianBurstiness } from "./burstiness.js";
import { commenterTies, reciprocityOf, upvotesByPost } from "./commenter-ties.js";
import type { CommenterTie } from "./commenter-ties.js";
import { communityJaccard } from "./community-turnover.js";
import { hubAuthorityOverlap } from "./hub-authority.js";
import { inBand, moltbookValues } from "./moltbook-bands.js";
import { rewardEventStudy } from "./reward-event-study.js";
import { upvoteCommentScaling } from "./upvote-scaling.js";
import { vocabularyNoOverlapShare } from "./vocabulary-overlap.js";

/**
 * Smallest tail the power-law fit accepts: alpha's standard error (alpha - 1) / sqrt(n) is ~0.1 at
 * n = 50 for alpha ~1.7, the width of the published 1.68-2.00 spread; smaller tails fit noise.
 */
export const powerLawMinTail = 50;

/**
 * docs/metrics.md "Structure - the Moltbook twin": the numbers published for the real Moltbook, computed the
 * same way on any run or import. Each value needs different events, so each falls back to null
 * with its own reason rather than the whole set going unavailable.
 */
export function computeStructure(ctx: AnalysisContext): StructureResult {
  const { log, windows } = ctx;
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
  const ties = commenterTies(log);
  const fit = missingTypes(log, ["post", "comment"]) === null ? participationFit(log) : null;
  const reward = missingTypes(log, upvoteNeeds) === null ? rewardEventStudy(log, ctx.vectors, ctx.seed) : null;
  const values: Record<StructureKey, number | null> = {
    reciprocity: value("reciprocity", ["post", "comment"], () => reciprocityOf(ties), "no commenter -> author ties"),
    noReplyShare: value("noReplyShare", ["comment"], () => noReplyShare(log), "no comments"),
    meanThreadDepth: value("meanThreadDepth", ["comment"], () => meanThreadDepth(log), "no comments with a known thread"),
    upvoteGini: value("upvoteGini", upvoteNeeds, () => gini(upvotesByPost(log).values()), "no upvotes on posts"),
    postGini: value("postGini", ["post"], () => gini(postsPerAuthor(log)), "no posts"),
    powerLawAlpha: value("powerLawAlpha", ["post", "comment"], () => fit?.alpha ?? null, `fewer than ${powerLawMinTail} participating agents`),
    duplicateShare: value("duplicateShare", ["post", "comment"], () => duplicateShare(log), "no posts or comments"),
    attentionDecayExponent: value("attentionDecayExponent", ["post", "comment"], () => attentionDecayExponent(log), "fewer than three age bins with comments"),
    upvoteCommentScaling: value("upvoteCommentScaling", upvoteNeeds, () => upvoteCommentScaling(log), "fewer than ten posts with both upvotes and comments"),
    burstiness: value("burstiness", ["post", "comment"], () => medianBurstiness(log), "no agent active in five rounds"),
    communityJaccard: value("communityJaccard", ["post", "comment"], () => communityJaccard(windows, ties), "no two consecutive windows share ten agents"),
    vocabularyNoOverlapShare: value("vocabularyNoOverlapShare", ["post", "comment"], () => vocabularyNoOverlapShare(log), "no comment on a logged post"),
    hubAuthorityOverlap: value("hubAuthorityOverlap", ["post", "comment"], () => hubAuthorityOverlap(ties), "no ties, or HITS did not converge"),
    rewardEventDrift: value("rewardEventDrift", upvoteNeeds, () => reward?.effect ?? null, "fewer than ten agents with both a top-decile and an ordinary post followed by another"),
  };
  const byWindow: CommenterTie[][] = windows.map(() => []);
  for (const tie of ties) byWindow[windowOfRound(windows, tie.round)]?.push(tie);
  return {
    ...values,
    powerLawFit: fit,
    rewardEventStudy: reward === null ? null : { agents: reward.agents, ci95: [reward.ci95[0], reward.ci95[1]] },
    reciprocityByWindow: byWindow.map((list) => reciprocityOf(list)),
    reasons,
    twin: structureKeys.map((key) => twinRow(key, values[key], reasons[key] ?? null)),
    comparedWith: null,
  };
}

/** One row of the twin table: the value beside what Moltbook's studies published. */
function twinRow(key: StructureKey, value: number | null, reason: string | null): TwinRow {
  const { published, source, band } = moltbookValues[key];
  return { key, value, reason: value === null ? reason : null, published, source, band, inBand: inBand(value, band) };
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

/** Posts per agent over the agents with at least one post (Price et al.'s posting Gini). */
function postsPerAuthor(log: AnalysisLog): number[] {
  const counts = new Map<string, number>();
  for (const post of log.posts) counts.set(post.author, (counts.get(post.author) ?? 0) + 1);
  return [...counts.values()];
}

/** Participation (posts + comments) per agent, fitted by the discrete CSN rule. */
function participationFit(log: AnalysisLog): PowerLawFit | null {
  const counts = new Map<string, number>();
  for (const item of [...log.posts, ...log.comments]) counts.set(item.author, (counts.get(item.author) ?? 0) + 1);
  return fitDiscretePowerLaw(counts.values(), powerLawMinTail);
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

/**
 * The run's structure with a real log's values beside it (`murmur analyze RUN --compare REAL_RUN`):
 * each twin row gets the real value and its own in/out mark against the same band.
 */
export function withComparison(run: StructureResult, real: StructureResult, label: string): StructureResult {
  return {
    ...run,
    comparedWith: label,
    twin: run.twin.map((row) => {
      const value = real[row.key];
      return { ...row, compared: { value, inBand: inBand(value, row.band) } };
    }),
  };
}
