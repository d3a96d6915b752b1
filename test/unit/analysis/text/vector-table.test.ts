import { describe, expect, it } from "vitest";
import { RandomStream } from "../../../../core/random/stream.js";
import { addInto, cosine, dot, norm } from "../../../../analysis/text/vector.js";
import { VectorTableBuilder, vectorTableOf } from "../../../../analysis/text/vector-table.js";

/** Sparse-ish vectors with signed values, some exact zeros and a -0, like the hashing embedder's. */
function randomVectors(count: number, dims: number, seed: number, float32: boolean): Float64Array[] {
  const random = new RandomStream(seed, "test", 0, "vectors");
  return Array.from({ length: count }, () => {
    const v = new Float64Array(dims);
    for (let d = 0; d < dims; d++) if (random.chance(0.15)) v[d] = float32 ? Math.fround(random.next() - 0.5) : random.next() - 0.5;
    v[dims - 1] = -0;
    return v;
  });
}

describe("VectorTable", () => {
  it("keeps every value exactly and acts as the map it replaces (the last row of an id wins)", () => {
    const vectors = randomVectors(20, 40, 1, false);
    const builder = new VectorTableBuilder();
    vectors.forEach((v, i) => builder.add(`v${i % 15}`, v));
    const table = builder.build(40);
    expect(table.size).toBe(15);
    expect(table.rowCount).toBe(20);
    expect([...table.keys()]).toEqual(Array.from({ length: 15 }, (_, i) => `v${i}`));
    expect(table.rowOf("v3")).toBe(18);
    expect(table.rowOf("absent")).toBe(-1);
    expect(table.has("v14")).toBe(true);
    expect(Array.from(table.get("v3") ?? [])).toEqual(Array.from(vectors[18] ?? []).map((x) => (x === 0 ? 0 : x)));
    expect(Array.from(table.get("v14") ?? [])).toEqual(Array.from(vectors[14] ?? []).map((x) => (x === 0 ? 0 : x)));
    expect(table.get("absent")).toBeUndefined();
    expect([...table.entries()].length).toBe(15);
  });

  it("narrows float32 weights and 16-bit dims without changing a value", () => {
    const vectors = randomVectors(10, 600, 2, true);
    const builder = new VectorTableBuilder();
    vectors.forEach((v, i) => builder.add(`v${i}`, Float32Array.from(v)));
    const table = builder.build(600);
    expect(table.weights).toBeInstanceOf(Float32Array);
    expect(table.columns).toBeInstanceOf(Uint16Array);
    vectors.forEach((v, i) => expect(Array.from(table.dense(i))).toEqual(Array.from(v).map((x) => (x === 0 ? 0 : x))));
    // Float64 values that float32 would round stay float64.
    const wide = new VectorTableBuilder();
    wide.add("x", Float64Array.from([0.1, 0, 0.2]));
    expect(wide.build(3).weights).toBeInstanceOf(Float64Array);
  });

  it("gives the same bits as vector.ts's dense dot, norm, cosine and addInto", () => {
    const vectors = randomVectors(30, 64, 3, true);
    const builder = new VectorTableBuilder();
    vectors.forEach((v, i) => builder.add(`v${i}`, v));
    const table = builder.build(64);
    const dense = randomVectors(1, 64, 4, false)[0] ?? new Float64Array(64);
    // Accumulators start at +0 and never hold -0 (x + -x is +0), which addInto relies on.
    dense[63] = 0;
    vectors.forEach((v, row) => {
      expect(table.norms[row]).toBe(norm(v));
      expect(table.squaredNorm(row)).toBe(dot(v, v));
      expect(table.dotDense(row, dense)).toBe(dot(dense, v));
      expect(table.cosineDense(row, dense, norm(dense))).toBe(cosine(dense, v));
      const expected = dense.slice();
      addInto(expected, v, -1);
      const got = dense.slice();
      table.addInto(got, row, -1);
      expect(Array.from(got)).toEqual(Array.from(expected));
    });
  });

  it("is built once from a plain map (hand-made contexts)", () => {
    const map = new Map([["a", Float64Array.from([1, 0, 2])]]);
    const table = vectorTableOf(map, 3);
    expect(vectorTableOf(map, 3)).toBe(table);
    expect(Array.from(table.dense(table.rowOf("a")))).toEqual([1, 0, 2]);
    expect(vectorTableOf(table, 3)).toBe(table);
  });
});
