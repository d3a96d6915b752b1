import { hash53 } from "../../core/random/hash.js";
import type { TokenCorpus } from "./token-corpus.js";
import { wordTokens } from "./tokens.js";
import { normalize } from "./vector.js";
import type { Vector } from "./vector.js";

/** Maps texts to L2-normalised vectors. `fit` sees the corpus first (a first pass, e.g. for idf). */
export interface Embedder {
  readonly name: string;
  readonly dims: number;
  fit(texts: Iterable<string>): void | Promise<void>;
  embed(texts: readonly string[]): Vector[] | Promise<Vector[]>;
  /**
   * Optional, for embedders that read word tokens (wordTokens): the same as `fit` on every item's
   * text followed by `embed`, but from the log's token corpus, which is tokenised once and shared
   * with the text metrics. Vectors go to `take` in the order of `items`, in a buffer reused for the
   * next item (`take` copies what it keeps).
   */
  embedCorpus?(corpus: TokenCorpus, items: Int32Array, take: (vector: Vector, item: number) => void): void;
}

/** Dimensions of the default embedder (docs/metrics.md: 512-1024). */
export const hashingDims = 512;

/**
 * The default embedder: signed feature hashing of word 1-2-grams with sublinear tf and idf from a
 * first pass over the corpus. Local, deterministic, network-free; it measures lexical similarity,
 * so every similarity is reported beside a shuffled baseline.
 *
 * A text's features are its tokens, then its adjacent token pairs ("w1 w2"); a feature's weight
 * is sign x (1 + ln count) x idf at bucket hash % dims. Features are interned to integers once
 * (words by a map, pairs by a typed table), so hashes and document frequencies are per distinct
 * feature and no feature string is built per occurrence. Each text's features are weighed in
 * order of first occurrence, tokens before pairs - the order the buckets' float sums depend on.
 */
/** The default embedder's name: the embedder every delta of docs/metrics.md was derived under. */
export const hashingEmbedderName = `hashing-1-2gram-tfidf-${hashingDims}`;

export class HashingEmbedder implements Embedder {
  readonly name = hashingEmbedderName;
  readonly dims = hashingDims;
  private features = new FeatureTable();
  private documents = 0;
  private readonly scratch = new Float64Array(hashingDims);
  private readonly output = new Float32Array(hashingDims);
  /** Per-text scratch: each token's word feature id. */
  private words = new Int32Array(256);
  /** Per-text scratch: distinct feature ids in first-occurrence order, and counts by feature id. */
  private order = new Int32Array(256);
  private counts = new Int32Array(1024);

  fit(texts: Iterable<string>): void {
    this.features = new FeatureTable();
    this.documents = 0;
    for (const text of texts) this.fitWords(this.wordsOfText(text));
  }

  embed(texts: readonly string[]): Vector[] {
    return texts.map((text) => this.vectorOf(this.wordsOfText(text)).slice());
  }

  embedCorpus(corpus: TokenCorpus, items: Int32Array, take: (vector: Vector, item: number) => void): void {
    this.features = new FeatureTable();
    this.documents = 0;
    // Corpus token id -> word feature id, looked up once per distinct word.
    const wordFeatures = new Int32Array(corpus.vocabulary.length).fill(-1);
    const wordsOf = (item: number): number => {
      const from = corpus.starts[item] ?? 0;
      const length = (corpus.starts[item + 1] ?? 0) - from;
      if (length > this.words.length) this.words = new Int32Array(Math.max(length, this.words.length * 2));
      for (let i = 0; i < length; i++) {
        const token = corpus.tokens[from + i] ?? 0;
        let feature = wordFeatures[token] ?? -1;
        if (feature < 0) {
          feature = this.features.word(corpus.vocabulary[token] ?? "");
          wordFeatures[token] = feature;
        }
        this.words[i] = feature;
      }
      return length;
    };
    for (let item = 0; item < corpus.items; item++) this.fitWords(wordsOf(item));
    for (const item of items) take(this.vectorOf(wordsOf(item)), item);
  }

  /** One more document holding the features of `words[0 .. length)`. */
  private fitWords(length: number): void {
    const distinct = this.featuresOf(length);
    this.documents++;
    for (let i = 0; i < distinct; i++) {
      const feature = this.order[i] ?? 0;
      this.counts[feature] = 0;
      this.features.countDocument(feature);
    }
  }

  /** The vector of the text whose word features are words[0 .. length), in the reused output buffer. */
  private vectorOf(length: number): Float32Array {
    const distinct = this.featuresOf(length);
    const vector = this.scratch;
    vector.fill(0);
    for (let i = 0; i < distinct; i++) {
      const feature = this.order[i] ?? 0;
      const count = this.counts[feature] ?? 0;
      this.counts[feature] = 0;
      const h = this.features.hash(feature);
      const index = h % this.dims;
      const sign = Math.floor(h / this.dims) % 2 === 0 ? 1 : -1;
      const idf = Math.log((1 + this.documents) / (1 + this.features.documentFrequency(feature))) + 1;
      vector[index] = (vector[index] ?? 0) + sign * (1 + Math.log(count)) * idf;
    }
    normalize(vector);
    this.output.set(vector);
    return this.output;
  }

  /** Tokenises the text into `words` (word feature ids); returns the token count. */
  private wordsOfText(text: string): number {
    const tokens = wordTokens(text);
    if (tokens.length > this.words.length) this.words = new Int32Array(Math.max(tokens.length, this.words.length * 2));
    for (let i = 0; i < tokens.length; i++) this.words[i] = this.features.word(tokens[i] ?? "");
    return tokens.length;
  }

  /**
   * Counts the features of words[0 .. length): the words, then adjacent pairs. Leaves their
   * distinct ids in `order` (first occurrence order) with their counts in `counts`, and returns
   * how many there are.
   */
  private featuresOf(length: number): number {
    let distinct = 0;
    for (let i = 0; i < length; i++) distinct = this.count(this.words[i] ?? 0, distinct);
    for (let i = 0; i + 1 < length; i++) distinct = this.count(this.features.pair(this.words[i] ?? 0, this.words[i + 1] ?? 0), distinct);
    return distinct;
  }

  /** One occurrence of `feature`; returns the new number of distinct features. */
  private count(feature: number, distinct: number): number {
    if (feature >= this.counts.length) this.counts = grownInt32(this.counts, Math.max(feature + 1, this.counts.length * 2));
    const count = this.counts[feature] ?? 0;
    this.counts[feature] = count + 1;
    if (count > 0) return distinct;
    if (distinct === this.order.length) this.order = grownInt32(this.order, this.order.length * 2);
    this.order[distinct] = feature;
    return distinct + 1;
  }
}

/**
 * Distinct features (words and adjacent word pairs) as dense integer ids, with each one's hash53
 * (of the word, or of "w1 w2") and document frequency.
 */
class FeatureTable {
  private readonly words = new Map<string, number>();
  /** Feature id -> its word ("" for pairs, whose text is only needed once, for the hash). */
  private readonly wordTexts: string[] = [];
  private hashes = new Float64Array(1024);
  private frequencies = new Int32Array(1024);
  private count = 0;
  // Open addressing over (first word id, second word id) -> pair feature id; load <= 1/2.
  private pairFirst = new Int32Array(1024);
  private pairSecond = new Int32Array(1024);
  private pairFeature = new Int32Array(1024).fill(-1);
  private pairs = 0;

  word(text: string): number {
    let id = this.words.get(text);
    if (id === undefined) {
      id = this.add(text, text);
      this.words.set(text, id);
    }
    return id;
  }

  pair(first: number, second: number): number {
    let slot = this.pairSlot(first, second);
    const existing = this.pairFeature[slot] ?? -1;
    if (existing >= 0) return existing;
    if ((this.pairs + 1) * 2 > this.pairFeature.length) {
      this.growPairs();
      slot = this.pairSlot(first, second);
    }
    const id = this.add(`${this.wordTexts[first] ?? ""} ${this.wordTexts[second] ?? ""}`, "");
    this.pairFirst[slot] = first;
    this.pairSecond[slot] = second;
    this.pairFeature[slot] = id;
    this.pairs++;
    return id;
  }

  hash(feature: number): number {
    return this.hashes[feature] ?? 0;
  }

  documentFrequency(feature: number): number {
    return this.frequencies[feature] ?? 0;
  }

  /** One more document holds the feature (callers pass each distinct feature of a text once). */
  countDocument(feature: number): void {
    this.frequencies[feature] = (this.frequencies[feature] ?? 0) + 1;
  }

  private add(text: string, word: string): number {
    const id = this.count++;
    if (id === this.hashes.length) {
      const size = this.hashes.length * 2;
      const hashes = new Float64Array(size);
      hashes.set(this.hashes);
      this.hashes = hashes;
      this.frequencies = grownInt32(this.frequencies, size);
    }
    this.hashes[id] = hash53(text);
    this.wordTexts.push(word);
    return id;
  }

  /** The pair's slot: where it is, or the empty slot where it would go. */
  private pairSlot(first: number, second: number): number {
    const mask = this.pairFeature.length - 1;
    let slot = (Math.imul(first, 0x9e3779b1) ^ Math.imul(second, 0x85ebca6b)) & mask;
    for (;;) {
      const feature = this.pairFeature[slot] ?? -1;
      if (feature < 0 || (this.pairFirst[slot] === first && this.pairSecond[slot] === second)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private growPairs(): void {
    const first = this.pairFirst;
    const second = this.pairSecond;
    const feature = this.pairFeature;
    this.pairFirst = new Int32Array(first.length * 2);
    this.pairSecond = new Int32Array(first.length * 2);
    this.pairFeature = new Int32Array(first.length * 2).fill(-1);
    for (let old = 0; old < feature.length; old++) {
      const id = feature[old] ?? -1;
      if (id < 0) continue;
      const slot = this.pairSlot(first[old] ?? 0, second[old] ?? 0);
      this.pairFirst[slot] = first[old] ?? 0;
      this.pairSecond[slot] = second[old] ?? 0;
      this.pairFeature[slot] = id;
    }
  }
}

function grownInt32(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(size);
  out.set(array);
  return out;
}
