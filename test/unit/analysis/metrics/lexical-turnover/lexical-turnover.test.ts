import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import { computeLexicalTurnover } from "../../../../../analysis/metrics/lexical-turnover/lexical-turnover.js";
import { buildTokenCorpus } from "../../../../../analysis/text/token-corpus.js";
import { windowsOf, windowOfRound } from "../../../../../analysis/log/windows.js";
import { LogFixture, randomTextLog } from "../../fixtures.js";
import { handContext } from "../../hand-context.js";

// 18 rounds of 1 h -> windows of 6 rounds: [0-5], [6-11], [12-17].
function fixture(): LogFixture {
  return new LogFixture()
    .agent("x")
    .post(0, "x", "p.0.x.0", "A b c")
    .post(6, "x", "p.6.x.0", "b c d")
    .post(12, "x", "p.12.x.0", "c d a")
    .comment(13, "x", "c.13.x.0", "p.12.x.0", null, "zz")
    .roundEnd(17);
}

describe("lexicalTurnover", () => {
  const result = computeLexicalTurnover(handContext(logFromEvents(fixture().events)));
  if (!result.available) throw new Error(result.reason);
  const byN = (n: number) => {
    const row = result.byN.find((r) => r.n === n);
    if (!row) throw new Error(`no n = ${n}`);
    return row;
  };

  it("unigrams: births and deaths against earlier windows, once-only words dropped", () => {
    // Counts a 2, b 2, c 3, d 2, zz 1 -> kept {a, b, c, d}. A0 = {a,b,c}, A1 = {b,c,d}, A2 = {c,d,a}.
    // t=1: born {d} -> 1/3; died A0 - A1 = {a} -> 1/3. t=2: born {} (a was seen in A0) -> 0; died {b} -> 1/3.
    const row = byN(1);
    expect(row.kept).toBe(4);
    expect(row.windows.map((w) => [w.distinct, w.births, w.birthRate, w.deaths, w.deathRate])).toEqual([
      [3, null, null, null, null],
      [3, 1, 1 / 3, 1, 1 / 3],
      [3, 0, 0, 1, 1 / 3],
    ]);
    expect(row.meanBirthRate).toBeCloseTo(1 / 6, 12);
    expect(row.meanDeathRate).toBeCloseTo(1 / 3, 12);
  });

  it("bigrams", () => {
    // "a b" 1, "b c" 2, "c d" 2, "d a" 1 -> kept {bc, cd}. A0 = {bc}, A1 = {bc, cd}, A2 = {cd}.
    // t=1: born {cd} -> 1/2, died {} -> 0. t=2: born {} -> 0, died {bc} -> 1/2.
    const row = byN(2);
    expect(row.kept).toBe(2);
    expect(row.windows.map((w) => [w.distinct, w.birthRate, w.deathRate])).toEqual([
      [1, null, null],
      [2, 1 / 2, 0],
      [1, 0, 1 / 2],
    ]);
  });

  it("trigrams all occur once: empty sets give null rates, not 0", () => {
    const row = byN(3);
    expect(row.kept).toBe(0);
    expect(row.windows.map((w) => [w.distinct, w.births, w.birthRate, w.deathRate])).toEqual([
      [0, null, null, null],
      [0, 0, null, null],
      [0, 0, null, null],
    ]);
    expect(row.meanBirthRate).toBeNull();
  });

  it("reports every n from 1 to 5", () => {
    expect(result.byN.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
  });

  it("is unavailable when the log lacks comments", () => {
    const events = fixture().events.filter((e) => e.type !== "comment");
    expect(computeLexicalTurnover(handContext(logFromEvents(events)))).toEqual({ available: false, reason: "log lacks comment" });
  });

  it("matches the definition computed with sets of n-gram texts", () => {
    const log = logFromEvents(randomTextLog(3, 400, 12, 48).events);
    const got = computeLexicalTurnover(handContext(log));
    if (!got.available) throw new Error(got.reason);
    const corpus = buildTokenCorpus(log);
    const windows = windowsOf(log);
    for (const n of [1, 2, 3, 4, 5]) {
      // Every n-gram occurrence as text, with its window.
      const uses: { gram: string; window: number }[] = [];
      for (let i = 0; i < corpus.items; i++) {
        const words = Array.from(
          corpus.tokens.subarray(corpus.starts[i] ?? 0, corpus.starts[i + 1] ?? 0),
          (t) => corpus.vocabulary[t] ?? "",
        );
        for (let s = 0; s + n <= words.length; s++)
          uses.push({ gram: words.slice(s, s + n).join(" "), window: windowOfRound(windows, corpus.rounds[i] ?? 0) });
      }
      const counts = new Map<string, number>();
      for (const u of uses) counts.set(u.gram, (counts.get(u.gram) ?? 0) + 1);
      const sets = windows.map((_, t) => new Set(uses.filter((u) => u.window === t && (counts.get(u.gram) ?? 0) >= 2).map((u) => u.gram)));
      const row = got.byN.find((r) => r.n === n);
      expect(row?.kept).toBe([...counts.values()].filter((c) => c >= 2).length);
      expect(row?.windows.map((w) => [w.distinct, w.births, w.deaths])).toEqual(
        sets.map((set, t) => {
          if (t === 0) return [set.size, null, null];
          const earlier = new Set(sets.slice(0, t).flatMap((s) => [...s]));
          const previous = sets[t - 1] ?? new Set<string>();
          return [set.size, [...set].filter((g) => !earlier.has(g)).length, [...previous].filter((g) => !set.has(g)).length];
        }),
      );
    }
  });
});
