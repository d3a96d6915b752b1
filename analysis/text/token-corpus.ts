import type { AnalysisLog } from "../log/analysis-log.js";
import { wordTokens } from "./tokens.js";

/**
 * Every post and comment as token ids, in chronological order (by round; posts before comments
 * within a round, which the metrics built on it never rely on). The n-gram metrics pass over the
 * corpus several times; tokenising once into an Int32Array keeps those passes cheap in time and
 * memory (4 bytes a token instead of one string each), and lets n-grams be hashed from integers
 * without building their text.
 */
export interface TokenCorpus {
  readonly items: number;
  /** Round of each item. */
  readonly rounds: Int32Array;
  /** Author of each item, as an index into `agents`. */
  readonly authors: Int32Array;
  /** Item i's tokens are tokens[starts[i] .. starts[i + 1]). */
  readonly starts: Int32Array;
  readonly tokens: Int32Array;
  /** Token id -> lower-cased word. */
  readonly vocabulary: readonly string[];
  /** Author index -> agent id. */
  readonly agents: readonly string[];
  /** Each item's index in the log's posts followed by its comments ([...posts, ...comments]). */
  readonly logItems: Int32Array;
}

export function buildTokenCorpus(log: Pick<AnalysisLog, "posts" | "comments">): TokenCorpus {
  const items = log.posts.length + log.comments.length;
  const rounds = new Int32Array(items);
  const authors = new Int32Array(items);
  const starts = new Int32Array(items + 1);
  const logItems = new Int32Array(items);
  let tokens = new Int32Array(1024);
  let length = 0;
  const vocabulary: string[] = [];
  const tokenIds = new Map<string, number>();
  const agents: string[] = [];
  const agentIds = new Map<string, number>();

  let p = 0;
  let c = 0;
  for (let i = 0; i < items; i++) {
    const post = log.posts[p];
    const comment = log.comments[c];
    const item = post !== undefined && (comment === undefined || post.round <= comment.round) ? post : comment;
    if (item === post) logItems[i] = p++;
    else logItems[i] = log.posts.length + c++;
    if (item === undefined) break;
    rounds[i] = item.round;
    let agent = agentIds.get(item.author);
    if (agent === undefined) {
      agent = agents.length;
      agents.push(item.author);
      agentIds.set(item.author, agent);
    }
    authors[i] = agent;
    starts[i] = length;
    for (const word of wordTokens(item.text)) {
      let id = tokenIds.get(word);
      if (id === undefined) {
        id = vocabulary.length;
        vocabulary.push(word);
        tokenIds.set(word, id);
      }
      if (length === tokens.length) {
        const bigger = new Int32Array(tokens.length * 2);
        bigger.set(tokens);
        tokens = bigger;
      }
      tokens[length++] = id;
    }
  }
  starts[items] = length;
  return { items, rounds, authors, starts, tokens: tokens.slice(0, length), vocabulary, agents, logItems };
}

const corpora = new WeakMap<object, TokenCorpus>();

/**
 * The corpus of a log, built once and shared: the hashing embedder, lexicalTurnover and
 * memeDiffusion all read it, and tokenising the log costs more than the ~4 bytes a token it keeps.
 */
export function tokenCorpusOf(log: Pick<AnalysisLog, "posts" | "comments">): TokenCorpus {
  let corpus = corpora.get(log);
  if (!corpus) {
    corpus = buildTokenCorpus(log);
    corpora.set(log, corpus);
  }
  return corpus;
}

/** N-gram positions of the corpus: item by item, every start s with s + n <= the item's end. */
export function ngramPositions(corpus: TokenCorpus, n: number): number {
  let count = 0;
  for (let i = 0; i < corpus.items; i++) count += Math.max(0, (corpus.starts[i + 1] ?? 0) - (corpus.starts[i] ?? 0) - n + 1);
  return count;
}

/**
 * Every n-gram's key in position order (see ngramPositions), written into `out` (which must hold
 * them all) and returned as a view of the filled part: the n-gram passes hash each position once.
 */
export function ngramKeys(corpus: TokenCorpus, n: number, out: Float64Array): Float64Array {
  let at = 0;
  for (let i = 0; i < corpus.items; i++) {
    const end = corpus.starts[i + 1] ?? 0;
    for (let s = corpus.starts[i] ?? 0; s + n <= end; s++) out[at++] = ngramKey(corpus.tokens, s, n);
  }
  return out.subarray(0, at);
}

/**
 * A 53-bit hash of tokens[start .. start + n) - the cyrb53 construction of hash53, fed token ids
 * instead of char codes. n is mixed into the seed so different orders never share keys.
 */
export function ngramKey(tokens: Int32Array, start: number, n: number): number {
  let h1 = 0xdeadbeef ^ n;
  let h2 = 0x41c6ce57 ^ n;
  for (let i = start; i < start + n; i++) {
    const v = tokens[i] ?? 0;
    h1 = Math.imul(h1 ^ v, 2654435761);
    h2 = Math.imul(h2 ^ v, 1597334677);
  }
  return finish(h1, h2);
}

/** A 53-bit hash of a (53-bit key, small integer) pair, e.g. (n-gram, agent). */
export function pairKey(key: number, value: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / 4294967296);
  let h1 = Math.imul(0x9e3779b9 ^ lo, 2654435761);
  let h2 = Math.imul(0x7f4a7c15 ^ lo, 1597334677);
  h1 = Math.imul(h1 ^ hi, 2654435761);
  h2 = Math.imul(h2 ^ hi, 1597334677);
  h1 = Math.imul(h1 ^ value, 2654435761);
  h2 = Math.imul(h2 ^ value, 1597334677);
  return finish(h1, h2);
}

function finish(a: number, b: number): number {
  let h1 = a;
  let h2 = b;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The text of an n-gram (for reports), from its position in the corpus. */
export function ngramText(corpus: TokenCorpus, start: number, n: number): string {
  const words: string[] = [];
  for (let i = start; i < start + n; i++) words.push(corpus.vocabulary[corpus.tokens[i] ?? 0] ?? "");
  return words.join(" ");
}
