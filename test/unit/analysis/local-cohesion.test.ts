import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../analysis/log/read-log.js";
import { computeLocalCohesion, exactLimit, querySample } from "../../../analysis/metrics/local-cohesion.js";
import { LogFixture } from "./fixtures.js";
import { handContext } from "./hand-context.js";

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
});
