import { describe, expect, it } from "vitest";
import { hash53 } from "../../../../core/random/hash.js";
import { NumberTable } from "../../../../analysis/text/number-table.js";
import { RepeatFilter } from "../../../../analysis/text/repeat-filter.js";
import { buildTokenCorpus, ngramKey } from "../../../../analysis/text/token-corpus.js";

describe("NumberTable", () => {
  it("keeps keys and columns through growth, and key 0", () => {
    const table = new NumberTable([7, -1], 16);
    const keys = [0, ...Array.from({ length: 5000 }, (_, i) => hash53(`k${i}`))];
    keys.forEach((key, i) => table.set(table.insert(key), 1, i));
    expect(table.size).toBe(keys.length);
    keys.forEach((key, i) => {
      const slot = table.find(key);
      expect(slot).toBeGreaterThanOrEqual(0);
      expect(table.get(slot, 0)).toBe(7);
      expect(table.get(slot, 1)).toBe(i);
      expect(table.keyAt(slot)).toBe(key);
    });
    expect(table.find(hash53("absent"))).toBe(-1);
    expect([...table.slots()].length).toBe(keys.length);
  });
});

describe("RepeatFilter", () => {
  it("never rules out an n-gram that occurs twice", () => {
    const texts = Array.from({ length: 300 }, (_, i) => `w${i} w${(i * 7) % 50} common w${i % 13}`);
    const corpus = buildTokenCorpus({
      posts: texts.map((text, i) => ({ id: `p${i}`, author: "a", round: 0, submolt: "g", text })),
      comments: [],
    });
    const filter = new RepeatFilter(corpus, 2);
    const counts = new Map<number, number>();
    for (let i = 0; i < corpus.items; i++) {
      const end = corpus.starts[i + 1] ?? 0;
      for (let s = corpus.starts[i] ?? 0; s + 2 <= end; s++) {
        const key = ngramKey(corpus.tokens, s, 2);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    for (const [key, count] of counts) if (count >= 2) expect(filter.mayRepeat(key)).toBe(true);
  });
});
