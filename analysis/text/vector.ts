/**
 * Dense float vectors and the few operations the metrics use. Item vectors are stored as
 * Float32 (half the memory of a 1M-event analysis); accumulators such as centroids are Float64.
 */
export type Vector = Float32Array | Float64Array;

export function zeros(dims: number): Float64Array {
  return new Float64Array(dims);
}

export function dot(a: Vector, b: Vector): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

export function norm(a: Vector): number {
  return Math.sqrt(dot(a, a));
}

/** Cosine similarity; 0 when either vector is zero. */
export function cosine(a: Vector, b: Vector): number {
  const n = norm(a) * norm(b);
  return n > 0 ? dot(a, b) / n : 0;
}

export function addInto(target: Vector, source: Vector, scale = 1): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) + scale * (source[i] ?? 0);
}

/** Mean of vectors (unnormalised); a zero vector for an empty list. */
export function mean(vectors: readonly Vector[], dims: number): Float64Array {
  const out = zeros(dims);
  for (const v of vectors) addInto(out, v);
  if (vectors.length > 0) for (let i = 0; i < dims; i++) out[i] = (out[i] ?? 0) / vectors.length;
  return out;
}

export function subtract(a: Vector, b: Vector): Float64Array {
  const out = zeros(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) - (b[i] ?? 0);
  return out;
}

export function normalize(a: Vector): Vector {
  const n = norm(a);
  if (n > 0) for (let i = 0; i < a.length; i++) a[i] = (a[i] ?? 0) / n;
  return a;
}
