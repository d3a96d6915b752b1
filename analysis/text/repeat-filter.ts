import { ngramKey } from "./token-corpus.js";
import type { TokenCorpus } from "./token-corpus.js";

/**
 * A two-bit-per-bucket sketch over a corpus's n-grams that says which might occur at least twice.
 * Most distinct n-grams (for n >= 3 the great majority) occur once; dropping them before the exact
 * tables keeps memory proportional to the repeated ones. Buckets are shared, so it can say "maybe"
 * for a single n-gram (the exact pass that follows removes those) but never "no" for a repeated one.
 */
export class RepeatFilter {
  private readonly once: Uint32Array;
  private readonly twice: Uint32Array;
  private readonly mask: number;

  /** `keys`, when given, are the corpus's n-gram keys in position order (ngramKeys), so none is hashed again. */
  constructor(corpus: TokenCorpus, n: number, keys?: Float64Array) {
    const occurrences = Math.max(1, corpus.tokens.length);
    // ~8 buckets per occurrence keeps false "maybe"s near 1 / 8, capped at 2^30 bits (2 x 128 MB).
    let bits = 1024;
    while (bits < occurrences * 8 && bits < 2 ** 30) bits *= 2;
    this.once = new Uint32Array(bits / 32);
    this.twice = new Uint32Array(bits / 32);
    this.mask = bits - 1;
    if (keys) {
      for (let i = 0; i < keys.length; i++) this.add(keys[i] ?? 0);
      return;
    }
    for (let i = 0; i < corpus.items; i++) {
      const end = corpus.starts[i + 1] ?? 0;
      for (let s = corpus.starts[i] ?? 0; s + n <= end; s++) this.add(ngramKey(corpus.tokens, s, n));
    }
  }

  /** False only for n-grams that occur at most once. */
  mayRepeat(key: number): boolean {
    const bucket = this.bucket(key);
    return (((this.twice[bucket >>> 5] ?? 0) >>> (bucket & 31)) & 1) === 1;
  }

  private add(key: number): void {
    const bucket = this.bucket(key);
    const word = bucket >>> 5;
    const bit = 1 << (bucket & 31);
    if (((this.once[word] ?? 0) & bit) !== 0) this.twice[word] = (this.twice[word] ?? 0) | bit;
    else this.once[word] = (this.once[word] ?? 0) | bit;
  }

  /** Folds the key's high bits into its low ones: NumberTable probes from the low bits alone. */
  private bucket(key: number): number {
    return (Math.floor(key / 2097152) ^ (key >>> 0)) & this.mask;
  }
}
