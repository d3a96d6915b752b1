/**
 * Text search helpers of the platform API. Content is searched with SQLite FTS5 in the shards;
 * agents and submolts (few, held by the experiment) are ranked here with the same idea - matched
 * query words, weighted by where they match - mapped to a similarity in [0, 1].
 */

/** Query words: letters and digits only, so nothing a client sends is FTS5 syntax. */
export function queryWords(q: string): string[] {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, 32);
}

/** An FTS5 MATCH expression: any of the words, each quoted as a literal; null when there is none. */
export function ftsMatch(q: string): string | null {
  const words = queryWords(q);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"`).join(" OR ");
}

/** FTS5's bm25() is <= 0, more negative = better: r / (1 + r) maps it onto [0, 1). */
export function bm25Similarity(bm25: number): number {
  const r = Math.max(0, -bm25);
  return Number((r / (1 + r)).toFixed(6));
}

/**
 * Similarity of a short record (a name and a description) to the query: the share of query words
 * it contains, a name match counting double, and an exact name match scoring 1.
 */
export function recordSimilarity(q: string, name: string, description: string): number {
  const words = queryWords(q);
  if (words.length === 0) return 0;
  const lowerName = name.toLowerCase();
  if (lowerName === q.trim().toLowerCase()) return 1;
  const nameWords = new Set(queryWords(name));
  const descriptionWords = new Set(queryWords(description));
  let score = 0;
  for (const word of words) {
    if (nameWords.has(word) || lowerName.includes(word)) score += 2;
    else if (descriptionWords.has(word)) score += 1;
  }
  return Number((score / (2 * words.length + 1)).toFixed(6));
}

/**
 * Similarity of a post or comment the full-text index found: the share of query words it holds
 * (a title match counting double, stems matched by prefix, as the index's porter stemmer does).
 * bm25 orders hits within a shard but depends on the shard's own statistics, so it only breaks ties.
 */
export function contentSimilarity(q: string, title: string, content: string): number {
  const words = queryWords(q);
  if (words.length === 0) return 0;
  const stemMatch = (word: string, list: ReadonlySet<string>): boolean => {
    if (list.has(word)) return true;
    const stem = word.slice(0, Math.max(3, word.length - 3));
    for (const other of list) if (other.startsWith(stem)) return true;
    return false;
  };
  const titleWords = new Set(queryWords(title));
  const contentWords = new Set(content.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  let score = 0;
  for (const word of words) {
    if (stemMatch(word, titleWords)) score += 2;
    else if (stemMatch(word, contentWords)) score += 1;
  }
  return Number((score / (2 * words.length)).toFixed(6));
}
