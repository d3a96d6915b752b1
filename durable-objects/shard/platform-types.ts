import { z } from "zod";
import { actionSchema } from "../../core/round/round-types.js";

/**
 * RPC requests of the shard's platform-API readers and of external agents' commits (the rows the
 * readers answer are contracts: core/contracts/platform-rows.ts).
 */

const id = z.string().min(1).max(200);
const ids = z.array(id).max(10_000);

export const platformPostsRequestSchema = z.strictObject({
  /** rising: the shard returns the posts of its window newest first; the caller ranks them. */
  sort: z.enum(["hot", "new", "top", "rising"]),
  /** Posts of these submolts or (`any`) of these authors; null = no filter. */
  submolts: z.array(z.string().max(64)).max(1_000).nullable(),
  authors: ids.nullable(),
  /** `all`: both filters must hold; `any`: either (the personalised feed). */
  match: z.enum(["all", "any"]),
  sinceRound: z.number().int().min(0),
  limit: z.number().int().min(1).max(2_000),
});

export const lookupRequestSchema = z.strictObject({ posts: ids.max(200), comments: ids.max(200) });

export const threadRequestSchema = z.strictObject({ post: id, limit: z.number().int().min(1).max(500) });

export const voteStatesRequestSchema = z.strictObject({ voter: id, targets: ids.max(200) });

export const socialRequestSchema = z.strictObject({ agent: id, limit: z.number().int().min(1).max(10_000) });

export const countsRequestSchema = z.strictObject({ followers: ids.max(1_000), subscribers: z.array(z.string().max(64)).max(1_000) });

export const searchRequestSchema = z.strictObject({
  /** An FTS5 expression built by core/platform/text-match.ts from the client's words only. */
  match: z.string().min(1).max(2_000),
  posts: z.boolean(),
  comments: z.boolean(),
  limit: z.number().int().min(1).max(100),
});

/** What an external agent's commit may carry beyond a simulated agent's actions. */
export const externalOpSchema = z.union([
  z.strictObject({ type: z.literal("delete"), target: id, targetType: z.enum(["post", "comment"]), post: id }),
  actionSchema,
]);

export const externalBatchSchema = z.strictObject({
  round: z.number().int().min(0),
  simSeconds: z.number(),
  items: z.array(z.strictObject({ agent: id, seq: z.number().int().min(0), op: externalOpSchema, url: z.string().max(2_000).nullable() })),
});

export type PlatformPostsRequest = z.infer<typeof platformPostsRequestSchema>;
export type ExternalOp = z.infer<typeof externalOpSchema>;
export type ExternalBatch = z.infer<typeof externalBatchSchema>;
