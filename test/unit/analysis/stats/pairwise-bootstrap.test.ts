import { describe, expect, it } from "vitest";
import { clusteredBootstrap, meanOfMeans, pairwiseMeanOfMeans } from "../../../../analysis/stats/bootstrap.js";
import { RandomStream } from "../../../../core/random/stream.js";

/**
 * A population of n agents with latent x_a ~ N(0, 1); the pair value is x_a + x_b + N(0, 1) noise,
 * and each agent's unit holds its mean over the pairs with every other agent - the shape of
 * memoryProbes' consensus (an answer's mean agreement with the others). The statistic of interest
 * is the mean over agents of those means, i.e. the mean over pairs.
 */
function population(n: number, random: RandomStream): { values: number[] }[] {
  const x = Array.from({ length: n }, () => random.normal());
  const pair: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const value = (x[a] ?? 0) + (x[b] ?? 0) + random.normal();
      (pair[a] as number[])[b] = value;
      (pair[b] as number[])[a] = value;
    }
  }
  return pair.map((row, a) => ({ values: [row.reduce((s, v, b) => (b === a ? s : s + v), 0) / (n - 1)] }));
}

function sd(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

describe("pairwiseMeanOfMeans", () => {
  it("is the estimate on the full sample and moves twice the sample mean's change", () => {
    const units = [{ values: [0.2] }, { values: [0.4, 0.6] }, { values: [0.9] }];
    const statistic = pairwiseMeanOfMeans(units);
    // Estimate (0.2 + 0.5 + 0.9) / 3 = 0.5333...; sample {0.2, 0.2}: 0.5333 + 2 (0.2 - 0.5333) = -0.1333.
    expect(statistic(units)).toBeCloseTo(1.6 / 3, 12);
    expect(statistic([units[0] as { values: number[] }, units[0] as { values: number[] }])).toBeCloseTo(1.6 / 3 + 2 * (0.2 - 1.6 / 3), 12);
  });

  it("gives the spread of a mean over pairs across independent populations; per-agent means give about half", () => {
    const n = 60;
    const random = new RandomStream(7, "pairwise-bootstrap", 0, "test");
    // The truth, by simulation: the sd of the statistic over 300 independent populations.
    const truth = sd(Array.from({ length: 300 }, () => meanOfMeans(population(n, random))));
    // Under this model Var = 4 Var(x)/n to first order (Hoeffding), sd = 2 / sqrt(60) = 0.258.
    expect(truth).toBeGreaterThan(0.21);
    expect(truth).toBeLessThan(0.31);
    // The bootstrap's 95 % interval width over 3.92 on 20 populations, each its own analysis.
    const linearised: number[] = [];
    const naive: number[] = [];
    for (let i = 0; i < 20; i++) {
      const units = population(n, random);
      const a = clusteredBootstrap(units, pairwiseMeanOfMeans(units), i, 600);
      const b = clusteredBootstrap(units, meanOfMeans, i, 600);
      if (!a || !b) throw new Error("no bootstrap");
      linearised.push((a.ci95[1] - a.ci95[0]) / 3.92);
      naive.push((b.ci95[1] - b.ci95[0]) / 3.92);
    }
    const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(linearised) / truth).toBeGreaterThan(0.8);
    expect(mean(linearised) / truth).toBeLessThan(1.2);
    expect(mean(naive) / truth).toBeLessThan(0.65);
  });
});
