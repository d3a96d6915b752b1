/**
 * The shard's sort orders as SQL ORDER BY clauses (constants, never input), one definition for the
 * round's candidate pool, the readers and the platform API. Each ends in `id`, so ties break alike
 * on every shard and the merged order is total; the indexes of shard-schema.ts follow them.
 */

/** Posts: by score (`top`), newest round first (`new`), or by hot rank (`hot`). */
export function postOrderSql(sort: "hot" | "new" | "top"): string {
  return sort === "top" ? "(up - down) DESC, id" : sort === "new" ? "round DESC, id" : "hot DESC, id";
}

/** A post's comments, best scored first. */
export const commentScoreOrderSql = "(up - down) DESC, id";

/** An author's comments, newest round first. */
export const commentRecencyOrderSql = "round DESC, id";
