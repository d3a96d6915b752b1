import { missingTypes } from "../log/analysis-log.js";
import { meanOf } from "../stats/summary.js";
import { NumberTable } from "../text/number-table.js";
import { RepeatFilter } from "../text/repeat-filter.js";
import { buildTokenCorpus, ngramKey } from "../text/token-corpus.js";
import type { TokenCorpus } from "../text/token-corpus.js";
import type { AnalysisContext, Unavailable, WindowRange } from "./metric-types.js";
import { windowByRound } from "./window-labels.js";

/** METRICS.md "Tokens": n = 1..5, n-grams kept when they occur at least twice in the run. */
export const turnoverNs = [1, 2, 3, 4, 5] as const;
export const minRunFrequency = 2;

export interface LexicalTurnoverWindow extends WindowRange {
  /** |A_t|: distinct kept n-grams used in the window. */
  readonly distinct: number;
  /** |A_t minus the union of all earlier A_s|; null for the first window. */
  readonly births: number | null;
  readonly birthRate: number | null;
  /** |A_(t-1) minus A_t|; null for the first window. */
  readonly deaths: number | null;
  readonly deathRate: number | null;
}

export interface LexicalTurnoverByN {
  readonly n: number;
  /** Distinct n-grams of the run with frequency >= minRunFrequency. */
  readonly kept: number;
  readonly windows: readonly LexicalTurnoverWindow[];
  /** Means over the windows where the rate is defined. */
  readonly meanBirthRate: number | null;
  readonly meanDeathRate: number | null;
}

export interface LexicalTurnoverResult {
  readonly available: true;
  readonly minRunFrequency: number;
  readonly byN: readonly LexicalTurnoverByN[];
}

// Columns of the per-n table.
const countColumn = 0;
const lastWindowColumn = 1;

/**
 * METRICS.md 2: vocabulary birth and death per window. N-grams are 53-bit hashes of token ids
 * (collisions are ~n^2 / 2^54, negligible), counted in typed tables one n at a time, with
 * single-occurrence n-grams screened out first, so memory follows the repeated vocabulary only.
 */
export function computeLexicalTurnover(ctx: AnalysisContext): LexicalTurnoverResult | Unavailable {
  const reason = missingTypes(ctx.log, ["post", "comment"]);
  if (reason !== null) return { available: false, reason };
  const corpus = buildTokenCorpus(ctx.log);
  const byRound = windowByRound(ctx.windows, ctx.log.rounds);
  return { available: true, minRunFrequency, byN: turnoverNs.map((n) => turnoverForN(ctx, corpus, byRound, n)) };
}

function turnoverForN(ctx: AnalysisContext, corpus: TokenCorpus, byRound: Int32Array, n: number): LexicalTurnoverByN {
  const filter = new RepeatFilter(corpus, n);
  const table = new NumberTable([0, -1]);
  forEachNgram(corpus, n, (key) => {
    if (!filter.mayRepeat(key)) return;
    const slot = table.insert(key);
    table.set(slot, countColumn, table.get(slot, countColumn) + 1);
  });
  let kept = 0;
  for (const slot of table.slots()) if (table.get(slot, countColumn) >= minRunFrequency) kept++;

  const windows = ctx.windows.length;
  const distinct = new Array<number>(windows).fill(0);
  const births = new Array<number>(windows).fill(0);
  // Kept n-grams of window t that were also in window t - 1.
  const survivors = new Array<number>(windows).fill(0);
  // The corpus is chronological, so every window is finished before the next starts; the last
  // window an n-gram was seen in tells at once whether it is new to A_t, born (never seen), or a
  // survivor from A_(t-1).
  for (let i = 0; i < corpus.items; i++) {
    const w = byRound[corpus.rounds[i] ?? 0] ?? 0;
    const end = corpus.starts[i + 1] ?? 0;
    for (let s = corpus.starts[i] ?? 0; s + n <= end; s++) {
      const slot = table.find(ngramKey(corpus.tokens, s, n));
      if (slot < 0 || table.get(slot, countColumn) < minRunFrequency) continue;
      const last = table.get(slot, lastWindowColumn);
      if (last === w) continue;
      distinct[w] = (distinct[w] ?? 0) + 1;
      if (last === -1) births[w] = (births[w] ?? 0) + 1;
      else if (last === w - 1) survivors[w] = (survivors[w] ?? 0) + 1;
      table.set(slot, lastWindowColumn, w);
    }
  }

  const rows: LexicalTurnoverWindow[] = ctx.windows.map((window, t) => {
    const size = distinct[t] ?? 0;
    const previous = distinct[t - 1] ?? 0;
    const born = t === 0 ? null : (births[t] ?? 0);
    const died = t === 0 ? null : previous - (survivors[t] ?? 0);
    return {
      index: window.index,
      fromRound: window.fromRound,
      toRound: window.toRound,
      distinct: size,
      births: born,
      birthRate: born !== null && size > 0 ? born / size : null,
      deaths: died,
      deathRate: died !== null && previous > 0 ? died / previous : null,
    };
  });
  return {
    n,
    kept,
    windows: rows,
    meanBirthRate: meanOf(rows.map((r) => r.birthRate)),
    meanDeathRate: meanOf(rows.map((r) => r.deathRate)),
  };
}

function forEachNgram(corpus: TokenCorpus, n: number, visit: (key: number) => void): void {
  for (let i = 0; i < corpus.items; i++) {
    const end = corpus.starts[i + 1] ?? 0;
    for (let s = corpus.starts[i] ?? 0; s + n <= end; s++) visit(ngramKey(corpus.tokens, s, n));
  }
}
