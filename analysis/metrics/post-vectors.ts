import type { LogPost } from "../log/analysis-log.js";
import type { Vector } from "../text/vector.js";
import { zeros } from "../text/vector.js";
import { vectorTableOf } from "../text/vector-table.js";
import type { VectorTable } from "../text/vector-table.js";
import type { AnalysisContext } from "./metric-types.js";
import { windowByRound } from "./window-labels.js";

/** The posts the similarity metrics read: those with a vector, in log order, with their windows. */
export interface PostVectors {
  readonly table: VectorTable;
  /** Table row of each such post. */
  readonly rows: Int32Array;
  /** Window index of each row. */
  readonly labels: Int32Array;
}

export function postVectors(ctx: AnalysisContext): PostVectors {
  const table = vectorTableOf(ctx.vectors, ctx.dims);
  const byRound = windowByRound(ctx.windows, ctx.log.rounds);
  const rows = new Int32Array(ctx.log.posts.length);
  const labels = new Int32Array(ctx.log.posts.length);
  let count = 0;
  for (const post of ctx.log.posts) {
    const row = table.rowOf(post.id);
    if (row < 0) continue;
    rows[count] = row;
    labels[count] = byRound[post.round] ?? 0;
    count++;
  }
  return { table, rows: rows.slice(0, count), labels: labels.slice(0, count) };
}

/** Per window: n, the sum of its vectors s, and the sum of their squared norms (n for unit vectors). */
export interface WindowSums {
  readonly counts: readonly number[];
  readonly sums: readonly Vector[];
  readonly squaredNorms: readonly number[];
}

export function windowSums(table: VectorTable, rows: Int32Array, labels: Int32Array, windows: number, dims: number): WindowSums {
  const counts = new Array<number>(windows).fill(0);
  const squaredNorms = new Array<number>(windows).fill(0);
  const sums = Array.from({ length: windows }, () => zeros(dims));
  rows.forEach((row, i) => {
    const w = labels[i] ?? 0;
    counts[w] = (counts[w] ?? 0) + 1;
    squaredNorms[w] = (squaredNorms[w] ?? 0) + table.squaredNorm(row);
    const sum = sums[w];
    if (sum) table.addInto(sum, row);
  });
  return { counts, sums, squaredNorms };
}

/**
 * Posts by author in chronological order. A stable sort by round keeps the log's order inside a
 * round, which is the agent's own action order (docs/events.md).
 */
export function postsByAuthor(ctx: AnalysisContext): Map<string, LogPost[]> {
  const table = vectorTableOf(ctx.vectors, ctx.dims);
  const byAuthor = new Map<string, LogPost[]>();
  for (const post of ctx.log.posts) {
    if (!table.has(post.id)) continue;
    const list = byAuthor.get(post.author);
    if (list) list.push(post);
    else byAuthor.set(post.author, [post]);
  }
  for (const list of byAuthor.values()) list.sort((a, b) => a.round - b.round);
  return byAuthor;
}
