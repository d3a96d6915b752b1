import { describe, expect, it } from "vitest";
import { chunksByBytes, cloneBytesBound } from "../../../../core/round/byte-chunks.js";

describe("chunks by bytes", () => {
  it("keeps order and puts as many items in a chunk as fit", () => {
    // Sizes 4, 4, 3, 9, 1, 1 under 8: [4, 4] (8), [3] (3 + 9 > 8), [9] alone (larger than the cap), [1, 1].
    const items = [4, 4, 3, 9, 1, 1];
    expect(chunksByBytes(items, (n) => n, 8)).toEqual([[4, 4], [3], [9], [1, 1]]);
    expect(chunksByBytes([], (n: number) => n, 8)).toEqual([]);
  });

  it("bounds a value's clone size by two bytes per UTF-16 unit of its JSON", () => {
    // {"a":"xyz"} is 11 characters.
    expect(cloneBytesBound({ a: "xyz" })).toBe(22);
  });
});
