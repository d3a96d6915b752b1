import type { ReaderComment, ReaderPost } from "../../core/contracts/readers.js";

/** The shard's SQLite rows as queries return them (shard-schema.ts), shared by its readers. */
export interface PostRow extends Record<string, SqlStorageValue> {
  id: string;
  author: string;
  submolt: string;
  title: string;
  content: string;
  round: number;
  up: number;
  down: number;
  comment_count: number;
  hot: number;
}

/** A post with the platform API's link (migration v3). */
export interface LinkPostRow extends PostRow {
  url: string | null;
}

export interface CommentRow extends Record<string, SqlStorageValue> {
  id: string;
  post: string;
  parent: string | null;
  author: string;
  content: string;
  round: number;
  depth: number;
  up: number;
  down: number;
}

/** A post row as readers (pages, platform API) see it, with its score. */
export function readerPostOf(row: PostRow): ReaderPost {
  return {
    id: row.id,
    author: row.author,
    submolt: row.submolt,
    title: row.title,
    content: row.content,
    round: row.round,
    up: row.up,
    down: row.down,
    score: row.up - row.down,
    comments: row.comment_count,
    hot: row.hot,
  };
}

export function readerCommentOf(row: CommentRow): ReaderComment {
  return {
    id: row.id,
    post: row.post,
    parent: row.parent,
    author: row.author,
    content: row.content,
    round: row.round,
    depth: row.depth,
    up: row.up,
    down: row.down,
    score: row.up - row.down,
  };
}
