import type { LogPost } from "../../log/analysis-log.js";
import { addInto, norm, subtract, zeros } from "../../text/vector.js";
import type { Vector } from "../../text/vector.js";
import type { VectorTable } from "../../text/vector-table.js";
import type { AnalysisContext } from "../metric-types.js";
import type { AgentHalves } from "./agent-halves.js";

/** Sum of the vectors of posts in rounds [from, to], from per-round prefix sums. */
export class RoundSums {
  private readonly prefix: Vector[];
  private readonly dims: number;

  constructor(ctx: AnalysisContext, table: VectorTable) {
    this.dims = ctx.dims;
    const rounds = Math.max(0, ctx.log.rounds);
    const perRound: Vector[] = Array.from({ length: rounds }, () => zeros(ctx.dims));
    for (const post of ctx.log.posts) {
      const row = table.rowOf(post.id);
      const slot = perRound[post.round];
      if (row >= 0 && slot) table.addInto(slot, row);
    }
    this.prefix = [zeros(ctx.dims)];
    let running = zeros(ctx.dims);
    for (const slot of perRound) {
      running = running.slice();
      addInto(running, slot);
      this.prefix.push(running);
    }
  }

  range(from: number, to: number): Float64Array {
    const hi = this.prefix[Math.min(to + 1, this.prefix.length - 1)];
    const lo = this.prefix[Math.max(0, Math.min(from, this.prefix.length - 1))];
    return hi && lo ? subtract(hi, lo) : zeros(this.dims);
  }
}

function meanProjection(posts: readonly LogPost[], table: VectorTable, direction: Vector): number {
  let sum = 0;
  let count = 0;
  for (const post of posts) {
    const row = table.rowOf(post.id);
    if (row < 0) continue;
    sum += table.dotDense(row, direction);
    count++;
  }
  return count > 0 ? sum / count : 0;
}

/**
 * Societal pull dS_a (docs/metrics.md section 6): how much more the agent's late posts resemble the
 * society than its early posts did, against one target - g, the other agents' posts in the rounds of
 * the agent's late half (the society it ended up in; its own posts left out so it is not pulled
 * toward itself): mean over late posts of cos(p, g) minus the same over early posts, i.e.
 * (l - e) . g / |g| with l and e the halves' mean vectors. Both halves face the same g, so
 * whatever g is (its size, its noise, who was active) cancels; the agent's early half is the
 * reference. Linear in the posts, so an agent whose posts only grow more alike among themselves
 * (a tighter centroid has a higher cosine with any target) reads 0. Null when no other agent
 * posted in those rounds.
 */
export function societalPull(a: AgentHalves, sums: RoundSums, table: VectorTable): number | null {
  const from = a.late[0]?.round ?? 0;
  const to = a.late[a.late.length - 1]?.round ?? 0;
  const society = sums.range(from, to);
  for (const post of a.posts) {
    if (post.round < from || post.round > to) continue;
    const row = table.rowOf(post.id);
    if (row >= 0) table.addInto(society, row, -1);
  }
  const length = norm(society);
  // Floating-point residue of subtracting the agent's own posts is not a society.
  if (!(length > 1e-6)) return null;
  for (let i = 0; i < society.length; i++) society[i] = (society[i] ?? 0) / length;
  return meanProjection(a.late, table, society) - meanProjection(a.early, table, society);
}
