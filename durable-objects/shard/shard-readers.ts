import type { CommentRow, PostRow } from "./shard-rows.js";
import { readerCommentOf, readerPostOf } from "./shard-rows.js";
import { commentRecencyOrderSql, commentScoreOrderSql, postOrderSql } from "./shard-order.js";
import type { ReaderComment, ReaderPost } from "../../core/contracts/readers.js";
import type { z } from "zod";
import type { browseRequestSchema } from "./shard-types.js";
import type { NamedCounts } from "../../core/contracts/platform-rows.js";

/** The readers' queries (pages, agent inspector) over one shard's tables; content-shard.ts exposes them. */

/** Comments a thread view returns at most: Moltbook threads are shallow and short (depth ~1.07). */
const maxThreadComments = 500;

/** This shard's first `limit` posts in a sort, optionally of one submolt or author. */
export function browse(sql: SqlStorage, request: z.output<typeof browseRequestSchema>): ReaderPost[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (request.submolt !== null) {
    where.push("submolt = ?");
    args.push(request.submolt);
  }
  if (request.author !== null) {
    where.push("author = ?");
    args.push(request.author);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
  return sql
    .exec<PostRow>(`SELECT * FROM posts ${clause} ORDER BY ${postOrderSql(request.sort)} LIMIT ?`, ...args, request.limit)
    .toArray()
    .map(readerPostOf);
}

/** One post with its whole thread (bounded), comments in score order; null if not stored here. */
export function thread(sql: SqlStorage, id: string): { post: ReaderPost; comments: ReaderComment[] } | null {
  const row = sql.exec<PostRow>("SELECT * FROM posts WHERE id = ?", id).toArray()[0];
  if (!row) return null;
  const comments = sql
    .exec<CommentRow>(`SELECT * FROM comments WHERE post = ? ORDER BY ${commentScoreOrderSql} LIMIT ?`, id, maxThreadComments)
    .toArray()
    .map(readerCommentOf);
  return { post: readerPostOf(row), comments };
}

/** An author's most recent comments stored in this shard. */
export function commentsBy(sql: SqlStorage, author: string, limit: number): ReaderComment[] {
  return sql
    .exec<CommentRow>(`SELECT * FROM comments WHERE author = ? ORDER BY ${commentRecencyOrderSql} LIMIT ?`, author, limit)
    .toArray()
    .map(readerCommentOf);
}

/**
 * This shard's part of each author's karma (votes on their content stored here) as [author, karma]
 * pairs (names are never object keys, platform-rows.ts); zero parts are left out.
 */
export function karmaOf(sql: SqlStorage, authors: readonly string[]): NamedCounts {
  const out: NamedCounts = [];
  for (const author of authors) {
    const row = sql.exec<{ karma: number }>("SELECT karma FROM karma WHERE agent = ?", author).toArray()[0];
    if (row && row.karma !== 0) out.push([author, row.karma]);
  }
  return out;
}
