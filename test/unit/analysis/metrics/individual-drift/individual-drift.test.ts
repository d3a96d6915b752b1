import { describe, expect, it } from "vitest";
import { individualDriftRule } from "../../../../../analysis/metrics/individual-drift/metric.js";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import { windowsOf } from "../../../../../analysis/log/windows.js";
import {
  computeIndividualDrift,
  diagnoseIndividualDrift,
  driftPlaceboSplits,
} from "../../../../../analysis/metrics/individual-drift/individual-drift.js";
import {
  individualDriftComponents,
} from "../../../../../analysis/metrics/individual-drift/components.js";
import type { IndividualDriftResult } from "../../../../../core/contracts/report-metrics.js";
import type { AnalysisContext } from "../../../../../analysis/metrics/metric-types.js";
import type { Unavailable } from "../../../../../core/contracts/report-metrics.js";
import { LogFixture } from "../../fixtures.js";

/** A context whose vectors are chosen by hand (3 dims) so every cosine can be checked on paper. */
function handContext(fixture: LogFixture, vectors: Record<string, readonly number[]>, seed = 7): AnalysisContext {
  const log = logFromEvents(fixture.events);
  const map = new Map(Object.entries(vectors).map(([id, v]) => [id, Float64Array.from(v)]));
  return { log, windows: windowsOf(log), vectors: map, dims: 3, seed };
}

function available(result: IndividualDriftResult | Unavailable): IndividualDriftResult {
  if (!result.available) throw new Error(result.reason);
  return result;
}

const X = [1, 0, 0];
const Y = [0, 1, 0];
const Z = [0, 0, 1];

/** Posts one per round 0..n-1 for `agent`, ids `<agent>.<round>`, with the given vectors. */
function posts(
  fixture: LogFixture,
  vectors: Record<string, readonly number[]>,
  agent: string,
  list: readonly (readonly number[])[],
  rounds?: readonly number[],
): void {
  list.forEach((v, i) => {
    const round = rounds?.[i] ?? i;
    const id = `${agent}.${i}`;
    fixture.post(round, agent, id, "text");
    vectors[id] = v;
  });
}

describe("individualDrift", () => {
  it("says the log lacks posts instead of reporting a zero", () => {
    const fixture = new LogFixture().agent("a").roundEnd(0);
    expect(computeIndividualDrift(handContext(fixture, {}))).toEqual({ available: false, reason: "log lacks post" });
  });

  it("computes drift, its placebo and pairwise consistency by hand", () => {
    const fixture = new LogFixture().agent("a").agent("b").agent("c").agent("d").agent("e");
    const vectors: Record<string, readonly number[]> = {};
    // a: early X, X; late Y, Y -> D = 1 - cos(X, Y) = 1; l - e = (-1, 1, 0).
    posts(fixture, vectors, "a", [X, X, Y, Y]);
    // b: early Z, Z; late Y, Y -> D = 1; l - e = (0, 1, -1).
    posts(fixture, vectors, "b", [Z, Z, Y, Y]);
    // c: X four times -> D = 0, l - e = 0 (no direction), and every random split also gives 0.
    posts(fixture, vectors, "c", [X, X, X, X]);
    // d: 3 posts, below the 4-post minimum.
    posts(fixture, vectors, "d", [X, Y, Z]);
    // e: early Y, Y; late X, X -> l - e = (1, -1, 0), a's drift reversed.
    posts(fixture, vectors, "e", [Y, Y, X, X]);
    const ctx = handContext(fixture, vectors);
    const result = available(computeIndividualDrift(ctx));

    expect(result.perAgent.map((a) => a.agent)).toEqual(["a", "b", "c", "e"]);
    const [a, b, c, e] = result.perAgent;
    expect(a?.drift).toBeCloseTo(1, 12);
    expect(c?.drift).toBeCloseTo(0, 12);
    // Pair cosines: (a, b) = 1 / (sqrt 2 sqrt 2) = 0.5; (a, e) = -1; (b, e) = -1 / 2.
    // S_a = (0.5 - 1) / 2, S_b = (0.5 - 0.5) / 2, S_e = (-1 - 0.5) / 2; c has no direction.
    expect(a?.consistency).toBeCloseTo(-0.25, 12);
    expect(b?.consistency).toBeCloseTo(0, 12);
    expect(c?.consistency).toBeNull();
    expect(e?.consistency).toBeCloseTo(-0.75, 12);
    // Placebo of a: a random 2/2 split of {X, X, Y, Y} gives D = 1 ({X,X}|{Y,Y}, 2 of 6 splits) or
    // 0 (mixed halves have equal centroids), so the mean of 20 splits is a multiple of 1/20.
    const separated = (a?.placebo ?? -1) * driftPlaceboSplits;
    expect(separated).toBeCloseTo(Math.round(separated), 9);
    expect(a?.placebo).toBeGreaterThan(0);
    expect(a?.placebo).toBeLessThan(1);
    expect(c?.placebo).toBeCloseTo(0, 12);
    // Drift magnitude stays as context: mean over agents of D - placebo.
    const excess = [a, b, c, e].reduce((s, x) => s + (x?.drift ?? 0) - (x?.placebo ?? 0), 0) / 4;
    expect(result.primary).toBeCloseTo(excess, 12);

    const [consistency] = individualDriftComponents(ctx, result);
    expect(consistency.name).toBe("consistency");
    expect(individualDriftRule.components?.find((c) => c.name === "consistency")?.delta).toBe(0.01);
    expect(consistency.units.map((u) => u.agent)).toEqual(["a", "b", "e"]);
    // The mean over the 3 pairs: (0.5 - 1 - 0.5) / 3 = -1/3, the mean of S_a over agents.
    expect(consistency.statistic(consistency.units)).toBeCloseTo(-1 / 3, 12);
    // A resample [a, a, b, e]: a's two copies never pair with each other; each pairs with b and e.
    // Unordered pairs: 2 x (a, b) + 2 x (a, e) + (b, e) = 2(0.5) + 2(-1) - 0.5 = -1.5 over 5 pairs.
    const [ua, ub, ue] = consistency.units;
    if (!ua || !ub || !ue) throw new Error("units");
    expect(consistency.statistic([ua, ua, ub, ue])).toBeCloseTo(-0.3, 12);
    // One agent, however often drawn, has no pair.
    expect(consistency.statistic([ua, ua])).toBeNaN();
    // The verdict input carries both components, consistency first with the same units and value.
    const input = diagnoseIndividualDrift(ctx, result);
    if (!("components" in input)) throw new Error("individualDrift diagnoses components");
    expect(input.components.map((c) => c.name)).toEqual(["consistency", "pull"]);
    const first = input.components[0];
    if (!first) throw new Error("consistency");
    expect(first.units).toEqual(consistency.units);
    expect(first.statistic(first.units)).toBeCloseTo(-1 / 3, 12);
  });

  it("drops the middle post of an odd count so both halves have the same size", () => {
    const fixture = new LogFixture().agent("a");
    const vectors: Record<string, readonly number[]> = {};
    // 5 posts: early X, X; middle Z (left out); late Y, Y -> D = 1 exactly.
    posts(fixture, vectors, "a", [X, X, Z, Y, Y]);
    const result = available(computeIndividualDrift(handContext(fixture, vectors)));
    expect(result.perAgent[0]?.posts).toBe(4);
    expect(result.perAgent[0]?.drift).toBeCloseTo(1, 12);
  });

  it("measures societal pull against the other agents' posts of the late half's rounds, the agent's own left out", () => {
    const fixture = new LogFixture().agent("a").agent("b").agent("s");
    const vectors: Record<string, readonly number[]> = {};
    posts(fixture, vectors, "a", [X, X, Y, Y]);
    posts(fixture, vectors, "b", [Z, Z, Y, X]);
    // s has 3 posts (not a qualifying agent, still part of the society): round 0 -> Z, 2 and 3 -> Y.
    posts(fixture, vectors, "s", [Z, Y, Y], [0, 2, 3]);
    const ctx = handContext(fixture, vectors);
    const result = available(computeIndividualDrift(ctx));
    const [a, b] = result.perAgent;
    // a's late half spans rounds 2-3; the others posted there: b (Y, X) and s (Y, Y) -> g = X + 3Y,
    // |g| = sqrt 10 (a's own Y, Y left out). dS_a = mean(Y.g, Y.g)/|g| - mean(X.g, X.g)/|g| = (3 - 1)/sqrt 10.
    expect(a?.pull).toBeCloseTo(2 / Math.sqrt(10), 12);
    // b's late half spans rounds 2-3 too: a (Y, Y) and s (Y, Y) -> g = 4Y.
    // dS_b = mean(cos(Y, Y), cos(X, Y)) - mean(cos(Z, Y), cos(Z, Y)) = 0.5 - 0.
    expect(b?.pull).toBeCloseTo(0.5, 12);
    const [, pull] = individualDriftComponents(ctx, result);
    expect(pull.name).toBe("pull");
    expect(individualDriftRule.components?.find((c) => c.name === "pull")?.delta).toBe(0.01);
    expect(pull.statistic(pull.units)).toBeCloseTo((2 / Math.sqrt(10) + 0.5) / 2, 12);
  });

  it("gives no pull and no consistency to an agent alone in its society", () => {
    const fixture = new LogFixture().agent("a");
    const vectors: Record<string, readonly number[]> = {};
    posts(fixture, vectors, "a", [X, X, Y, Y]);
    const result = available(computeIndividualDrift(handContext(fixture, vectors)));
    expect(result.perAgent[0]?.pull).toBeNull();
    expect(result.perAgent[0]?.consistency).toBeNull();
    expect(result.summary.pull.n).toBe(0);
  });

  it("computes consistency and pull on an imported log, which has posts but no exposures or votes", () => {
    const fixture = new LogFixture().agent("a", "imported").agent("b", "imported").agent("s", "imported");
    const vectors: Record<string, readonly number[]> = {};
    posts(fixture, vectors, "a", [X, X, Y, Y]);
    posts(fixture, vectors, "b", [Z, Z, Y, X]);
    posts(fixture, vectors, "s", [Z, Y, Y], [0, 2, 3]);
    const ctx = handContext(fixture, vectors);
    expect(ctx.log.imported).toBe(true);
    expect(ctx.log.exposures).toHaveLength(0);
    const result = available(computeIndividualDrift(ctx));
    // The same numbers as the simulated log above: a: l - e = (-1, 1, 0); b: l - e = (0.5, 0.5, -1).
    // cos = (-0.5 + 0.5) / (sqrt 2 sqrt 1.5) = 0.
    expect(result.perAgent[0]?.consistency).toBeCloseTo(0, 12);
    expect(result.perAgent[0]?.pull).toBeCloseTo(2 / Math.sqrt(10), 12);
    const [consistency, pull] = individualDriftComponents(ctx, result);
    expect(consistency.units).toHaveLength(2);
    expect(pull.units).toHaveLength(2);
  });

  it("is reproducible for a seed", () => {
    const fixture = new LogFixture().agent("a");
    const vectors: Record<string, readonly number[]> = {};
    posts(fixture, vectors, "a", [X, Y, X, Z, Y, Z, X, Y]);
    const one = available(computeIndividualDrift(handContext(fixture, vectors, 3)));
    const two = available(computeIndividualDrift(handContext(fixture, vectors, 3)));
    expect(one).toEqual(two);
    expect(JSON.parse(JSON.stringify(one))).toEqual(one);
  });
});
