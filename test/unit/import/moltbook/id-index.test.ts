import { describe, expect, it } from "vitest";
import { IdIndex } from "../../../../import/moltbook/id-index.js";

describe("IdIndex", () => {
  it("gives every distinct id one slot, in insertion order, and finds it again exactly", () => {
    const index = new IdIndex();
    // Enough ids to grow the table, the per-slot arrays and the arena several times; some share prefixes, some are not ASCII.
    const ids = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? `id-${i}` : i % 3 === 1 ? `ïd-${i}-🦞` : `${i}`));
    ids.forEach((id, i) => expect(index.insert(id)).toEqual({ slot: i, added: true }));
    expect(index.size).toBe(50_000);
    expect(index.insert("ïd-4-🦞")).toEqual({ slot: 4, added: false });
    expect(index.lookup("id-30000")).toBe(30_000);
    expect(index.lookup("49997")).toBe(49_997);
    expect(index.lookup("49999")).toBe(-1);
    expect(index.idOf(4)).toBe("ïd-4-🦞");
    // Near misses: a prefix, an extension, another normalisation of the same text.
    expect(index.lookup("id-3000")).toBe(3_000);
    expect(index.lookup("id-300000")).toBe(-1);
    expect(index.lookup("id-3")).toBe(3);
    expect(index.lookup("i\u0308d-4-🦞")).toBe(-1);
    expect(index.lookup("")).toBe(-1);
  });

  it("holds an id longer than its scratch buffer", () => {
    const index = new IdIndex();
    const long = "x".repeat(10_000);
    expect(index.insert(long).slot).toBe(0);
    expect(index.lookup(long)).toBe(0);
    expect(index.lookup(long.slice(1))).toBe(-1);
    expect(index.idOf(0)).toBe(long);
  });
});
