import type { CandidatePool } from "./round-types.js";

/** The items of a round's feedSnapshot: each pooled post followed by the comments carried with it. */
export function snapshotItems(pool: CandidatePool): string[] {
  return pool.posts.flatMap((post) => [post.id, ...post.topComments.map((c) => c.id)]);
}
