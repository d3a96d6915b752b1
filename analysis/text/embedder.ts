import { hash53 } from "../../core/random/hash.js";
import { wordTokens } from "./tokens.js";
import { normalize, zeros } from "./vector.js";
import type { Vector } from "./vector.js";

/** Maps texts to L2-normalised vectors. `fit` sees the corpus first (a first pass, e.g. for idf). */
export interface Embedder {
  readonly name: string;
  readonly dims: number;
  fit(texts: Iterable<string>): void | Promise<void>;
  embed(texts: readonly string[]): Vector[] | Promise<Vector[]>;
}

/** Dimensions of the default embedder (METRICS.md: 512-1024). */
export const hashingDims = 512;

function features(text: string): string[] {
  const tokens = wordTokens(text);
  const out = [...tokens];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

/**
 * The default embedder: signed feature hashing of word 1-2-grams with sublinear tf and idf from a
 * first pass over the corpus. Local, deterministic, network-free; it measures lexical similarity,
 * so every similarity is reported beside a shuffled baseline.
 */
export class HashingEmbedder implements Embedder {
  readonly name = `hashing-1-2gram-tfidf-${hashingDims}`;
  readonly dims = hashingDims;
  private documentFrequency = new Map<string, number>();
  private documents = 0;

  fit(texts: Iterable<string>): void {
    this.documentFrequency = new Map();
    this.documents = 0;
    for (const text of texts) {
      this.documents++;
      for (const feature of new Set(features(text))) this.documentFrequency.set(feature, (this.documentFrequency.get(feature) ?? 0) + 1);
    }
  }

  embed(texts: readonly string[]): Vector[] {
    return texts.map((text) => this.embedOne(text));
  }

  private embedOne(text: string): Vector {
    const counts = new Map<string, number>();
    for (const feature of features(text)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
    const vector = zeros(this.dims);
    for (const [feature, count] of counts) {
      const h = hash53(feature);
      const index = h % this.dims;
      const sign = Math.floor(h / this.dims) % 2 === 0 ? 1 : -1;
      const idf = Math.log((1 + this.documents) / (1 + (this.documentFrequency.get(feature) ?? 0))) + 1;
      vector[index] = (vector[index] ?? 0) + sign * (1 + Math.log(count)) * idf;
    }
    return Float32Array.from(normalize(vector));
  }
}
