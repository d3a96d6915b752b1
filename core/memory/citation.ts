import { postIdSource } from "../ids.js";

/**
 * How a sim post or comment cites a memory row it recalled, written by the sim policy and read back
 * by readers' memories: one definition of the format, so the two cannot drift apart.
 */

/** The sentence a sim text appends for a recalled row: its item and, when known, its author. */
export function simCitation(item: string, author: string | undefined): string {
  return ` Still thinking about ${item}${author ? ` by @${author}` : ""}.`;
}

const citationPattern = new RegExp(String.raw`Still thinking about (${postIdSource})(?: by @([A-Za-z0-9_-]+))?\.`, "g");

/**
 * The posts and agents the given texts cite, sorted, without `exclude` (the item and author a
 * memory row already names). A sim reader remembers them with the post it read: what others keep
 * citing becomes part of what it remembers (docs/metrics.md section 10, "Controls").
 */
export function citedSources(texts: readonly string[], exclude: readonly string[]): string[] {
  const cited = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(citationPattern)) {
      if (match[1]) cited.add(match[1]);
      if (match[2]) cited.add(match[2]);
    }
  }
  for (const source of exclude) cited.delete(source);
  return [...cited].sort();
}
