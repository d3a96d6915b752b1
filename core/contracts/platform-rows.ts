import { z } from "zod";
import { readerCommentSchema, readerPostSchema } from "./readers.js";

/** What a content shard answers the platform API's readers (workers/routes/platform/reads.ts). */

/** The readers' rows with the platform's link field and without the derived score. */
export const platformPostRowSchema = readerPostSchema.omit({ score: true }).extend({ url: z.string().nullable() });
export type PlatformPostRow = z.infer<typeof platformPostRowSchema>;

export const platformCommentRowSchema = readerCommentSchema.omit({ score: true });
export type PlatformCommentRow = z.infer<typeof platformCommentRowSchema>;

export const searchHitSchema = z.strictObject({
  kind: z.enum(["post", "comment"]),
  id: z.string(),
  post: z.string(),
  author: z.string(),
  title: z.string().nullable(),
  content: z.string(),
  submolt: z.string(),
  round: z.number().int(),
  up: z.number().int(),
  down: z.number().int(),
  bm25: z.number(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

/** A shard's answer to a lookup by id: the posts and comments it stores of those asked. */
export const platformLookupAnswerSchema = z.strictObject({
  posts: z.array(platformPostRowSchema),
  comments: z.array(platformCommentRowSchema),
});
export type PlatformLookupAnswer = z.infer<typeof platformLookupAnswerSchema>;

/** Whom an agent follows and the submolts it subscribes to (both sorted), from the agent's shard. */
export const platformSocialAnswerSchema = z.strictObject({ following: z.array(z.string()), subscriptions: z.array(z.string()) });
export type PlatformSocialAnswer = z.infer<typeof platformSocialAnswerSchema>;

/** A shard's part of follower counts (by agent) and subscriber counts (by submolt); zero counts are left out. */
/**
 * Counts by name as [name, count] pairs: names are data a client chose, never object keys (an
 * agent named "__proto__" read karma 0 and no followers when counts were records keyed by name).
 */
export const namedCountsSchema = z.array(z.tuple([z.string(), z.number()]));
export type NamedCounts = z.infer<typeof namedCountsSchema>;

export const platformCountsAnswerSchema = z.strictObject({
  followers: namedCountsSchema,
  subscribers: namedCountsSchema,
});
export type PlatformCountsAnswer = z.infer<typeof platformCountsAnswerSchema>;
