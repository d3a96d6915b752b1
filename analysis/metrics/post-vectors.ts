import type { LogPost } from "../log/analysis-log.js";
import type { Vector } from "../text/vector.js";
import { addInto, dot, zeros } from "../text/vector.js";
import type { AnalysisContext } from "./metric-types.js";
import { windowByRound } from "./window-labels.js";

/** The posts the similarity metrics read: those with a vector, in log order, with their windows. */
export interface PostVectors {
  readonly vectors: readonly Vector[];
  /** Window index of each vector. */
  readonly labels: Int32Array;
}

export function postVectors(ctx: AnalysisContext): PostVectors {
  const byRound = windowByRound(ctx.windows, ctx.log.rounds);
  const vectors: Vector[] = [];
  const labels: number[] = [];
  for (const post of ctx.log.posts) {
    const vector = ctx.vectors.get(post.id);
    if (vector === undefined) continue;
    vectors.push(vector);
    labels.push(byRound[post.round] ?? 0);
  }
  return { vectors, labels: Int32Array.from(labels) };
}

/** Per window: n, the sum of its vectors s, and the sum of their squared norms (n for unit vectors). */
export interface WindowSums {
  readonly counts: readonly number[];
  readonly sums: readonly Vector[];
  readonly squaredNorms: readonly number[];
}

export function windowSums(vectors: readonly Vector[], labels: Int32Array, windows: number, dims: number): WindowSums {
  const counts = new Array<number>(windows).fill(0);
  const squaredNorms = new Array<number>(windows).fill(0);
  const sums = Array.from({ length: windows }, () => zeros(dims));
  vectors.forEach((vector, i) => {
    const w = labels[i] ?? 0;
    counts[w] = (counts[w] ?? 0) + 1;
    squaredNorms[w] = (squaredNorms[w] ?? 0) + dot(vector, vector);
    const sum = sums[w];
    if (sum) addInto(sum, vector);
  });
  return { counts, sums, squaredNorms };
}

/**
 * Posts by author in chronological order. A stable sort by round keeps the log's order inside a
 * round, which is the agent's own action order (EVENTS.md).
 */
export function postsByAuthor(ctx: AnalysisContext): Map<string, LogPost[]> {
  const byAuthor = new Map<string, LogPost[]>();
  for (const post of ctx.log.posts) {
    if (!ctx.vectors.has(post.id)) continue;
    const list = byAuthor.get(post.author);
    if (list) list.push(post);
    else byAuthor.set(post.author, [post]);
  }
  for (const list of byAuthor.values()) list.sort((a, b) => a.round - b.round);
  return byAuthor;
}
