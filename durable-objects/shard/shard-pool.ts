import type { CommentRow, PostRow } from "./shard-rows.js";
import { commentScoreOrderSql, postOrderSql } from "./shard-order.js";
import { compareForFeed } from "../../core/platform/ranking.js";
import type { PoolComment, PoolPost } from "../../core/round/round-types.js";
import type { PoolRequest } from "./shard-types.js";

/**
 * This shard's part of the round's candidate pool: the top posts of each submolt in the feed's
 * sort plus the shard's newest posts, each with its best comments, texts cut to `textChars`.
 * The feeds without a stored order of their own (following, random) draw from the hot top.
 */
export function poolCandidates(sql: SqlStorage, request: PoolRequest): PoolPost[] {
  const order = postOrderSql(request.algorithm === "top" || request.algorithm === "new" ? request.algorithm : "hot");
  const byId = new Map<string, PostRow>();
  for (const submolt of request.submolts) {
    const rows = sql
      .exec<PostRow>(`SELECT * FROM posts WHERE submolt = ? ORDER BY ${order} LIMIT ?`, submolt, request.topPerSubmolt)
      .toArray();
    for (const row of rows) byId.set(row.id, row);
  }
  for (const row of sql.exec<PostRow>(`SELECT * FROM posts ORDER BY ${postOrderSql("new")} LIMIT ?`, request.newest)) {
    byId.set(row.id, row);
  }
  for (const id of request.pinned) for (const row of sql.exec<PostRow>("SELECT * FROM posts WHERE id = ?", id)) byId.set(row.id, row);
  const cut = (text: string): string => text.slice(0, request.textChars);
  const posts = [...byId.values()].map((row): PoolPost => {
    const comments = sql
      .exec<CommentRow>(`SELECT * FROM comments WHERE post = ? ORDER BY ${commentScoreOrderSql} LIMIT ?`, row.id, request.commentsPerPost)
      .toArray()
      .map((c): PoolComment => ({
        id: c.id,
        author: c.author,
        parent: c.parent,
        text: cut(c.content),
        score: c.up - c.down,
        authorKarma: 0,
        depth: c.depth,
      }));
    return {
      id: row.id,
      author: row.author,
      submolt: row.submolt,
      title: row.title,
      text: cut(row.content),
      score: row.up - row.down,
      authorKarma: 0,
      comments: row.comment_count,
      round: row.round,
      hot: row.hot,
      topComments: comments,
    };
  });
  return posts.sort((a, b) => compareForFeed(request.algorithm, a, b));
}
