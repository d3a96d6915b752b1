import { contentIndex, missingTypes } from "../../log/analysis-log.js";
import type { LogPost } from "../../log/analysis-log.js";
import { meanOfMeans } from "../../stats/bootstrap.js";
import { meanOf } from "../../stats/summary.js";
import { norm, zeros } from "../../text/vector.js";
import { vectorTableOf } from "../../text/vector-table.js";
import type { VectorTable } from "../../text/vector-table.js";
import { postsByAuthor } from "../post-vectors.js";
import type { AgentValues, Unavailable } from "../../../core/contracts/report-metrics.js";
import type { AnalysisContext, DiagnosticInput, PrimaryComponent } from "../metric-types.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import type { AgentInfluence, InfluenceEvent, InteractionInfluenceResult } from "../../../core/contracts/report-metrics.js";

/** docs/metrics.md section 8: posts on each side of an interaction that make the before/after centroids. */
export const influencePostsPerSide = 3;

/** Writes the centroid (unnormalised sum) of the posts' vectors into `out`. */
function centroidInto(out: Float64Array, posts: readonly LogPost[], from: number, to: number, table: VectorTable): Float64Array {
  out.fill(0);
  for (let i = from; i < to; i++) {
    const row = table.rowOf(posts[i]?.id ?? "");
    if (row >= 0) table.addInto(out, row);
  }
  return out;
}

/** Per agent and round, the items shown (all exposure kinds), first occurrence in rank order. */
function shownByAgentRound(ctx: AnalysisContext): Map<string, Map<number, string[]>> {
  const out = new Map<string, Map<number, string[]>>();
  for (const exposure of ctx.log.exposures) {
    let byRound = out.get(exposure.agent);
    if (!byRound) {
      byRound = new Map();
      out.set(exposure.agent, byRound);
    }
    const list = byRound.get(exposure.round) ?? [];
    const seen = new Set(list);
    for (const item of exposure.items) {
      if (!seen.has(item)) {
        seen.add(item);
        list.push(item);
      }
    }
    byRound.set(exposure.round, list);
  }
  return out;
}

/** Items each agent ever commented on or voted on. */
function engagedByAgent(ctx: AnalysisContext): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (agent: string, item: string): void => {
    const set = out.get(agent);
    if (set) set.add(item);
    else out.set(agent, new Set([item]));
  };
  for (const c of ctx.log.comments) add(c.author, c.parent ?? c.post);
  for (const v of ctx.log.votes) add(v.voter, v.target);
  return out;
}

/** Index of the first post with round > `round` in a round-sorted list. */
function firstAfter(posts: readonly LogPost[], round: number): number {
  let lo = 0;
  let hi = posts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((posts[mid]?.round ?? 0) <= round) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first post with round >= `round`. */
function firstAtOrAfter(posts: readonly LogPost[], round: number): number {
  let lo = 0;
  let hi = posts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((posts[mid]?.round ?? 0) < round) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `item` is a comment under the agent's own post or a reply to the agent's own comment. */
function repliesTo(agent: string, item: string, content: ReturnType<typeof contentIndex>): boolean {
  const entry = content.get(item);
  if (entry === undefined || !("post" in entry)) return false;
  if (content.get(entry.post)?.author === agent) return true;
  return entry.parent !== null && content.get(entry.parent)?.author === agent;
}

/**
 * docs/metrics.md section 8. Choices made explicit:
 * - b and f need the full k = 3 posts on each side; a centroid of one post is so much noisier than
 *   one of three that mixing them would let posting volume, not interaction, decide the spread.
 * - "Before" and "after" are strictly earlier and later rounds: a post in the comment's own round
 *   was decided in the same turn, before the agent's history could absorb what it replied to.
 * - A comment on the agent's own content is not an interaction with someone else and is skipped.
 * - An item that replies to the agent's own content is skipped too (and never a placebo): it
 *   echoes the agent's own words, which sit in b, so cos(b, item) is inflated by b's own noise and
 *   the change would read negative with no influence at all.
 * - The placebo is the mean change over *every* eligible item shown to the agent that round (feed
 *   and notifications; never engaged by it in the whole log, not its own, not a reply to it). No
 *   item is picked by its closeness to b: picking on cos(b, .) picks on b's noise, and a placebo
 *   chosen on b's noise regresses toward the mean (its cos(b, .) was high by chance, its cos(f, .)
 *   is not), which read +0.01 of influence in knobs-off logs (docs/metrics.md section 8).
 */
export function computeInteractionInfluence(ctx: AnalysisContext): InteractionInfluenceResult | Unavailable {
  const missing = missingTypes(ctx.log, ["comment", "exposure"]);
  if (missing !== null) return { available: false, reason: missing };

  const k = influencePostsPerSide;
  const table = vectorTableOf(ctx.vectors, ctx.dims);
  const content = contentIndex(ctx.log);
  const posts = postsByAuthor(ctx);
  const shown = shownByAgentRound(ctx);
  const engaged = engagedByAgent(ctx);
  const byAgent = new Map<string, InfluenceEvent[]>();
  let skippedFewPosts = 0;
  let skippedNoPlacebo = 0;
  let skippedReplyToOwn = 0;
  let skippedOther = 0;

  // Reused for every comment: the centroids are read only while the comment is handled.
  const before = zeros(ctx.dims);
  const after = zeros(ctx.dims);
  const noneEngaged = new Set<string>();
  for (const comment of ctx.log.comments) {
    const agent = comment.author;
    const item = comment.parent ?? comment.post;
    const itemRow = table.rowOf(item);
    const itemAuthor = content.get(item)?.author;
    if (itemRow < 0 || itemAuthor === undefined || itemAuthor === agent) {
      skippedOther++;
      continue;
    }
    if (repliesTo(agent, item, content)) {
      skippedReplyToOwn++;
      continue;
    }
    const own = posts.get(agent) ?? [];
    const beforeEnd = firstAtOrAfter(own, comment.round);
    const afterStart = firstAfter(own, comment.round);
    if (beforeEnd < k || own.length - afterStart < k) {
      skippedFewPosts++;
      continue;
    }
    centroidInto(before, own, beforeEnd - k, beforeEnd, table);
    centroidInto(after, own, afterStart, afterStart + k, table);
    const beforeNorm = norm(before);
    const afterNorm = norm(after);
    const change = (row: number): number => table.cosineDense(row, after, afterNorm) - table.cosineDense(row, before, beforeNorm);
    const agentEngaged = engaged.get(agent) ?? noneEngaged;
    let placebos = 0;
    let placeboSum = 0;
    for (const candidate of shown.get(agent)?.get(comment.round) ?? []) {
      if (candidate === item || agentEngaged.has(candidate)) continue;
      const row = table.rowOf(candidate);
      const author = content.get(candidate)?.author;
      if (row < 0 || author === undefined || author === agent || repliesTo(agent, candidate, content)) continue;
      placebos++;
      placeboSum += change(row);
    }
    if (placebos === 0) {
      skippedNoPlacebo++;
      continue;
    }
    const event: InfluenceEvent = {
      comment: comment.id,
      round: comment.round,
      item,
      placebos,
      delta: change(itemRow),
      placeboDelta: placeboSum / placebos,
    };
    const list = byAgent.get(agent);
    if (list) list.push(event);
    else byAgent.set(agent, [event]);
  }

  const perAgent: AgentInfluence[] = [...byAgent]
    .sort(([a], [b]) => compareCodePoints(a, b))
    .map(([agent, events]) => ({
      agent,
      events,
      values: events.map((e) => e.delta - e.placeboDelta),
      delta: meanOf(events.map((e) => e.delta)) ?? 0,
      placeboDelta: meanOf(events.map((e) => e.placeboDelta)) ?? 0,
    }));
  return {
    available: true,
    postsPerSide: k,
    agents: perAgent.length,
    events: perAgent.reduce((a, p) => a + p.events.length, 0),
    skippedFewPosts,
    skippedNoPlacebo,
    skippedReplyToOwn,
    skippedOther,
    primary: perAgent.length > 0 ? meanOfMeans(perAgent) : null,
    meanDelta: meanOf(perAgent.map((a) => a.delta)),
    meanPlaceboDelta: meanOf(perAgent.map((a) => a.placeboDelta)),
    perAgent,
  };
}

function unitsOf(result: InteractionInfluenceResult | Unavailable): AgentValues[] {
  return result.available ? result.perAgent.map((a) => ({ agent: a.agent, values: a.values })) : [];
}

/** Name of the verdict's one component (the rule's component of the same name holds its delta). */
export const pullComponent = "pull";

/**
 * The verdict's one component, "pull": units are agents with at least one qualifying interaction,
 * each with delta - placeboDelta per interaction; the statistic is the mean over agents of their
 * mean, so prolific commenters do not outweigh the rest. The placebo (a mean over the shown items,
 * no random draw) is part of each unit's values, so no reference error arises.
 */
export function interactionInfluenceComponents(result: InteractionInfluenceResult | Unavailable): PrimaryComponent<AgentValues>[] {
  return [{ name: pullComponent, units: unitsOf(result), statistic: meanOfMeans }];
}

export function diagnoseInteractionInfluence(
  _ctx: AnalysisContext,
  result: InteractionInfluenceResult | Unavailable,
): DiagnosticInput<AgentValues> {
  return { components: interactionInfluenceComponents(result) };
}
