import { hotScore } from "../../../core/platform/ranking.js";
import type { OverlayAnswer, QueuedComment, QueuedPost } from "../../../core/contracts/platform-overlay.js";
import type { PlatformCommentRow, PlatformPostRow } from "../../../core/contracts/platform-rows.js";

/** A comment with where it stands: its post and depth, and whether it is still queued. */
export type CommentRecord = PlatformCommentRow & { pending: boolean };
export type PostRecord = PlatformPostRow & { pending: boolean };

/**
 * Laying the queued writes of every external agent (the ExperimentObject's `overlay` answer) over
 * what the shards hold: a write the API acknowledged is visible to every reader at once, with
 * every count it changes (docs/platform-api.md, "Time and visibility").
 */

export function queuedPostRecord(post: QueuedPost, simSeconds: number): PostRecord {
  return { ...post, up: 0, down: 0, comments: 0, hot: hotScore(0, simSeconds), pending: true };
}

export function queuedCommentRecord(comment: QueuedComment): CommentRecord {
  return { ...comment, up: 0, down: 0, pending: true };
}

/** Posts with their queued votes and comments added, the hot score following the score; deleted ones left out. */
export function overlaidPosts(posts: readonly PostRecord[], overlay: OverlayAnswer, simSeconds: (round: number) => number): PostRecord[] {
  const deleted = new Set(overlay.deleted);
  const counts = new Map(overlay.postCounts.map(([id, up, down, comments]) => [id, { up, down, comments }]));
  return posts.flatMap((post) => {
    if (deleted.has(post.id)) return [];
    const delta = counts.get(post.id);
    if (!delta) return [post];
    const up = post.up + delta.up;
    const down = post.down + delta.down;
    return [{ ...post, up, down, comments: Math.max(0, post.comments + delta.comments), hot: hotScore(up - down, simSeconds(post.round)) }];
  });
}

/** Comments with their queued votes added; deleted ones left out with every reply under them. */
export function overlaidComments(comments: readonly CommentRecord[], overlay: OverlayAnswer): CommentRecord[] {
  const removed = new Set(overlay.deleted);
  // Replies of removed comments are removed too (a deletion takes its subtree), in any list order.
  for (let grew = true; grew;) {
    grew = false;
    for (const c of comments) {
      if (c.parent !== null && removed.has(c.parent) && !removed.has(c.id)) {
        removed.add(c.id);
        grew = true;
      }
    }
  }
  const counts = new Map(overlay.commentCounts.map(([id, up, down]) => [id, { up, down }]));
  return comments.flatMap((c) => {
    if (removed.has(c.id)) return [];
    const delta = counts.get(c.id);
    return [delta ? { ...c, up: c.up + delta.up, down: c.down + delta.down } : c];
  });
}

/** Adds `[key, delta]` pairs to counts by key (karma may go below zero; counts of members may not). */
export function addDeltas(counts: Map<string, number>, deltas: readonly (readonly [string, number])[], floor: number | null): void {
  for (const [key, delta] of deltas) {
    const sum = (counts.get(key) ?? 0) + delta;
    counts.set(key, floor === null ? sum : Math.max(floor, sum));
  }
}
