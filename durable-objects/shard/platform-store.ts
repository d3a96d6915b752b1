import type { CommentRow, LinkPostRow } from "./shard-rows.js";
import { readerCommentOf, readerPostOf } from "./shard-rows.js";
import { bm25Similarity } from "../../core/platform/text-match.js";
import type { AppliedResult } from "./shard-types.js";
import type {
  PlatformCommentRow,
  PlatformCountsAnswer,
  PlatformLookupAnswer,
  PlatformPostRow,
  PlatformSocialAnswer,
  SearchHit,
} from "../../core/contracts/platform-rows.js";
import type { PlatformPostsRequest } from "./platform-types.js";
import { commentScoreOrderSql, postOrderSql } from "./shard-order.js";

/**
 * The platform API's queries over one shard's tables (content-shard.ts exposes them as RPCs).
 * Every value is bound as a parameter, never interpolated text; a list is one parameter.
 */

/**
 * A list as one bound parameter: `col IN (SELECT value FROM json_each(?))` with the list as a JSON
 * array. One `?` per element broke past SQLite's 100 bound parameters (GET /feed answered 500 once
 * an agent followed 100 others).
 */
const inList = "(SELECT value FROM json_each(?))";
const listArg = (values: readonly string[]): string => JSON.stringify(values);

const postColumns = "id, author, submolt, title, content, url, round, up, down, comment_count, hot";

function postRow(r: LinkPostRow): PlatformPostRow {
  const { score: _score, ...post } = readerPostOf(r);
  return { ...post, url: r.url };
}

function commentRow(r: CommentRow): PlatformCommentRow {
  const { score: _score, ...comment } = readerCommentOf(r);
  return comment;
}

export function platformPosts(sql: SqlStorage, request: PlatformPostsRequest): PlatformPostRow[] {
  const conditions: string[] = [];
  const args: SqlStorageValue[] = [];
  const submoltFilter = request.submolts === null ? null : `submolt IN ${inList}`;
  const authorFilter = request.authors === null ? null : `author IN ${inList}`;
  if (request.match === "any" && submoltFilter !== null && authorFilter !== null) {
    conditions.push(`(${submoltFilter} OR ${authorFilter})`);
    args.push(listArg(request.submolts ?? []), listArg(request.authors ?? []));
  } else {
    if (submoltFilter !== null) {
      conditions.push(submoltFilter);
      args.push(listArg(request.submolts ?? []));
    }
    if (authorFilter !== null) {
      conditions.push(authorFilter);
      args.push(listArg(request.authors ?? []));
    }
  }
  if (request.sort === "rising") {
    conditions.push("round >= ?");
    args.push(request.sinceRound);
  }
  // rising: the window's posts newest first; the caller ranks them.
  const order = postOrderSql(request.sort === "rising" ? "new" : request.sort);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
  return sql
    .exec<LinkPostRow>(`SELECT ${postColumns} FROM posts ${where} ORDER BY ${order} LIMIT ?`, ...args, request.limit)
    .toArray()
    .map(postRow);
}

export function lookup(sql: SqlStorage, posts: readonly string[], comments: readonly string[]): PlatformLookupAnswer {
  return {
    posts:
      posts.length === 0
        ? []
        : sql
            .exec<LinkPostRow>(`SELECT ${postColumns} FROM posts WHERE id IN ${inList}`, listArg(posts))
            .toArray()
            .map(postRow),
    comments:
      comments.length === 0
        ? []
        : sql
            .exec<CommentRow>(`SELECT * FROM comments WHERE id IN ${inList}`, listArg(comments))
            .toArray()
            .map(commentRow),
  };
}

export function threadComments(sql: SqlStorage, post: string, limit: number): PlatformCommentRow[] {
  return sql
    .exec<CommentRow>(`SELECT * FROM comments WHERE post = ? ORDER BY ${commentScoreOrderSql} LIMIT ?`, post, limit)
    .toArray()
    .map(commentRow);
}

export function voteStates(sql: SqlStorage, voter: string, targets: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  if (targets.length === 0) return out;
  for (const row of sql.exec<{ target: string; value: number }>(
    `SELECT target, value FROM votes WHERE voter = ? AND target IN ${inList}`,
    voter,
    listArg(targets),
  )) {
    if (row.value !== 0) out[row.target] = row.value;
  }
  return out;
}

export function socialOf(sql: SqlStorage, agent: string, limit: number): PlatformSocialAnswer {
  return {
    following: sql
      .exec<{ target: string }>("SELECT target FROM follows WHERE follower = ? ORDER BY target LIMIT ?", agent, limit)
      .toArray()
      .map((r) => r.target),
    subscriptions: sql
      .exec<{ submolt: string }>("SELECT submolt FROM subscriptions WHERE agent = ? ORDER BY submolt LIMIT ?", agent, limit)
      .toArray()
      .map((r) => r.submolt),
  };
}

export function counts(sql: SqlStorage, followers: readonly string[], subscribers: readonly string[]): PlatformCountsAnswer {
  const out: PlatformCountsAnswer = { followers: [], subscribers: [] };
  for (const target of followers) {
    const n = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM follows WHERE target = ?", target).one().n;
    if (n > 0) out.followers.push([target, n]);
  }
  for (const submolt of subscribers) {
    const n = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM subscriptions WHERE submolt = ?", submolt).one().n;
    if (n > 0) out.subscribers.push([submolt, n]);
  }
  return out;
}

/** The tables the search index covers, with their index and indexed columns (constants, never input). */
const searchedTables = [
  { table: "posts", index: "posts_fts", columns: "title, content" },
  { table: "comments", index: "comments_fts", columns: "content" },
] as const;

/**
 * Indexes at most `maxRows` of each table's rows written since the last search (shard-schema.ts
 * v4), oldest first, and moves the mark to the last row indexed. Call inside a transaction: the
 * rows and their mark move together. Returns whether rows are left to index.
 */
export function catchUpSearchIndex(sql: SqlStorage, maxRows: number): boolean {
  let left = false;
  for (const { table, index, columns } of searchedTables) {
    const upto = sql.exec<{ upto: number }>("SELECT indexed_upto AS upto FROM fts_progress WHERE name = ?", table).one().upto;
    const chunk = sql
      .exec<{ last: number | null; rows: number }>(
        `SELECT MAX(rowid) AS last, COUNT(*) AS rows FROM (SELECT rowid FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?)`,
        upto,
        maxRows,
      )
      .one();
    if (chunk.last === null) continue;
    sql.exec(
      `INSERT INTO ${index} (rowid, ${columns}) SELECT rowid, ${columns} FROM ${table} WHERE rowid > ? AND rowid <= ?`,
      upto,
      chunk.last,
    );
    sql.exec("UPDATE fts_progress SET indexed_upto = ? WHERE name = ?", chunk.last, table);
    if (chunk.rows === maxRows) left = true;
  }
  return left;
}

/** What a post and a comment hit share, read from the row; `post` and `title` differ by kind. */
function searchHit(
  kind: SearchHit["kind"],
  r: { id: string; author: string; content: string; submolt: string; round: number; up: number; down: number; rank: number },
  post: string,
  title: string | null,
): SearchHit {
  return {
    kind,
    id: r.id,
    post,
    author: r.author,
    title,
    content: r.content,
    submolt: r.submolt,
    round: r.round,
    up: r.up,
    down: r.down,
    bm25: r.rank,
  };
}

/** Ranked full-text hits of this shard; bm25 is shard-local, which is why it is mapped to [0, 1]. */
export function search(sql: SqlStorage, match: string, posts: boolean, comments: boolean, limit: number): SearchHit[] {
  const hits: SearchHit[] = [];
  if (posts) {
    for (const r of sql.exec<LinkPostRow & { rank: number }>(
      `SELECT p.id, p.author, p.submolt, p.title, p.content, p.url, p.round, p.up, p.down, p.comment_count, p.hot,
         bm25(posts_fts, 2.0, 1.0) AS rank
       FROM posts_fts JOIN posts p ON p.rowid = posts_fts.rowid WHERE posts_fts MATCH ? ORDER BY rank, p.id LIMIT ?`,
      match,
      limit,
    )) {
      hits.push(searchHit("post", r, r.id, r.title));
    }
  }
  if (comments) {
    for (const r of sql.exec<CommentRow & { rank: number; submolt: string }>(
      `SELECT c.*, p.submolt AS submolt, bm25(comments_fts) AS rank
       FROM comments_fts JOIN comments c ON c.rowid = comments_fts.rowid JOIN posts p ON p.id = c.post
       WHERE comments_fts MATCH ? ORDER BY rank, c.id LIMIT ?`,
      match,
      limit,
    )) {
      hits.push(searchHit("comment", r, r.post, null));
    }
  }
  return hits.sort((a, b) => bm25Similarity(b.bm25) - bm25Similarity(a.bm25) || (a.id < b.id ? -1 : 1)).slice(0, limit);
}

/**
 * Deletes an author's own post (with its thread) or comment (with the replies under it, so no
 * reply is left pointing at nothing). Karma already earned stays: it is history.
 */
export function deleteContent(sql: SqlStorage, agent: string, target: string, targetType: "post" | "comment"): AppliedResult {
  if (targetType === "post") {
    const post = sql.exec<{ author: string }>("SELECT author FROM posts WHERE id = ?", target).toArray()[0];
    if (!post) return { status: "rejected", reason: "unknown target" };
    if (post.author !== agent) return { status: "rejected", reason: "not the author" };
    sql.exec("DELETE FROM votes WHERE target IN (SELECT id FROM comments WHERE post = ?)", target);
    sql.exec("DELETE FROM comments WHERE post = ?", target);
    sql.exec("DELETE FROM votes WHERE target = ?", target);
    sql.exec("DELETE FROM posts WHERE id = ?", target);
    return { status: "accepted" };
  }
  const comment = sql.exec<{ author: string; post: string }>("SELECT author, post FROM comments WHERE id = ?", target).toArray()[0];
  if (!comment) return { status: "rejected", reason: "unknown target" };
  if (comment.author !== agent) return { status: "rejected", reason: "not the author" };
  const subtree = sql
    .exec<{ id: string }>(
      `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT c.id FROM comments c JOIN sub ON c.parent = sub.id) SELECT id FROM sub`,
      target,
    )
    .toArray()
    .map((r) => r.id);
  for (const id of subtree) {
    sql.exec("DELETE FROM votes WHERE target = ?", id);
    sql.exec("DELETE FROM comments WHERE id = ?", id);
  }
  sql.exec("UPDATE posts SET comment_count = MAX(0, comment_count - ?) WHERE id = ?", subtree.length, comment.post);
  return { status: "accepted" };
}
