import { missingTypes } from "../log/analysis-log.js";
import { meanOf, medianOf } from "../stats/summary.js";
import { NumberTable } from "../text/number-table.js";
import { RepeatFilter } from "../text/repeat-filter.js";
import { buildTokenCorpus, ngramKey, ngramText, pairKey } from "../text/token-corpus.js";
import type { TokenCorpus } from "../text/token-corpus.js";
import type { AnalysisContext, Unavailable } from "./metric-types.js";
import { compareCodePoints } from "../../core/util/compare.js";

/**
 * n = 1..5 (METRICS.md "Tokens"): the sim's partner imitation and feedback learning copy single
 * words, so a coined word spreading is the plainest meme; longer n-grams catch copied phrases.
 */
export const memeNs = [1, 2, 3, 4, 5] as const;
export const topCascades = 20;
/** Adopters listed per top cascade (in adoption order); `size` always counts all of them. */
export const adoptersListed = 100;

export interface MemeCascade {
  readonly ngram: string;
  readonly n: number;
  readonly origin: string;
  readonly originRound: number;
  /** Agents other than the origin who used the n-gram, each counted once. */
  readonly size: number;
  readonly adopters: readonly string[];
  /** Simulated hours from the origin's round to the round of the ceil(size / 2)-th adopter. */
  readonly halfLifeHours: number;
}

export interface MemeSummary {
  readonly cascades: number;
  /** N-grams used by two or more agents already in their first round: no single origin, no cascade. */
  readonly ambiguousOrigins: number;
  readonly size: { readonly mean: number | null; readonly median: number | null; readonly max: number | null };
  readonly halfLifeHours: { readonly mean: number | null; readonly median: number | null; readonly max: number | null };
}

export interface MemeDiffusionResult extends MemeSummary {
  readonly available: true;
  readonly ns: readonly number[];
  readonly byN: readonly (MemeSummary & { readonly n: number })[];
  /** The largest cascades over all n: size, then longer n, then earlier origin, then text. */
  readonly top: readonly MemeCascade[];
}

// Columns of the per-n table.
const firstRound = 0;
const firstAgent = 1;
const firstStart = 2;
const status = 3;
const size = 4;
/** Where the cascade's adoptions start in the flat adoption list, and the next free place in it. */
const offset = 5;
const fill = 6;

// Columns of the (n-gram, adopter) table.
const pairSlot = 0;
const pairItem = 1;

const soleOrigin = 0;
const ambiguous = 1;
const spreading = 2;

/**
 * METRICS.md 12: n-grams first used by one agent and later adopted by others. Rounds are the unit
 * of time: agents of one round act independently (ARCHITECTURE.md), so an n-gram two agents used
 * in its first round has no single origin and is not a cascade, and an adoption is a use by another
 * agent in a later round. That drops much common language (several agents use it from its first
 * round), not all: a word one agent happened to write first, then others wrote independently, still
 * counts, so sizes bound imitation from above (telling the two apart would need exposures).
 * Memory: single n-grams are screened out, n-grams and (n-gram, adopter) pairs live in typed hash
 * tables, one n at a time, so it grows with the repeated vocabulary and the adoptions only.
 */
export function computeMemeDiffusion(ctx: AnalysisContext): MemeDiffusionResult | Unavailable {
  const reason = missingTypes(ctx.log, ["post", "comment"]);
  if (reason !== null) return { available: false, reason };
  const corpus = buildTokenCorpus(ctx.log);
  const sizes: number[] = [];
  const halfLives: number[] = [];
  let ambiguousTotal = 0;
  const byN: (MemeSummary & { n: number })[] = [];
  let top: MemeCascade[] = [];
  for (const n of memeNs) {
    const found = cascadesForN(corpus, n, ctx.log.roundHours);
    byN.push({ n, ...summarise(found.sizes, found.halfLives, found.ambiguous) });
    // Not push(...): a spread of millions of arguments overflows the stack.
    for (const v of found.sizes) sizes.push(v);
    for (const v of found.halfLives) halfLives.push(v);
    ambiguousTotal += found.ambiguous;
    top = [...top, ...found.top].sort(byRank).slice(0, topCascades);
  }
  return { available: true, ns: memeNs, ...summarise(sizes, halfLives, ambiguousTotal), byN, top };
}

interface CascadesOfN {
  readonly sizes: number[];
  readonly halfLives: number[];
  readonly ambiguous: number;
  readonly top: MemeCascade[];
}

function cascadesForN(corpus: TokenCorpus, n: number, roundHours: number): CascadesOfN {
  const filter = new RepeatFilter(corpus, n);
  const table = new NumberTable([0, 0, 0, soleOrigin, 0, 0, 0]);

  // Pass 1: origin of each n-gram and whether anyone else took it up later.
  forEachUse(corpus, n, (key, round, agent, start) => {
    if (!filter.mayRepeat(key)) return;
    const existing = table.find(key);
    if (existing < 0) {
      const slot = table.insert(key);
      table.set(slot, firstRound, round);
      table.set(slot, firstAgent, agent);
      table.set(slot, firstStart, start);
      return;
    }
    if (agent === table.get(existing, firstAgent)) return;
    if (round === table.get(existing, firstRound)) table.set(existing, status, ambiguous);
    else if (table.get(existing, status) === soleOrigin) table.set(existing, status, spreading);
  });

  // Pass 2: each adopter once, with the item of its first use (items are chronological).
  const pairs = new NumberTable([0, 0]);
  forEachUse(corpus, n, (key, _round, agent, _start, item) => {
    const slot = table.find(key);
    if (slot < 0 || table.get(slot, status) !== spreading || agent === table.get(slot, firstAgent)) return;
    const before = pairs.size;
    const pair = pairs.insert(pairKey(key, agent));
    if (pairs.size === before) return;
    pairs.set(pair, pairSlot, slot);
    pairs.set(pair, pairItem, item);
    table.set(slot, size, table.get(slot, size) + 1);
  });

  let ambiguousCount = 0;
  const candidates: number[] = [];
  let adoptions = 0;
  for (const slot of table.slots()) {
    const state = table.get(slot, status);
    if (state === ambiguous) ambiguousCount++;
    if (state !== spreading) continue;
    candidates.push(slot);
    table.set(slot, offset, adoptions);
    table.set(slot, fill, adoptions);
    adoptions += table.get(slot, size);
  }
  // Adoptions grouped by cascade, each group sorted into adoption order.
  const adoptionItems = new Int32Array(adoptions);
  for (const pair of pairs.slots()) {
    const slot = pairs.get(pair, pairSlot);
    const at = table.get(slot, fill);
    adoptionItems[at] = pairs.get(pair, pairItem);
    table.set(slot, fill, at + 1);
  }
  const adoptionsOf = (slot: number): Int32Array =>
    adoptionItems.subarray(table.get(slot, offset), table.get(slot, offset) + table.get(slot, size));
  const halfLives = candidates.map((slot) => {
    const items = adoptionsOf(slot).sort();
    const half = items[Math.ceil(items.length / 2) - 1] ?? 0;
    return ((corpus.rounds[half] ?? 0) - table.get(slot, firstRound)) * roundHours;
  });
  const halfLifeOf = new Map(candidates.map((slot, i) => [slot, halfLives[i] ?? 0]));

  const rank = (a: number, b: number): number =>
    table.get(b, size) - table.get(a, size) || table.get(a, firstRound) - table.get(b, firstRound);
  const ranked = [...candidates].sort(rank);
  // Everything tied with the last place goes on to the text tie-break, so the choice is by text.
  const cut = ranked[topCascades - 1];
  const contenders = cut === undefined ? ranked : ranked.filter((slot) => rank(slot, cut) <= 0);
  const texts = new Map(contenders.map((slot) => [slot, ngramText(corpus, table.get(slot, firstStart), n)]));
  const topSlots = contenders.sort((a, b) => rank(a, b) || compareCodePoints(texts.get(a) ?? "", texts.get(b) ?? "")).slice(0, topCascades);

  return {
    sizes: candidates.map((slot) => table.get(slot, size)),
    halfLives,
    ambiguous: ambiguousCount,
    top: topSlots.map((slot) => ({
      ngram: texts.get(slot) ?? "",
      n,
      origin: corpus.agents[table.get(slot, firstAgent)] ?? "",
      originRound: table.get(slot, firstRound),
      size: table.get(slot, size),
      adopters: [...adoptionsOf(slot).subarray(0, adoptersListed)].map((item) => corpus.agents[corpus.authors[item] ?? 0] ?? ""),
      halfLifeHours: halfLifeOf.get(slot) ?? 0,
    })),
  };
}

function forEachUse(
  corpus: TokenCorpus,
  n: number,
  visit: (key: number, round: number, agent: number, start: number, item: number) => void,
): void {
  for (let i = 0; i < corpus.items; i++) {
    const round = corpus.rounds[i] ?? 0;
    const agent = corpus.authors[i] ?? 0;
    const end = corpus.starts[i + 1] ?? 0;
    for (let s = corpus.starts[i] ?? 0; s + n <= end; s++) visit(ngramKey(corpus.tokens, s, n), round, agent, s, i);
  }
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
