/** One record as a source file holds it, before validation, with what its place in the file says. */
export interface SourceItem {
  readonly value: unknown;
  /** Set when the record came from a `posts` or `comments` array, which says its kind when its fields do not. */
  readonly kind?: "post" | "comment";
  /** The post a nested comment sits under: live API threads leave `post_id` out. */
  readonly postId?: string;
  /** The comment a nested reply sits under, for replies that leave `parent_id` out. */
  readonly parentId?: string;
}
