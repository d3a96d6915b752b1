import { z } from "zod";

/**
 * The queued writes every platform API reader sees at once (docs/platform-api.md, "Time and
 * visibility"): the ExperimentObject's `overlay` answer, which readers lay over what the shards hold.
 */

const id = z.string().min(1).max(200);

export const overlayRequestSchema = z.strictObject({
  op: z.literal("overlay"),
  /** Posts whose queued counts (and, when queued, the posts themselves) are wanted. */
  posts: z.array(id).max(10_000),
  /** Posts whose queued comments are wanted. */
  threads: z.array(id).max(100),
  /** At most this many queued comments per answer (a thread reads at most 500 comments). */
  threadLimit: z.number().int().min(1).max(500).default(500),
  /** Comments looked up by id. */
  comments: z.array(id).max(500),
  /** Agents whose karma and follower counts are wanted; submolts whose subscriber counts are. */
  agents: z.array(id).max(1_000),
  submolts: z.array(z.string().max(64)).max(1_000),
  /** Every queued post (lists rank them with the committed ones). */
  newPosts: z.boolean(),
});
export type OverlayRequest = z.input<typeof overlayRequestSchema>;

export const queuedPostSchema = z.strictObject({
  id,
  author: id,
  submolt: z.string(),
  title: z.string(),
  content: z.string(),
  url: z.string().nullable(),
  round: z.number().int(),
});

export const queuedCommentSchema = z.strictObject({
  id,
  post: id,
  parent: id.nullable(),
  author: id,
  content: z.string(),
  round: z.number().int(),
  depth: z.number().int(),
});

/** `[key, delta]` pairs: what queued writes add to a committed count. */
const deltas = z.array(z.tuple([z.string(), z.number().int()]));

export const overlayAnswerSchema = z.strictObject({
  ok: z.literal(true),
  posts: z.array(queuedPostSchema),
  comments: z.array(queuedCommentSchema),
  /** Posts and comments a queued deletion removes. */
  deleted: z.array(id),
  /** Per post: upvotes, downvotes and comments to add. */
  postCounts: z.array(z.tuple([id, z.number().int(), z.number().int(), z.number().int()])),
  /** Per comment: upvotes and downvotes to add. */
  commentCounts: z.array(z.tuple([id, z.number().int(), z.number().int()])),
  karma: deltas,
  followers: deltas,
  subscribers: deltas,
});
export type OverlayAnswer = z.infer<typeof overlayAnswerSchema>;
export type QueuedPost = z.infer<typeof queuedPostSchema>;
export type QueuedComment = z.infer<typeof queuedCommentSchema>;
