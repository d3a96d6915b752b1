import { describe, expect, it } from "vitest";
import { compareForgetting, forgottenRows, rowsToForget } from "../../../../core/memory/forgetting.js";

describe("forgetting", () => {
  // n: 0..5, importance 5 3 8 3 6 2
  const rows = [5, 3, 8, 3, 6, 2].map((importance, n) => ({ n, importance }));

  it("forgets the least important rows first, the oldest among equals", () => {
    // capacity 3 keeps 3 of 6: importance 2 (n5) goes, then the two 3s, older (n1) before newer (n3).
    expect(forgottenRows(rows, 3).map((r) => r.n)).toEqual([5, 1, 3]);
    expect(forgottenRows(rows, 5).map((r) => r.n)).toEqual([5]);
  });

  it("forgets nothing at or below capacity", () => {
    expect(forgottenRows(rows, 6)).toEqual([]);
    expect(forgottenRows(rows, 100)).toEqual([]);
  });

  it("orders by importance, then row number", () => {
    expect(compareForgetting({ n: 9, importance: 1 }, { n: 0, importance: 2 })).toBeLessThan(0);
    expect(compareForgetting({ n: 1, importance: 4 }, { n: 2, importance: 4 })).toBeLessThan(0);
    expect(compareForgetting({ n: 2, importance: 4 }, { n: 1, importance: 4 })).toBeGreaterThan(0);
  });

  it("counts rows only once more were ever written than capacity", () => {
    let counted = 0;
    const count = (rowsKept: number) => () => {
      counted++;
      return rowsKept;
    };
    expect(rowsToForget(200, count(200), 200)).toBe(0);
    expect(counted).toBe(0);
    expect(rowsToForget(250, count(230), 200)).toBe(30);
    expect(rowsToForget(250, count(180), 200)).toBe(0);
    expect(counted).toBe(2);
  });
});
