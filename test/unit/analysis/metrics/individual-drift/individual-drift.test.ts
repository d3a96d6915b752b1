import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import { windowsOf } from "../../../../../analysis/log/windows.js";
import {
  computeIndividualDrift,
  diagnoseIndividualDrift,
  driftPlaceboSplits,
} from "../../../../../analysis/metrics/individual-drift/individual-drift.js";
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

  it("computes drift, consistency and the placebo by hand", () => {
    const fixture = new LogFixture().agent("a").agent("b").agent("c").agent("d");
    const vectors: Record<string, readonly number[]> = {};
    // a: early X, X; late Y, Y -> e = X, l = Y, D = 1 - cos(X, Y) = 1; l - e = (-1, 1, 0).
    posts(fixture, vectors, "a", [X, X, Y, Y]);
    // b: early Z, Z; late Y, Y -> D = 1; l - e = (0, 1, -1).
    posts(fixture, vectors, "b", [Z, Z, Y, Y]);
    // c: X four times -> D = 0, l - e = 0, and every random split also gives 0.
    posts(fixture, vectors, "c", [X, X, X, X]);
    // d: 3 posts, below the 4-post minimum.
    posts(fixture, vectors, "d", [X, Y, Z]);
    const result = available(computeIndividualDrift(handContext(fixture, vectors)));

    expect(result.agents).toBe(3);
    const [a, b, c] = result.perAgent;
    expect(a?.agent).toBe("a");
    expect(a?.drift).toBeCloseTo(1, 12);
    expect(b?.drift).toBeCloseTo(1, 12);
    expect(c?.drift).toBeCloseTo(0, 12);
    // Consistency: S_a = cos((-1,1,0), (0,1,-1) + 0) = 1 / (sqrt 2 sqrt 2) = 0.5; S_b likewise.
    expect(a?.consistency).toBeCloseTo(0.5, 12);
    expect(b?.consistency).toBeCloseTo(0.5, 12);
    // c has no drift direction at all.
    expect(c?.consistency).toBeNull();
    // Placebo of a: a random 2/2 split of {X, X, Y, Y} gives D = 1 ({X,X}|{Y,Y}, 2 of 6 splits) or
    // 0 (mixed halves have equal centroids), so the mean of 20 splits is a multiple of 1/20 near 1/3.
    const separated = (a?.placebo ?? -1) * driftPlaceboSplits;
    expect(separated).toBeCloseTo(Math.round(separated), 9);
    expect(a?.placebo).toBeGreaterThan(0);
    expect(a?.placebo).toBeLessThan(1);
    expect(c?.placebo).toBeCloseTo(0, 12);
    // Primary statistic: mean over agents of D - placebo.
    const expected = (1 - (a?.placebo ?? 0) + (1 - (b?.placebo ?? 0)) + 0) / 3;
    expect(result.primary).toBeCloseTo(expected, 12);
    const input = diagnoseIndividualDrift(handContext(fixture, vectors), result);
    expect(input.units.map((u) => u.agent)).toEqual(["a", "b", "c"]);
    expect(input.statistic(input.units)).toBeCloseTo(expected, 12);
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

  it("detrends societal pull with a random other agent against the same time-matched society", () => {
    const fixture = new LogFixture().agent("a").agent("b").agent("s");
    const vectors: Record<string, readonly number[]> = {};
    posts(fixture, vectors, "a", [X, X, Y, Y]);
    posts(fixture, vectors, "b", [Z, Z, X, X]);
    // s has 3 posts (never the reference agent) and makes the society: rounds 0 -> Z, 2 and 3 -> Y.
    posts(fixture, vectors, "s", [Z, Y, Y], [0, 2, 3]);
    const result = available(computeIndividualDrift(handContext(fixture, vectors)));
    const [a, b] = result.perAgent;
    // For a (reference b, the only other qualifying agent): g_early = s's posts in rounds 0-1 = Z,
    // g_late = s's posts in rounds 2-3 = 2Y (a's and b's own posts left out).
    // own = cos(l_a = Y, Y) - cos(e_a = X, Z) = 1 - 0 = 1;
    // reference = cos(l_b = X, Y) - cos(e_b = Z, Z) = 0 - 1 = -1; P_a = 1 - (-1) = 2.
    expect(a?.pullReference).toBe("b");
    expect(a?.pull).toBeCloseTo(2, 12);
    // For b the roles swap: own = cos(X, Y) - cos(Z, Z) = -1, reference = 1, P_b = -2.
    expect(b?.pullReference).toBe("a");
    expect(b?.pull).toBeCloseTo(-2, 12);
    expect(result.summary.pull.mean).toBeCloseTo(0, 12);
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
