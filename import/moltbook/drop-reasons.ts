/**
 * Why a source record did not become an event. Each reason is counted in summary.json, so an
 * import says how much of its source it left out and why instead of silently shrinking.
 */
export const dropReasons = [
  /** A JSONL line that is not JSON (scraped dumps often end with a truncated line). */
  "unparseable",
  /** Not a record: no id, or no readable `created_at` to place it in time. */
  "invalid",
  /** No author name or id: an agent event needs an actor, and one shared stand-in would fake a very active agent. */
  "noAuthor",
  /** The same dataset id of the same kind seen again (overlapping crawls, a post both listed and fetched); the first copy read wins. */
  "duplicate",
  "missingPost",
  /** The post exists but was itself dropped (no author). */
  "postDropped",
  "postLater",
  "missingParent",
  "parentLater",
  /** The parent exists but was itself dropped, so the reply would point at nothing. */
  "parentDropped",
  /** The parent comment belongs to another post. */
  "parentOtherPost",
  /** Parents that loop (same timestamps, or a comment naming itself). */
  "cycle",
  /** Only with `sameHourReplies: "drop"`: canonical order would put the reply before its target. */
  "sameRoundOrder",
] as const;

export type DropReason = (typeof dropReasons)[number];
export type DropCounts = Record<DropReason, number>;

export function emptyDropCounts(): DropCounts {
  return {
    unparseable: 0,
    invalid: 0,
    noAuthor: 0,
    duplicate: 0,
    missingPost: 0,
    postDropped: 0,
    postLater: 0,
    missingParent: 0,
    parentLater: 0,
    parentDropped: 0,
    parentOtherPost: 0,
    cycle: 0,
    sameRoundOrder: 0,
  };
}
