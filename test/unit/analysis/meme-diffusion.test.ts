import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../analysis/log/read-log.js";
import { computeMemeDiffusion } from "../../../analysis/metrics/meme-diffusion.js";
import { LogFixture } from "./fixtures.js";
import { handContext } from "./hand-context.js";

function fixture(): LogFixture {
  return new LogFixture()
    .agent("a1")
    .agent("a2")
    .agent("a3")
    .agent("a4")
    .post(0, "a1", "p.0.a1.0", "zorb glim common")
    .post(0, "a2", "p.0.a2.0", "common ground")
    .comment(1, "a3", "c.1.a3.0", "p.0.a1.0", null, "zorb")
    .comment(2, "a2", "c.2.a2.0", "p.0.a1.0", null, "Zorb glim")
    .comment(3, "a4", "c.3.a4.0", "p.0.a1.0", null, "zorb")
    .comment(3, "a1", "c.3.a1.0", "p.0.a1.0", null, "zorb")
    .comment(4, "a3", "c.4.a3.0", "p.0.a1.0", null, "zorb")
    .roundEnd(5);
}

describe("memeDiffusion", () => {
  const result = computeMemeDiffusion(handContext(logFromEvents(fixture().events)));
  if (!result.available) throw new Error(result.reason);

  it("finds cascades from a single origin, each adopter once, the origin never", () => {
    // zorb: a1 at round 0; adopters a3 (r1), a2 (r2), a4 (r3); a1 again and a3 again do not count.
    //   size 3; ceil(3/2) = 2nd adopter a2 at round 2 -> half-life 2 h.
    // glim: a1 r0, a2 r2 -> size 1, half-life 2 h. "zorb glim": a1 r0, a2 r2 -> size 1, 2 h.
    // common: a1 and a2 both in round 0 -> ambiguous origin, no cascade. ground, 3-grams: used once.
    expect(result.top).toEqual([
      { ngram: "zorb", n: 1, origin: "a1", originRound: 0, size: 3, adopters: ["a3", "a2", "a4"], halfLifeHours: 2 },
      { ngram: "zorb glim", n: 2, origin: "a1", originRound: 0, size: 1, adopters: ["a2"], halfLifeHours: 2 },
      { ngram: "glim", n: 1, origin: "a1", originRound: 0, size: 1, adopters: ["a2"], halfLifeHours: 2 },
    ]);
  });

  it("summarises sizes and half-lives over all n and per n", () => {
    // Sizes [3, 1, 1]: mean 5/3, median 1, max 3. Half-lives all 2 h.
    expect(result.cascades).toBe(3);
    expect(result.ambiguousOrigins).toBe(1);
    expect(result.size.mean).toBeCloseTo(5 / 3, 12);
    expect(result.size.median).toBe(1);
    expect(result.size.max).toBe(3);
    expect(result.halfLifeHours).toEqual({ mean: 2, median: 2, max: 2 });
    expect(result.byN.map((r) => [r.n, r.cascades, r.ambiguousOrigins])).toEqual([
      [1, 2, 1],
      [2, 1, 0],
      [3, 0, 0],
      [4, 0, 0],
      [5, 0, 0],
    ]);
    expect(result.byN[2]?.size).toEqual({ mean: null, median: null, max: null });
  });

  it("is unavailable when the log lacks comments", () => {
    const events = fixture().events.filter((e) => e.type !== "comment");
    expect(computeMemeDiffusion(handContext(logFromEvents(events)))).toEqual({ available: false, reason: "log lacks comment" });
  });
});
