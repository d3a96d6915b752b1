import type { AnalysisLog } from "../../log/analysis-log.js";
import { wordTokens } from "../../text/tokens.js";

/** A word is distinctive when at most this share of posts and comments use it (and at least two). */
export const distinctiveMaxShare = 0.01;

/**
 * Comment-to-post specificity: the share of comments that share no distinctive word with their
 * post - a generic reply ("great post!") fits any post. A word (docs/metrics.md "Tokens") is
 * distinctive when it appears in at least two and at most 1 % of all posts and comments: common
 * words cannot tie a reply to its post, and a word nobody else used cannot be shared. Comments
 * whose post is not in the log are left out; null without any comment on a logged post.
 */
export function vocabularyNoOverlapShare(log: AnalysisLog): number | null {
  const items = [...log.posts, ...log.comments];
  const documentFrequency = new Map<string, number>();
  const wordsOf = new Map<string, Set<string>>();
  for (const item of items) {
    const words = new Set(wordTokens(item.text));
    wordsOf.set(item.id, words);
    for (const word of words) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  }
  const maxFrequency = Math.max(2, Math.floor(distinctiveMaxShare * items.length));
  const distinctive = (word: string): boolean => {
    const df = documentFrequency.get(word) ?? 0;
    return df >= 2 && df <= maxFrequency;
  };
  let comments = 0;
  let noOverlap = 0;
  for (const comment of log.comments) {
    const postWords = wordsOf.get(comment.post);
    if (postWords === undefined) continue;
    comments++;
    let shared = false;
    for (const word of wordsOf.get(comment.id) ?? []) {
      if (postWords.has(word) && distinctive(word)) {
        shared = true;
        break;
      }
    }
    if (!shared) noOverlap++;
  }
  return comments > 0 ? noOverlap / comments : null;
}
