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
