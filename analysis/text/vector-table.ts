import type { Vector } from "./vector.js";

/**
 * Every item's vector as one sparse row, all rows in shared typed arrays. The hashing embedder's
 * vectors have a few dozen non-zeros among hundreds of dims: a dense Float32Array per item held
 * ~400 MB at 1M events and cost a full-length loop per dot product, this holds ~12 bytes a
 * non-zero and a dot product costs the non-zeros of one side.
 *
 * Exactness: the metrics' arithmetic is unchanged. A dense loop in dim order adds a +-0 product
 * for every zero entry, and adding +-0 to a sum that starts at +0 never changes it, so summing the
 * non-zero products in ascending dim order gives the same bits. Values are kept as float64, which
 * holds float32 embeddings and hand-made float64 test vectors alike without rounding.
 *
 * It is also a ReadonlyMap from item id to its dense vector (AnalysisContext.vectors), so code
 * written against the map keeps working; `get` builds a fresh dense copy on each call, which the
 * metrics avoid by reading rows.
 */
export class VectorTable implements ReadonlyMap<string, Vector> {
  /** Row of each id: the last row added for it, as Map.set would keep. */
  private readonly rows: Map<string, number>;

  constructor(
    readonly dims: number,
    rows: Map<string, number>,
    /** Row r's entries are starts[r] .. starts[r + 1]), in ascending dim (column) order. */
    readonly starts: Int32Array,
    readonly columns: Int32Array | Uint16Array,
    readonly weights: Float64Array | Float32Array,
    /** Euclidean norm of each row, summed in dim order: the same value as norm() of the dense vector. */
    readonly norms: Float64Array,
  ) {
    this.rows = rows;
  }

  /** Rows, one per added vector (a repeated id leaves its earlier rows unreachable by id). */
  get rowCount(): number {
    return this.norms.length;
  }

  /** Row of `id`, or -1 without a vector. */
  rowOf(id: string): number {
    return this.rows.get(id) ?? -1;
  }

  get size(): number {
    return this.rows.size;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  get(id: string): Vector | undefined {
    const row = this.rows.get(id);
    return row === undefined ? undefined : this.dense(row);
  }

  /** Row r as a new dense vector. */
  dense(row: number): Float64Array {
    const out = new Float64Array(this.dims);
    const end = this.starts[row + 1] ?? 0;
    for (let e = this.starts[row] ?? 0; e < end; e++) out[this.columns[e] ?? 0] = this.weights[e] ?? 0;
    return out;
  }

  /** Sum over the row's entries of value x dense[dim], in dim order: dot(row, dense) exactly. */
  dotDense(row: number, dense: Vector): number {
    let sum = 0;
    const end = this.starts[row + 1] ?? 0;
    for (let e = this.starts[row] ?? 0; e < end; e++) sum += (dense[this.columns[e] ?? 0] ?? 0) * (this.weights[e] ?? 0);
    return sum;
  }

  /** dot(v, v) of the row's vector, summed in dim order. */
  squaredNorm(row: number): number {
    let sum = 0;
    const end = this.starts[row + 1] ?? 0;
    for (let e = this.starts[row] ?? 0; e < end; e++) sum += (this.weights[e] ?? 0) * (this.weights[e] ?? 0);
    return sum;
  }

  /** cosine(dense, row) as vector.ts computes it, given norm(dense). */
  cosineDense(row: number, dense: Vector, denseNorm: number): number {
    const n = denseNorm * (this.norms[row] ?? 0);
    return n > 0 ? this.dotDense(row, dense) / n : 0;
  }

  /**
   * target += scale x row, touching only the row's non-zeros: the others would add +-0, which
   * changes nothing in a target without -0 entries - and accumulators, which start at +0, never
   * hold -0 (x + -x is +0).
   */
  addInto(target: Vector, row: number, scale = 1): void {
    const end = this.starts[row + 1] ?? 0;
    for (let e = this.starts[row] ?? 0; e < end; e++) {
      const d = this.columns[e] ?? 0;
      target[d] = (target[d] ?? 0) + scale * (this.weights[e] ?? 0);
    }
  }

  forEach(callback: (value: Vector, key: string, map: ReadonlyMap<string, Vector>) => void, thisArg?: unknown): void {
    for (const [id, row] of this.rows) callback.call(thisArg, this.dense(row), id, this);
  }

  *entries(): MapIterator<[string, Vector]> {
    for (const [id, row] of this.rows) yield [id, this.dense(row)];
  }

  keys(): MapIterator<string> {
    return this.rows.keys();
  }

  *values(): MapIterator<Vector> {
    for (const row of this.rows.values()) yield this.dense(row);
  }

  [Symbol.iterator](): MapIterator<[string, Vector]> {
    return this.entries();
  }
}

/** Collects rows in order; ids may repeat (the last one wins, as in a Map). */
export class VectorTableBuilder {
  private readonly rows = new Map<string, number>();
  private starts = new Int32Array(1024);
  private columns = new Int32Array(16384);
  private weights = new Float64Array(16384);
  private norms = new Float64Array(1024);
  private count = 0;
  private entries = 0;
  /** Largest dim holding a non-zero. */
  private widest = 0;

  /** Adds a dense vector's non-zeros (-0 included: it is zero). */
  add(id: string, vector: Vector): void {
    const row = this.count;
    if (row + 2 > this.starts.length) {
      this.starts = grown(this.starts, this.starts.length * 2);
      this.norms = grown(this.norms, this.norms.length * 2);
    }
    if (this.entries + vector.length > this.columns.length) {
      const size = Math.max(this.columns.length * 2, this.entries + vector.length);
      this.columns = grown(this.columns, size);
      this.weights = grown(this.weights, size);
    }
    this.starts[row] = this.entries;
    let squared = 0;
    for (let d = 0; d < vector.length; d++) {
      const x = vector[d] ?? 0;
      if (x === 0) continue;
      this.columns[this.entries] = d;
      if (d > this.widest) this.widest = d;
      this.weights[this.entries] = x;
      this.entries++;
      squared += x * x;
    }
    this.norms[row] = Math.sqrt(squared);
    this.count++;
    this.rows.set(id, row);
  }

  build(dims: number): VectorTable {
    const starts = this.starts.slice(0, this.count + 1);
    starts[this.count] = this.entries;
    const columns = this.columns.subarray(0, this.entries);
    const weights = this.weights.subarray(0, this.entries);
    // Narrower arrays when nothing is lost: the hashing embedder's weights are float32 values and
    // its dims fit 16 bits, which halves the table (a float32 read back is the same float64).
    let singles = true;
    for (let e = 0; e < weights.length && singles; e++) singles = Math.fround(weights[e] ?? 0) === weights[e];
    return new VectorTable(
      dims,
      this.rows,
      starts,
      this.widest < 65536 ? Uint16Array.from(columns) : columns.slice(),
      singles ? Float32Array.from(weights) : weights.slice(),
      this.norms.slice(0, this.count),
    );
  }
}

function grown<T extends Int32Array | Float64Array>(array: T, size: number): T {
  const out = new (array.constructor as new (length: number) => T)(size);
  out.set(array);
  return out;
}

const tables = new WeakMap<ReadonlyMap<string, Vector>, VectorTable>();

/**
 * The context's vectors as a table: the table itself when the context was built by buildContext,
 * else (hand-made contexts in tests) a table built once from the map.
 */
export function vectorTableOf(vectors: ReadonlyMap<string, Vector>, dims: number): VectorTable {
  if (vectors instanceof VectorTable) return vectors;
  let table = tables.get(vectors);
  if (!table) {
    const builder = new VectorTableBuilder();
    for (const [id, vector] of vectors) builder.add(id, vector);
    table = builder.build(dims);
    tables.set(vectors, table);
  }
  return table;
}
