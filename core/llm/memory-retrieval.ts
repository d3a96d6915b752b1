import { hash53 } from "../random/hash.js";
import { memoryRecencyDecayPerRound, memoryVectorDims } from "../tunables.js";

/**
 * A memory row's vector: signed feature hashing of its lower-cased words into a few dimensions,
 * L2-normalised. It measures word overlap (relevance to what the agent reads now), deterministic
 * and free - no model call per memory row.
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

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

export interface RetrievableMemory {
  readonly id: string;
  readonly round: number;
  readonly importance: number;
  readonly vector: Float32Array | null;
}

function minMax(values: readonly number[]): number[] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0));
}

/**
 * The k rows to put in a prompt: recency + importance + relevance, each min-max scaled over the
 * candidates and weighted equally (Park et al., generative agents). Ties go to the newer row.
 */
export function retrieveMemories<T extends RetrievableMemory>(
  candidates: readonly T[],
  query: Float32Array,
  round: number,
  k: number,
): T[] {
  if (k <= 0 || candidates.length === 0) return [];
  const recency = minMax(candidates.map((m) => memoryRecencyDecayPerRound ** Math.max(0, round - m.round)));
  const importance = minMax(candidates.map((m) => m.importance));
  const relevance = minMax(candidates.map((m) => (m.vector ? dot(m.vector, query) : 0)));
  return candidates
    .map((memory, i) => ({ memory, score: (recency[i] ?? 0) + (importance[i] ?? 0) + (relevance[i] ?? 0) }))
    .sort((a, b) => b.score - a.score || b.memory.round - a.memory.round || (a.memory.id < b.memory.id ? 1 : -1))
    .slice(0, k)
    .map((s) => s.memory);
}
