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
