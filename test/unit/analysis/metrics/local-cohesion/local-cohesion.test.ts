import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import {
  baselineQuerySample,
  cohesionK,
  computeLocalCohesion,
  exactLimit,
  querySample,
} from "../../../../../analysis/metrics/local-cohesion/local-cohesion.js";
import { shuffledLabels, windowByRound } from "../../../../../analysis/metrics/window-labels.js";
import { meanOf } from "../../../../../analysis/stats/summary.js";
import { RandomStream } from "../../../../../core/random/stream.js";
import { LogFixture } from "../../fixtures.js";
import { handContext } from "../../hand-context.js";

describe("localCohesion", () => {
  it("mean cos to the K = 10 nearest neighbours, all others when fewer", () => {
    // 18 rounds -> windows [0-5], [6-11], [12-17].
    const fixture = new LogFixture().agent("x");
    const vectors: Record<string, number[]> = { p1: [1, 0], p2: [0, 1], p3: [0.6, 0.8] };
    fixture.post(0, "x", "p1", "").post(0, "x", "p2", "").post(0, "x", "p3", "");
    // Window 1: eleven copies of (1,0) and one (0,1).
    for (let i = 0; i < 11; i++) {
      fixture.post(6, "x", `q${i}`, "");
      vectors[`q${i}`] = [1, 0];
    }
    fixture.post(6, "x", "odd", "");
    vectors.odd = [0, 1];
    fixture.post(12, "x", "alone", "");
    vectors.alone = [1, 0];
    fixture.roundEnd(17);
    const result = computeLocalCohesion(handContext(logFromEvents(fixture.events), vectors));
    if (!result.available) throw new Error(result.reason);
    // W0, 2 neighbours each: p1 (0 + .6) / 2 = .3, p2 (0 + .8) / 2 = .4, p3 (.6 + .8) / 2 = .7 -> 1.4 / 3.
    // W1: a copy has 10 other copies (cos 1) and odd (cos 0): top 10 are all 1 -> 1; odd: all 0 -> 0.
    //     Mean (11 x 1 + 0) / 12 = 11/12. W2: one post, no neighbours -> null.
    expect(result.windows.map((w) => [w.posts, w.queries, w.sampled])).toEqual([
      [3, 3, false],
      [12, 12, false],
      [1, 0, false],
    ]);
    expect(result.windows[0]?.mean).toBeCloseTo(1.4 / 3, 12);
    expect(result.windows[1]?.mean).toBeCloseTo(11 / 12, 12);
    expect(result.windows[2]?.mean).toBeNull();
    expect(result.meanOfWindows).toBeCloseTo((1.4 / 3 + 11 / 12) / 2, 12);
    expect(result.k).toBe(10);
    expect(result.baseline.windows[2]).toBeNull();
  });

  it("samples query posts beyond the exact limit and says so", () => {
    const fixture = new LogFixture().agent("x");
    const vectors: Record<string, number[]> = {};
    for (let i = 0; i <= exactLimit; i++) {
      fixture.post(0, "x", `p${i}`, "");
      vectors[`p${i}`] = [1, 0];
    }
    fixture.roundEnd(5);
    const result = computeLocalCohesion(handContext(logFromEvents(fixture.events), vectors));
    if (!result.available) throw new Error(result.reason);
    // All vectors equal: every neighbour has cos 1.
    expect(result.windows).toEqual([
      { index: 0, fromRound: 0, toRound: 5, posts: exactLimit + 1, queries: querySample, sampled: true, mean: 1 },
    ]);
    expect(result.sampleSize).toBe(5000);
  }, 30_000);

  it("is unavailable when the log lacks posts", () => {
    const log = logFromEvents(new LogFixture().agent("x").roundEnd(3).events);
    expect(computeLocalCohesion(handContext(log))).toEqual({ available: false, reason: "log lacks post" });
  });

  it("finds exactly the neighbours a row-by-row search finds", () => {
    // Two windows: one above the baseline's query sample (its baseline is sampled), one below.
    const fixture = new LogFixture().agent("x");
    const vectors: Record<string, number[]> = {};
    const random = new RandomStream(9, "test", 0, "vectors");
    for (let i = 0; i < 1300; i++) {
      const id = `p${i}`;
      fixture.post(i < 1100 ? 0 : 6, "x", id, "");
      // Sparse, signed, float32 like the hashing embedder's; a few share a vector; one is zero.
      const v = Array.from({ length: 48 }, () => (random.chance(0.2) ? Math.fround(random.next() - 0.4) : 0));
      vectors[id] = i % 97 === 5 ? (vectors["p0"] ?? v) : i === 7 ? v.map(() => 0) : v;
    }
    fixture.roundEnd(11);
    const ctx = handContext(logFromEvents(fixture.events), vectors);
    const result = computeLocalCohesion(ctx);
    if (!result.available) throw new Error(result.reason);

    const byRound = windowByRound(ctx.windows, ctx.log.rounds);
    const rows = ctx.log.posts.map((p) => Float64Array.from(vectors[p.id] ?? []));
    const labels = Int32Array.from(ctx.log.posts, (p) => byRound[p.round] ?? 0);
    const reference = (windowLabels: Int32Array, purpose: string, exactUpTo: number, sample: number): (number | null)[] =>
      ctx.windows.map((w, t) => {
        const group = rows.filter((_, i) => windowLabels[i] === t);
        const queries =
          group.length > exactUpTo ? sampled(group.length, sample, new RandomStream(ctx.seed, "analysis", w.index, purpose)) : null;
        return group.length >= 2 ? meanOf(bruteForce(group, queries)) : null;
      });
    expect(result.windows.map((w) => w.mean)).toEqual(reference(labels, "local-cohesion-sample", exactLimit, querySample));
    expect(result.baseline.windows).toEqual(
      reference(
        shuffledLabels(labels, ctx.seed, "local-cohesion-baseline"),
        "local-cohesion-baseline-sample",
        baselineQuerySample,
        baselineQuerySample,
      ),
    );
    expect(result.baseline.windows.filter((m) => m !== null)).toHaveLength(2);
  }, 60_000);
});

/** Partial Fisher-Yates, as the metric samples queries. */
function sampled(n: number, k: number, random: RandomStream): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + random.int(n - i);
    [pool[i], pool[j]] = [pool[j] ?? 0, pool[i] ?? 0];
  }
  return pool.slice(0, k);
}

/** The definition: each query's mean cos (dot over the other post's non-zeros, in dim order) to its K nearest others. */
function bruteForce(group: Float64Array[], queries: number[] | null): number[] {
  const k = Math.min(cohesionK, group.length - 1);
  const norms = group.map((v) => {
    let squared = 0;
    for (const x of v) if (x !== 0) squared += x * x;
    return Math.sqrt(squared);
  });
  return (queries ?? group.map((_, i) => i)).map((q) => {
    const query = group[q] ?? new Float64Array();
    const cosines: number[] = [];
    group.forEach((p, i) => {
      if (i === q) return;
      let dot = 0;
      for (let d = 0; d < p.length; d++) if (p[d] !== 0) dot += (p[d] ?? 0) * (query[d] ?? 0);
      const denominator = (norms[q] ?? 0) * (norms[i] ?? 0);
      cosines.push(denominator > 0 ? dot / denominator : 0);
    });
    const best = cosines.sort((a, b) => b - a).slice(0, k);
    return best.reduce((a, b) => a + b, 0) / k;
  });
}
