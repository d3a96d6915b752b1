import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
type RandomGenerator = ReturnType<typeof xoroshiro128plus>;
import { hash53 } from "./hash.js";

/**
 * A random stream keyed by (seed, agent, round, purpose) - docs/design.md decision 3: randomness never
 * depends on call order across agents, so concurrency and sharding cannot change the log.
 */
export class RandomStream {
  private readonly generator: RandomGenerator;

  constructor(seed: number, agent: string, round: number, purpose: string) {
    const key = `${seed}\u0000${agent}\u0000${round}\u0000${purpose}`;
    this.generator = xoroshiro128plus((hash53(key) % 4294967296) | 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError("pick from an empty list");
    return item;
  }

  /** Index drawn in proportion to non-negative weights; -1 when all weights are zero. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0)) return -1;
    let target = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] ?? 0;
      if (target < 0) return i;
    }
    return weights.length - 1;
  }

  /** Pareto(xm = 1, alpha) sample: heavy-tailed activity across agents. */
  pareto(alpha: number): number {
    return 1 / Math.pow(1 - this.next(), 1 / alpha);
  }

  /** Poisson sample by inversion (small means only, as used for actions per activation). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let product = this.next();
    while (product > limit && k < 1000) {
      k++;
      product *= this.next();
    }
    return k;
  }

  /** Standard normal sample (Box-Muller; 1 - next() lies in (0, 1], so the logarithm is finite). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  /** Geometric number of trials >= 1 with the given mean. */
  geometric(mean: number): number {
    if (mean <= 1) return 1;
    const p = 1 / mean;
    return 1 + Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }
}
