import { linearRegression } from "simple-statistics";
import type { AnalysisLog } from "../../log/analysis-log.js";
import { upvotesByPost } from "./commenter-ties.js";

/** Posts with both upvotes and comments needed before a slope is read. */
const minPosts = 10;

/**
 * Upvotes against discussion size: the exponent b of upvotes ~ comments^b, the least-squares slope
 * of log upvotes on log comments over posts with at least one of each (De Marzo & Garcia find it
 * sublinear on Moltbook, b < 1, where human platforms scale at or above 1). Null with fewer than
 * ten such posts or no spread in comment counts.
 */
export function upvoteCommentScaling(log: AnalysisLog): number | null {
  const upvotes = upvotesByPost(log);
  const comments = new Map<string, number>();
  for (const comment of log.comments) comments.set(comment.post, (comments.get(comment.post) ?? 0) + 1);
  const points: [number, number][] = [];
  for (const [post, up] of upvotes) {
    const c = comments.get(post) ?? 0;
    if (up >= 1 && c >= 1) points.push([Math.log(c), Math.log(up)]);
  }
  if (points.length < minPosts) return null;
  const first = points[0]?.[0];
  if (points.every((p) => p[0] === first)) return null;
  return linearRegression(points).m;
}
