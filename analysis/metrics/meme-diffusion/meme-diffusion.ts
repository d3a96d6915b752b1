import { missingTypes } from "../../log/analysis-log.js";
import { meanOf, medianOf } from "../../stats/summary.js";
import { NumberTable } from "../../text/number-table.js";
import { RepeatFilter } from "../../text/repeat-filter.js";
import { ngramKeys, ngramPositions, ngramText, tokenCorpusOf } from "../../text/token-corpus.js";
import type { TokenCorpus } from "../../text/token-corpus.js";
import type { AnalysisContext } from "../metric-types.js";
import type { Unavailable } from "../../../core/contracts/report-metrics.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import type { MemeCascade, MemeDiffusionResult, MemeSummary } from "../../../core/contracts/report-collective-metrics.js";

/**
 * n = 1..5 (docs/metrics.md "Tokens"): the sim's partner imitation and feedback learning copy single
 * words, so a coined word spreading is the plainest meme; longer n-grams catch copied phrases.
 */
export const memeNs = [1, 2, 3, 4, 5] as const;
export const topCascades = 20;
/** Adopters listed per top cascade (in adoption order); `size` always counts all of them. */
export const adoptersListed = 100;

const soleOrigin = 0;
const ambiguous = 1;
const spreading = 2;

/**
 * docs/metrics.md section 12: n-grams first used by one agent and later adopted by others. Rounds are the unit
 * of time: agents of one round act independently (ARCHITECTURE.md), so an n-gram two agents used
 * in its first round has no single origin and is not a cascade, and an adoption is a use by another
 * agent in a later round. That drops much common language (several agents use it from its first
 * round), not all: a word one agent happened to write first, then others wrote independently, still
 * counts, so sizes bound imitation from above (telling the two apart would need exposures).
 * Memory: single n-grams are screened out, n-grams live in a typed hash table, one n at a time,
 * so it grows with the repeated vocabulary and the adoptions only.
 */
export function computeMemeDiffusion(ctx: AnalysisContext): MemeDiffusionResult | Unavailable {
  const reason = missingTypes(ctx.log, ["post", "comment"]);
  if (reason !== null) return { available: false, reason };
  const corpus = tokenCorpusOf(ctx.log);
  const byAgent = itemsByAgent(corpus);
  const keyBuffer = new Float64Array(ngramPositions(corpus, 1));
  const ordinals = new Int32Array(keyBuffer.length);
  const sizes: number[] = [];
  const halfLives: number[] = [];
  let ambiguousTotal = 0;
  const byN: (MemeSummary & { n: number })[] = [];
  let top: MemeCascade[] = [];
  for (const n of memeNs) {
    const found = cascadesForN(corpus, byAgent, ngramKeys(corpus, n, keyBuffer), ordinals, n, ctx.log.roundHours);
    byN.push({ n, ...summarise(found.sizes, found.halfLives, found.ambiguous) });
    // Not push(...): a spread of millions of arguments overflows the stack.
    for (const v of found.sizes) sizes.push(v);
    for (const v of found.halfLives) halfLives.push(v);
    ambiguousTotal += found.ambiguous;
    top = [...top, ...found.top].sort(byRank).slice(0, topCascades);
  }
  return { available: true, ns: [...memeNs], ...summarise(sizes, halfLives, ambiguousTotal), byN, top };
}

interface CascadesOfN {
  readonly sizes: number[];
  readonly halfLives: number[];
  readonly ambiguous: number;
  readonly top: MemeCascade[];
}

/** Items grouped by author (authors in index order), each group in chronological item order. */
interface ItemsByAgent {
  readonly starts: Int32Array;
  readonly items: Int32Array;
}

function itemsByAgent(corpus: TokenCorpus): ItemsByAgent {
  const starts = new Int32Array(corpus.agents.length + 1);
  for (let i = 0; i < corpus.items; i++) starts[(corpus.authors[i] ?? 0) + 1] = (starts[(corpus.authors[i] ?? 0) + 1] ?? 0) + 1;
  for (let a = 0; a < corpus.agents.length; a++) starts[a + 1] = (starts[a + 1] ?? 0) + (starts[a] ?? 0);
  const items = new Int32Array(corpus.items);
  const next = starts.slice(0, corpus.agents.length);
  for (let i = 0; i < corpus.items; i++) {
    const a = corpus.authors[i] ?? 0;
    items[next[a] ?? 0] = i;
    next[a] = (next[a] ?? 0) + 1;
  }
  return { starts, items };
}

/**
 * What is known of each n-gram that may repeat, by ordinal (the order of first use): the hash
 * table maps a key to its ordinal once, and every later pass indexes these arrays directly.
 */
class Ngrams {
  count = 0;
  firstRound = new Int32Array(1024);
  firstAgent = new Int32Array(1024);
  /** Token position of the first use (for the n-gram's text). */
  firstStart = new Int32Array(1024);
  status = new Int32Array(1024);
  /** Adopters counted so far. */
  size = new Int32Array(1024);
  /** The agent last counted as an adopter (pass 2 visits agents one at a time). */
  lastAgent = new Int32Array(1024).fill(-1);

  add(round: number, agent: number, start: number): number {
    const ordinal = this.count++;
    if (ordinal === this.firstRound.length) {
      const size = ordinal * 2;
      this.firstRound = grownTo(this.firstRound, size);
      this.firstAgent = grownTo(this.firstAgent, size);
      this.firstStart = grownTo(this.firstStart, size);
      this.status = grownTo(this.status, size);
      this.size = grownTo(this.size, size);
      this.lastAgent = grownTo(this.lastAgent, size, -1);
    }
    this.firstRound[ordinal] = round;
    this.firstAgent[ordinal] = agent;
    this.firstStart[ordinal] = start;
    this.status[ordinal] = soleOrigin;
    return ordinal;
  }
}

/**
 * `ordinals` is scratch of at least keys.length entries, reused across n (it receives each
 * position's n-gram ordinal, -1 where the n-gram was screened out as single).
 */
function cascadesForN(
  corpus: TokenCorpus,
  byAgent: ItemsByAgent,
  keys: Float64Array,
  ordinals: Int32Array,
  n: number,
  roundHours: number,
): CascadesOfN {
  const filter = new RepeatFilter(corpus, n, keys);
  // Key -> ordinal. The table's slot order (a function of its keys and their insertion order) is
  // the cascades' order in `sizes` and `halfLives`.
  const table = new NumberTable([0]);
  const ngrams = new Ngrams();
  // Position of each item's first n-gram in `keys`.
  const keyStarts = new Int32Array(corpus.items + 1);
  for (let i = 0; i < corpus.items; i++)
    keyStarts[i + 1] = (keyStarts[i] ?? 0) + Math.max(0, (corpus.starts[i + 1] ?? 0) - (corpus.starts[i] ?? 0) - n + 1);

  // Pass 1, in corpus order: origin of each n-gram and whether anyone else took it up later.
  for (let i = 0; i < corpus.items; i++) {
    const round = corpus.rounds[i] ?? 0;
    const agent = corpus.authors[i] ?? 0;
    const tokenStart = (corpus.starts[i] ?? 0) - (keyStarts[i] ?? 0);
    const end = keyStarts[i + 1] ?? 0;
    for (let p = keyStarts[i] ?? 0; p < end; p++) {
      const key = keys[p] ?? 0;
      if (!filter.mayRepeat(key)) {
        ordinals[p] = -1;
        continue;
      }
      const before = table.size;
      const slot = table.insert(key);
      if (table.size !== before) {
        const ordinal = ngrams.add(round, agent, tokenStart + p);
        table.set(slot, 0, ordinal);
        ordinals[p] = ordinal;
        continue;
      }
      const ordinal = table.get(slot, 0);
      ordinals[p] = ordinal;
      if (agent === ngrams.firstAgent[ordinal]) continue;
      if (round === ngrams.firstRound[ordinal]) ngrams.status[ordinal] = ambiguous;
      else if (ngrams.status[ordinal] === soleOrigin) ngrams.status[ordinal] = spreading;
    }
  }

  // Pass 2, agent by agent: each adopter of a cascade once, with the item of its first use (an
  // agent's items are visited in chronological order, so the first met is the first used).
  // lastAgent marks the agent last counted for an n-gram, which makes each (n-gram, agent) pair
  // exact without a table of pairs.
  let adoptionNgrams = new Int32Array(1024);
  let adoptionItems = new Int32Array(1024);
  let adoptions = 0;
  for (let agent = 0; agent < corpus.agents.length; agent++) {
    const to = byAgent.starts[agent + 1] ?? 0;
    for (let at = byAgent.starts[agent] ?? 0; at < to; at++) {
      const item = byAgent.items[at] ?? 0;
      const end = keyStarts[item + 1] ?? 0;
      for (let p = keyStarts[item] ?? 0; p < end; p++) {
        const ordinal = ordinals[p] ?? -1;
        if (
          ordinal < 0 ||
          ngrams.lastAgent[ordinal] === agent ||
          ngrams.status[ordinal] !== spreading ||
          agent === ngrams.firstAgent[ordinal]
        )
          continue;
        ngrams.lastAgent[ordinal] = agent;
        if (adoptions === adoptionNgrams.length) {
          adoptionNgrams = grownTo(adoptionNgrams, adoptions * 2);
          adoptionItems = grownTo(adoptionItems, adoptions * 2);
        }
        adoptionNgrams[adoptions] = ordinal;
        adoptionItems[adoptions] = item;
        adoptions++;
        ngrams.size[ordinal] = (ngrams.size[ordinal] ?? 0) + 1;
      }
    }
  }

  let ambiguousCount = 0;
  const candidates: number[] = [];
  // Where each cascade's adoptions start in `grouped`, and the next free place there.
  const offset = new Int32Array(ngrams.count);
  const fill = new Int32Array(ngrams.count);
  let placed = 0;
  for (const slot of table.slots()) {
    const ordinal = table.get(slot, 0);
    const state = ngrams.status[ordinal];
    if (state === ambiguous) ambiguousCount++;
    if (state !== spreading) continue;
    candidates.push(ordinal);
    offset[ordinal] = placed;
    fill[ordinal] = placed;
    placed += ngrams.size[ordinal] ?? 0;
  }
  // Adoptions grouped by cascade, each group in adoption (item) order: visiting them by item
  // (a counting sort) and appending to their cascade's group sorts every group at once.
  const byItem = new Int32Array(corpus.items + 1);
  for (let r = 0; r < adoptions; r++) byItem[(adoptionItems[r] ?? 0) + 1] = (byItem[(adoptionItems[r] ?? 0) + 1] ?? 0) + 1;
  for (let i = 0; i < corpus.items; i++) byItem[i + 1] = (byItem[i + 1] ?? 0) + (byItem[i] ?? 0);
  const itemOrder = new Int32Array(adoptions);
  for (let r = 0; r < adoptions; r++) {
    const item = adoptionItems[r] ?? 0;
    itemOrder[byItem[item] ?? 0] = r;
    byItem[item] = (byItem[item] ?? 0) + 1;
  }
  const grouped = new Int32Array(adoptions);
  for (let o = 0; o < adoptions; o++) {
    const r = itemOrder[o] ?? 0;
    const ordinal = adoptionNgrams[r] ?? 0;
    const at = fill[ordinal] ?? 0;
    grouped[at] = adoptionItems[r] ?? 0;
    fill[ordinal] = at + 1;
  }
  const sizeOf = (ordinal: number): number => ngrams.size[ordinal] ?? 0;
  const firstRoundOf = (ordinal: number): number => ngrams.firstRound[ordinal] ?? 0;
  const adoptionsOf = (ordinal: number): Int32Array => grouped.subarray(offset[ordinal] ?? 0, (offset[ordinal] ?? 0) + sizeOf(ordinal));
  const halfLifeOf = (ordinal: number): number => {
    const count = sizeOf(ordinal);
    const half = count > 0 ? (grouped[(offset[ordinal] ?? 0) + Math.ceil(count / 2) - 1] ?? 0) : 0;
    return ((corpus.rounds[half] ?? 0) - firstRoundOf(ordinal)) * roundHours;
  };

  const rank = (a: number, b: number): number => sizeOf(b) - sizeOf(a) || firstRoundOf(a) - firstRoundOf(b);
  // Everything ranked at or above the topCascades-th place (ties with it included) goes on to the
  // text tie-break, so the choice is by text. That place is found by keeping the best
  // topCascades candidates seen so far, not by sorting them all.
  const best: number[] = [];
  for (const ordinal of candidates) {
    if (best.length === topCascades && rank(ordinal, best[topCascades - 1] ?? 0) >= 0) continue;
    let at = Math.min(best.length, topCascades - 1);
    if (best.length < topCascades) best.push(ordinal);
    while (at > 0 && rank(ordinal, best[at - 1] ?? 0) < 0) {
      best[at] = best[at - 1] ?? 0;
      at--;
    }
    best[at] = ordinal;
  }
  const cut = best[topCascades - 1];
  const contenders = cut === undefined ? candidates : candidates.filter((ordinal) => rank(ordinal, cut) <= 0);
  const texts = new Map(contenders.map((ordinal) => [ordinal, ngramText(corpus, ngrams.firstStart[ordinal] ?? 0, n)]));
  const topNgrams = contenders
    .sort((a, b) => rank(a, b) || compareCodePoints(texts.get(a) ?? "", texts.get(b) ?? ""))
    .slice(0, topCascades);

  return {
    sizes: candidates.map(sizeOf),
    halfLives: candidates.map(halfLifeOf),
    ambiguous: ambiguousCount,
    top: topNgrams.map((ordinal) => ({
      ngram: texts.get(ordinal) ?? "",
      n,
      origin: corpus.agents[ngrams.firstAgent[ordinal] ?? 0] ?? "",
      originRound: firstRoundOf(ordinal),
      size: sizeOf(ordinal),
      adopters: [...adoptionsOf(ordinal).subarray(0, adoptersListed)].map((item) => corpus.agents[corpus.authors[item] ?? 0] ?? ""),
      halfLifeHours: halfLifeOf(ordinal),
    })),
  };
}

function grownTo(array: Int32Array, size: number, fillWith = 0): Int32Array<ArrayBuffer> {
  const out = new Int32Array(size);
  if (fillWith !== 0) out.fill(fillWith, array.length);
  out.set(array);
  return out;
}

function byRank(a: MemeCascade, b: MemeCascade): number {
  return b.size - a.size || b.n - a.n || a.originRound - b.originRound || compareCodePoints(a.ngram, b.ngram);
}

function summarise(sizes: readonly number[], halfLives: readonly number[], ambiguousOrigins: number): MemeSummary {
  return {
    cascades: sizes.length,
    ambiguousOrigins,
    size: { mean: meanOf(sizes), median: medianOf(sizes), max: maxOf(sizes) },
    halfLifeHours: { mean: meanOf(halfLives), median: medianOf(halfLives), max: maxOf(halfLives) },
  };
}

function maxOf(values: readonly number[]): number | null {
  let max: number | null = null;
  for (const v of values) if (max === null || v > max) max = v;
  return max;
}
