import { hash53 } from "../random/hash.js";
import { memoryVectorDims } from "../tunables.js";

/**
 * A memory row's vector: signed feature hashing of its lower-cased words into a few dimensions,
 * L2-normalised. It measures word overlap (relevance to what the agent reads now), deterministic
 * and free - no model call per memory row. Only llm agents store and score vectors.
 */
export function memoryVector(text: string, dims = memoryVectorDims): Float32Array {
  const vector = new Float32Array(dims);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []) {
    const h = hash53(word);
    vector[h % dims] = (vector[h % dims] ?? 0) + (Math.floor(h / dims) % 2 === 0 ? 1 : -1);
  }
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < dims; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}

export function vectorToBytes(vector: Float32Array): ArrayBuffer {
  return vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength) as ArrayBuffer;
}

export function vectorFromBytes(bytes: ArrayBuffer | null): Float32Array | null {
  return bytes && bytes.byteLength % 4 === 0 ? new Float32Array(bytes.slice(0)) : null;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}
