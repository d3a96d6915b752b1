import { missingTypes } from "../../log/analysis-log.js";
import { meanOf } from "../../stats/summary.js";
import { NumberTable } from "../../text/number-table.js";
import { RepeatFilter } from "../../text/repeat-filter.js";
import { ngramKeys, ngramPositions, tokenCorpusOf } from "../../text/token-corpus.js";
import type { TokenCorpus } from "../../text/token-corpus.js";
import type { AnalysisContext } from "../metric-types.js";
import type { Unavailable } from "../../../core/contracts/report-metrics.js";
import { windowByRound } from "../window-labels.js";
import type { LexicalTurnoverByN, LexicalTurnoverResult, LexicalTurnoverWindow } from "../../../core/contracts/report-metrics.js";

/** docs/metrics.md "Tokens": n = 1..5, n-grams kept when they occur at least twice in the run. */
export const turnoverNs = [1, 2, 3, 4, 5] as const;
// The single pass of turnoverForN relies on this being 2 (not kept = seen once).
export const minRunFrequency = 2;

// Columns of the per-n table.
const countColumn = 0;
const lastWindowColumn = 1;
const firstWindowColumn = 2;

/**
 * docs/metrics.md section 2: vocabulary birth and death per window. N-grams are 53-bit hashes of token ids
 * (collisions are ~n^2 / 2^54, negligible), counted in typed tables one n at a time, with
 * single-occurrence n-grams screened out first, so memory follows the repeated vocabulary only.
 */
export function computeLexicalTurnover(ctx: AnalysisContext): LexicalTurnoverResult | Unavailable {
  const reason = missingTypes(ctx.log, ["post", "comment"]);
  if (reason !== null) return { available: false, reason };
  const corpus = tokenCorpusOf(ctx.log);
  const byRound = windowByRound(ctx.windows, ctx.log.rounds);
  const keyBuffer = new Float64Array(ngramPositions(corpus, 1));
  return {
    available: true,
    minRunFrequency,
    byN: turnoverNs.map((n) => turnoverForN(ctx, corpus, byRound, n, ngramKeys(corpus, n, keyBuffer))),
  };
}

function turnoverForN(ctx: AnalysisContext, corpus: TokenCorpus, byRound: Int32Array, n: number, keys: Float64Array): LexicalTurnoverByN {
  const filter = new RepeatFilter(corpus, n, keys);
  const table = new NumberTable([0, -1, -1]);
  const windows = ctx.windows.length;
  const distinct = new Array<number>(windows).fill(0);
  const births = new Array<number>(windows).fill(0);
  // Kept n-grams of window t that were also in window t - 1.
  const survivors = new Array<number>(windows).fill(0);
  // One pass counts every n-gram that may repeat and tallies the windows as if all were kept.
  // The corpus is chronological, so every window is finished before the next starts; the last
  // window an n-gram was seen in tells at once whether it is new to A_t, born (never seen), or a
  // survivor from A_(t-1). An n-gram that turns out to occur once was tallied exactly once - in
  // A_t and as a birth of its only window - and is taken out again below.
  let p = 0;
  for (let i = 0; i < corpus.items; i++) {
    const w = byRound[corpus.rounds[i] ?? 0] ?? 0;
    const positions = Math.max(0, (corpus.starts[i + 1] ?? 0) - (corpus.starts[i] ?? 0) - n + 1);
    for (const end = p + positions; p < end; p++) {
      const key = keys[p] ?? 0;
      if (!filter.mayRepeat(key)) continue;
      const slot = table.insert(key);
      table.set(slot, countColumn, table.get(slot, countColumn) + 1);
      const last = table.get(slot, lastWindowColumn);
      if (last === w) continue;
      distinct[w] = (distinct[w] ?? 0) + 1;
      if (last === -1) {
        births[w] = (births[w] ?? 0) + 1;
        table.set(slot, firstWindowColumn, w);
      } else if (last === w - 1) survivors[w] = (survivors[w] ?? 0) + 1;
      table.set(slot, lastWindowColumn, w);
    }
  }
  // minRunFrequency is 2, so an n-gram that is not kept occurs exactly once.
  let kept = 0;
  for (const slot of table.slots()) {
    if (table.get(slot, countColumn) >= minRunFrequency) {
      kept++;
      continue;
    }
    const w = table.get(slot, firstWindowColumn);
    distinct[w] = (distinct[w] ?? 0) - 1;
    births[w] = (births[w] ?? 0) - 1;
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
