import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import { computeMemeDiffusion } from "../../../../../analysis/metrics/meme-diffusion/meme-diffusion.js";
import { buildTokenCorpus } from "../../../../../analysis/text/token-corpus.js";
import { compareCodePoints } from "../../../../../core/util/compare.js";
import { LogFixture, randomTextLog } from "../../fixtures.js";
import { handContext } from "../../hand-context.js";

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

  it("matches the definition computed with maps of n-gram texts", () => {
    const log = logFromEvents(randomTextLog(5, 500, 15, 40).events);
    const got = computeMemeDiffusion(handContext(log));
    if (!got.available) throw new Error(got.reason);
    const corpus = buildTokenCorpus(log);
    const expectedTop: {
      ngram: string;
      n: number;
      origin: string;
      originRound: number;
      size: number;
      adopters: string[];
      halfLifeHours: number;
    }[] = [];
    for (const n of [1, 2, 3, 4, 5]) {
      // Origin, status and each adopter's first use, in corpus (chronological) order.
      const grams = new Map<
        string,
        { round: number; agent: number; status: "sole" | "ambiguous" | "spreading"; adopters: Map<number, number> }
      >();
      for (let i = 0; i < corpus.items; i++) {
        const words = Array.from(
          corpus.tokens.subarray(corpus.starts[i] ?? 0, corpus.starts[i + 1] ?? 0),
          (t) => corpus.vocabulary[t] ?? "",
        );
        const round = corpus.rounds[i] ?? 0;
        const agent = corpus.authors[i] ?? 0;
        for (let s = 0; s + n <= words.length; s++) {
          const gram = words.slice(s, s + n).join(" ");
          const known = grams.get(gram);
          if (!known) grams.set(gram, { round, agent, status: "sole", adopters: new Map() });
          else if (agent !== known.agent) {
            if (round === known.round) known.status = "ambiguous";
            else if (known.status === "sole") known.status = "spreading";
            if (!known.adopters.has(agent)) known.adopters.set(agent, i);
          }
        }
      }
      const cascades = [...grams].filter(([, g]) => g.status === "spreading");
      const halfLife = (g: { round: number; adopters: Map<number, number> }): number => {
        const items = [...g.adopters.values()].sort((a, b) => a - b);
        return (corpus.rounds[items[Math.ceil(items.length / 2) - 1] ?? 0] ?? 0) - g.round;
      };
      const row = got.byN.find((r) => r.n === n);
      expect(row?.cascades).toBe(cascades.length);
      expect(row?.ambiguousOrigins).toBe([...grams.values()].filter((g) => g.status === "ambiguous").length);
      expect(row?.size.max).toBe(cascades.length > 0 ? Math.max(...cascades.map(([, g]) => g.adopters.size)) : null);
      expect(row?.halfLifeHours.max).toBe(cascades.length > 0 ? Math.max(...cascades.map(([, g]) => halfLife(g))) : null);
      for (const [gram, g] of cascades) {
        const adopters = [...g.adopters.entries()].sort((a, b) => a[1] - b[1]).map(([agent]) => corpus.agents[agent] ?? "");
        expectedTop.push({
          ngram: gram,
          n,
          origin: corpus.agents[g.agent] ?? "",
          originRound: g.round,
          size: adopters.length,
          adopters,
          halfLifeHours: halfLife(g),
        });
      }
    }
    expect(expectedTop.length).toBeGreaterThan(20);
    expectedTop.sort((a, b) => b.size - a.size || b.n - a.n || a.originRound - b.originRound || compareCodePoints(a.ngram, b.ngram));
    expect(got.top).toEqual(expectedTop.slice(0, 20));
  });
});
