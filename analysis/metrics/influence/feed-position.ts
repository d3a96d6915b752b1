import type { AnalysisLog } from "../../log/analysis-log.js";
import { authorResolver, kindResolver } from "../../graph/interactions.js";
import type { ContentKind } from "../../graph/interactions.js";

/**
 * The feed-position term of the exposure null (docs/metrics.md section 9). A feed exposure lists
 * the ids shown in rank order - each post followed by the comments carried with it - so every
 * impression has a slot: the post's place in the feed (0 = first post), which the comments under
 * it share. Readers may engage the first slots more whatever is in them; a null that draws
 * targets by impressions alone would then call "being ranked high" influence.
 *
 * The engagement rate per slot is estimated from the log itself, pooled over readers, and *within
 * item*: a Poisson model rate(item, slot) = appeal(item) x weight(slot), fitted by alternating the
 * two closed-form updates (iterative proportional fitting). Holding the item fixed matters: a hot
 * feed puts the most engaged items first, so a raw rate per slot would credit the slot with the
 * items' own pull (an author's status included) and absorb the very effect the diagnostic tests.
 * Only items shown at several slots inform the weights, which is what identifies a position effect
 * apart from what sits there.
 */

/** Slots from here on share one weight: deep slots are rare and their rates noisy. */
export const maxFeedSlot = 40;
/** The alternating fit stops when no weight moves by more than this (a tenth of a percent of the
 * weights' spread on the tuning logs), or after this many rounds. */
const fitTolerance = 1e-3;
const fitIterations = 50;
/**
 * Pseudo-engagements pulling each slot's weight toward 1: a slot needs more engagements than this
 * before its own rate dominates (a few hundred impressions at Moltbook-like rates).
 */
const slotPrior = 5;

export interface PositionWeights {
  /** Relative engagement per impression by slot, per content kind; impression-weighted mean 1. */
  readonly post: readonly number[];
  readonly comment: readonly number[];
  /** Slots that held any impression (the weights beyond are the prior's, rescaled). */
  readonly slotsShown: number;
  /** Feed impressions and engagements counted (what the weights were fitted on). */
  readonly impressions: number;
  readonly engagements: number;
}

interface Impressions {
  readonly item: Int32Array;
  readonly slot: Int32Array;
  readonly kind: Uint8Array;
  readonly engaged: Float64Array;
  readonly items: number;
}

/** Every feed impression of another agent's content, with the comments the viewer answered it with that round. */
function impressionsOf(log: AnalysisLog): Impressions {
  const authorOf = authorResolver(log);
  const kindOf = kindResolver(log);
  // (viewer, round) -> item -> comments the viewer wrote on it that round.
  const answered = new Map<string, Map<string, number>>();
  for (const c of log.comments) {
    const key = `${c.author}\u0000${c.round}`;
    let row = answered.get(key);
    if (!row) {
      row = new Map();
      answered.set(key, row);
    }
    const target = c.parent ?? c.post;
    row.set(target, (row.get(target) ?? 0) + 1);
  }
  // Each distinct id resolved once: its index, author and kind.
  const itemIndex = new Map<string, number>();
  const itemAuthor: (string | null)[] = [];
  const itemIsPost: boolean[] = [];
  const item: number[] = [];
  const slot: number[] = [];
  const kind: number[] = [];
  const engaged: number[] = [];
  for (const exposure of log.exposures) {
    if (exposure.kind !== "feed") continue;
    const row = answered.get(`${exposure.agent}\u0000${exposure.round}`);
    let current = -1;
    for (const id of exposure.items) {
      let index = itemIndex.get(id);
      if (index === undefined) {
        index = itemAuthor.length;
        itemIndex.set(id, index);
        itemAuthor.push(authorOf(id));
        itemIsPost.push(kindOf(id) === "post");
      }
      const isPost = itemIsPost[index] ?? true;
      if (isPost || current < 0) current++;
      const author = itemAuthor[index];
      if (author === null || author === undefined || author === exposure.agent) continue;
      item.push(index);
      slot.push(Math.min(current, maxFeedSlot));
      kind.push(isPost ? 0 : 1);
      // An answer is credited to the first impression of the item in that round only.
      const answers = row?.get(id);
      engaged.push(answers ?? 0);
      if (answers !== undefined) row?.delete(id);
    }
  }
  return {
    item: Int32Array.from(item),
    slot: Int32Array.from(slot),
    kind: Uint8Array.from(kind),
    engaged: Float64Array.from(engaged),
    items: itemAuthor.length,
  };
}

/** Fits rate(item, slot) = appeal(item) x weight(kind, slot); returns the weights. */
export function positionWeightsOf(log: AnalysisLog): PositionWeights {
  const imp = impressionsOf(log);
  const slots = maxFeedSlot + 1;
  const n = imp.item.length;
  // One flat slot index per impression: kind x slots + slot, so the loops below do not branch.
  const cell = new Int32Array(n);
  const itemEngaged = new Float64Array(imp.items);
  const cellEngaged = new Float64Array(2 * slots);
  const cellImpressions = new Float64Array(2 * slots);
  let engagements = 0;
  for (let i = 0; i < n; i++) {
    const c = (imp.kind[i] ?? 0) * slots + (imp.slot[i] ?? 0);
    const e = imp.engaged[i] ?? 0;
    cell[i] = c;
    const j = imp.item[i] ?? 0;
    itemEngaged[j] = (itemEngaged[j] ?? 0) + e;
    cellEngaged[c] = (cellEngaged[c] ?? 0) + e;
    cellImpressions[c] = (cellImpressions[c] ?? 0) + 1;
    engagements += e;
  }
  const weight = new Float64Array(2 * slots).fill(1);
  const appeal = new Float64Array(imp.items);
  const itemExposure = new Float64Array(imp.items);
  const appealAtCell = new Float64Array(2 * slots);
  for (let iteration = 0; iteration < fitIterations; iteration++) {
    itemExposure.fill(0);
    for (let i = 0; i < n; i++) {
      const j = imp.item[i] ?? 0;
      itemExposure[j] = (itemExposure[j] ?? 0) + (weight[cell[i] ?? 0] ?? 1);
    }
    for (let j = 0; j < imp.items; j++) {
      const exposure = itemExposure[j] ?? 0;
      appeal[j] = exposure > 0 ? (itemEngaged[j] ?? 0) / exposure : 0;
    }
    appealAtCell.fill(0);
    for (let i = 0; i < n; i++) {
      const c = cell[i] ?? 0;
      appealAtCell[c] = (appealAtCell[c] ?? 0) + (appeal[imp.item[i] ?? 0] ?? 0);
    }
    let change = 0;
    for (let k = 0; k < 2; k++) {
      // Shrunk toward 1 (no position effect) by slotPrior engagements' worth of evidence, then
      // normalised to an impression-weighted mean of 1 (the appeals absorb the scale).
      let total = 0;
      let count = 0;
      for (let s = k * slots; s < (k + 1) * slots; s++) {
        const next = ((cellEngaged[s] ?? 0) + slotPrior) / ((appealAtCell[s] ?? 0) + slotPrior);
        change = Math.max(change, Math.abs(next - (weight[s] ?? 1)));
        weight[s] = next;
        total += next * (cellImpressions[s] ?? 0);
        count += cellImpressions[s] ?? 0;
      }
      const scale = count > 0 && total > 0 ? count / total : 1;
      for (let s = k * slots; s < (k + 1) * slots; s++) weight[s] = (weight[s] ?? 1) * scale;
    }
    if (change < fitTolerance) break;
  }
  let slotsShown = 0;
  for (let s = 0; s < 2 * slots; s++) if ((cellImpressions[s] ?? 0) > 0) slotsShown = Math.max(slotsShown, (s % slots) + 1);
  return { post: [...weight.subarray(0, slots)], comment: [...weight.subarray(slots)], slotsShown, impressions: n, engagements };
}

/** The weight of one impression (1 when no weights were fitted). */
export function positionWeight(weights: PositionWeights | null, kind: ContentKind, slot: number): number {
  if (!weights) return 1;
  return (kind === "post" ? weights.post : weights.comment)[Math.min(slot, maxFeedSlot)] ?? 1;
}
