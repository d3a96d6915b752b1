import type { RandomStream } from "../../../core/random/stream.js";

/**
 * docs/metrics.md section 11, sharedness: the chance that two long-range references made by two
 * *different* agents name the same entity (cross-agent coincidence), observed minus the same chance
 * under a null (the exposure-matched one for the verdict, the popularity-weighted one as context).
 * A society that remembers the same things scores above its null; agents that each keep returning
 * to their own private memories do not (pairs within one agent never count), and - under the
 * exposure-matched null - neither does a society whose agents recall what the same feed showed them.
 */

/** One referencing agent: entity ids of its long-range references, observed and per null replicate. */
export interface ReferencingAgent {
  readonly agent: string;
  /** Position among the referencing agents (0-based): the key of a bootstrap sample's weights. */
  readonly index: number;
  readonly observed: Int32Array;
  /** Replicate-major: drawn[r * observed.length + i] is reference i's entity in null replicate r. */
  readonly drawn: Int32Array;
}

/** A verdict unit: an agent that posted or commented, with its long-range references if it made any. */
export interface SharednessUnit {
  readonly agent: string;
  readonly referencing: ReferencingAgent | null;
}

/** Sums of squares an agent's own references contribute, observed and per replicate (pairs within it). */
interface SelfSquares {
  readonly observed: Float64Array;
  /** [r * agents + index]. */
  readonly drawn: Float64Array;
}

function squaresOf(ids: Int32Array, from: number, to: number, scratch: Map<number, number>): number {
  scratch.clear();
  for (let i = from; i < to; i++) {
    const id = ids[i] ?? -1;
    scratch.set(id, (scratch.get(id) ?? 0) + 1);
  }
  let sum = 0;
  for (const c of scratch.values()) sum += c * c;
  return sum;
}

/**
 * Up to this many referencing agents the null's mean matches per pair of agents are kept in an
 * agents x agents table (8 bytes each: 32 MB at 2,000), so a bootstrap resample costs its distinct
 * agents squared instead of replicates x references (which at 17k references, 50 replicates and
 * 4,000 resamples took half a minute). Above it, each resample re-counts every replicate.
 */
const maxPairTableAgents = 2000;

/**
 * The sharedness statistic over samples of units. Matches between distinct agents a != b in a
 * sample with multiplicities w: sum_e (sum_a w_a c_ae)^2 - sum_a w_a^2 sum_e c_ae^2, out of
 * (sum_a w_a n_a)^2 - sum_a w_a^2 n_a^2 cross-agent pairs of references; the copies of one agent
 * that a bootstrap sample repeats are the same agent, so their pairs are left out too.
 */
export class Sharedness {
  readonly replicates: number;
  private readonly agents: readonly ReferencingAgent[];
  private readonly self: SelfSquares;
  private readonly counts: Float64Array;
  private readonly weights: Float64Array;
  private readonly touched: Int32Array;
  /** [a * agents + b]: mean over replicates of the matches between a's and b's draws (a != b), or null. */
  private readonly pairNull: Float64Array | null;

  constructor(agents: readonly ReferencingAgent[], entities: number, replicates: number) {
    this.agents = agents;
    this.replicates = replicates;
    this.counts = new Float64Array(entities);
    this.weights = new Float64Array(agents.length);
    const total = agents.reduce((sum, a) => sum + a.observed.length, 0);
    this.touched = new Int32Array(total);
    const scratch = new Map<number, number>();
    const observed = new Float64Array(agents.length);
    const drawn = new Float64Array(agents.length * replicates);
    for (const a of agents) {
      const n = a.observed.length;
      observed[a.index] = squaresOf(a.observed, 0, n, scratch);
      for (let r = 0; r < replicates; r++) drawn[r * agents.length + a.index] = squaresOf(a.drawn, r * n, (r + 1) * n, scratch);
    }
    this.self = { observed, drawn };
    this.pairNull = agents.length <= maxPairTableAgents ? pairTable(agents, replicates) : null;
  }

  /** The null's mean matches between distinct agents of `sampled`, from the pair table. */
  private nullMatches(sampled: readonly ReferencingAgent[], table: Float64Array): number {
    const size = this.agents.length;
    let sum = 0;
    for (const a of sampled) {
      const wa = this.weights[a.index] ?? 0;
      const row = a.index * size;
      let inner = 0;
      for (const b of sampled) if (b !== a) inner += (this.weights[b.index] ?? 0) * (table[row + b.index] ?? 0);
      sum += wa * inner;
    }
    return sum;
  }

  /** Matches between distinct agents among `sampled` (distinct referencing agents, weights set). */
  private matches(sampled: readonly ReferencingAgent[], replicate: number): number {
    let touched = 0;
    let squares = 0;
    let within = 0;
    for (const a of sampled) {
      const w = this.weights[a.index] ?? 0;
      const n = a.observed.length;
      const ids = replicate < 0 ? a.observed : a.drawn;
      const offset = replicate < 0 ? 0 : replicate * n;
      for (let i = 0; i < n; i++) {
        const id = ids[offset + i] ?? 0;
        if (this.counts[id] === 0) this.touched[touched++] = id;
        this.counts[id] = (this.counts[id] ?? 0) + w;
      }
      within += w * w * (replicate < 0 ? (this.self.observed[a.index] ?? 0) : (this.self.drawn[replicate * this.agents.length + a.index] ?? 0));
    }
    for (let t = 0; t < touched; t++) {
      const id = this.touched[t] ?? 0;
      const c = this.counts[id] ?? 0;
      squares += c * c;
      this.counts[id] = 0;
    }
    return squares - within;
  }

  /**
   * Observed coincidence and the null's (mean over replicates) on a sample of units - with each
   * replicate's when `perReplicate` is asked for; null when the sample holds no pair of references
   * by two different agents.
   */
  measure(
    sample: readonly SharednessUnit[],
    perReplicate = false,
  ): { observed: number; null: number; perReplicate: number[] } | null {
    const sampled: ReferencingAgent[] = [];
    for (const unit of sample) {
      const a = unit.referencing;
      if (a === null) continue;
      if (this.weights[a.index] === 0) sampled.push(a);
      this.weights[a.index] = (this.weights[a.index] ?? 0) + 1;
    }
    let references = 0;
    let selfPairs = 0;
    for (const a of sampled) {
      const w = this.weights[a.index] ?? 0;
      references += w * a.observed.length;
      selfPairs += w * w * a.observed.length * a.observed.length;
    }
    const pairs = references * references - selfPairs;
    let result: { observed: number; null: number; perReplicate: number[] } | null = null;
    if (pairs > 0) {
      const replicates: number[] = [];
      if (perReplicate || this.pairNull === null) {
        for (let r = 0; r < this.replicates; r++) replicates.push(this.matches(sampled, r) / pairs);
      }
      const nullMean =
        this.pairNull !== null
          ? this.nullMatches(sampled, this.pairNull) / pairs
          : replicates.reduce((s, v) => s + v, 0) / Math.max(1, replicates.length);
      result = { observed: this.matches(sampled, -1) / pairs, null: nullMean, perReplicate: replicates };
    }
    for (const a of sampled) this.weights[a.index] = 0;
    return result;
  }

  /** The effect on a sample: observed minus null coincidence; 0 without a cross-agent pair (nothing shared). */
  excess(sample: readonly SharednessUnit[]): number {
    const m = this.measure(sample);
    return m === null ? 0 : m.observed - m.null;
  }
}

/** Mean over replicates of the matches between each two distinct agents' draws. */
function pairTable(agents: readonly ReferencingAgent[], replicates: number): Float64Array {
  const size = agents.length;
  const table = new Float64Array(size * size);
  for (let r = 0; r < replicates; r++) {
    // entity -> agent index -> count, for this replicate.
    const byEntity = new Map<number, Map<number, number>>();
    for (const a of agents) {
      const n = a.observed.length;
      for (let i = r * n; i < (r + 1) * n; i++) {
        const id = a.drawn[i] ?? -1;
        let hits = byEntity.get(id);
        if (!hits) {
          hits = new Map();
          byEntity.set(id, hits);
        }
        hits.set(a.index, (hits.get(a.index) ?? 0) + 1);
      }
    }
    for (const hits of byEntity.values()) {
      if (hits.size < 2) continue;
      const list = [...hits];
      for (const [a, ca] of list) {
        for (const [b, cb] of list) if (a !== b) table[a * size + b] = (table[a * size + b] ?? 0) + (ca * cb) / replicates;
      }
    }
  }
  return table;
}

/**
 * One draw of the null's Monte Carlo error: the mean of `perReplicate` resampled with replacement
 * minus the mean of all of it (PLAN13 `referenceError`), so a CI built on the excess carries the
 * error of estimating the null's expectation from finitely many replicates.
 */
export function nullMonteCarloError(perReplicate: readonly number[], random: RandomStream): number {
  const n = perReplicate.length;
  if (n < 2) return 0;
  let all = 0;
  let resampled = 0;
  for (let i = 0; i < n; i++) {
    all += perReplicate[i] ?? 0;
    resampled += perReplicate[random.int(n)] ?? 0;
  }
  return (resampled - all) / n;
}
