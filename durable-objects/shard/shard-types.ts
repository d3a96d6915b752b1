import { z } from "zod";
import { actionSchema } from "../../core/round/round-types.js";

export const shardBatchItemSchema = z.strictObject({
  agent: z.string().min(1),
  seq: z.number().int().min(0),
  action: actionSchema,
});

export const shardBatchSchema = z.strictObject({
  round: z.number().int().min(0),
  /** Simulated seconds of the round, for the hot ranking of new posts. */
  simSeconds: z.number(),
  items: z.array(shardBatchItemSchema),
});

/** What the commit made of one action: the values the event log records, or why it was rejected. */
export const appliedResultSchema = z.discriminatedUnion("status", [
  z.strictObject({ status: z.literal("rejected"), reason: z.string() }),
  z.strictObject({
    status: z.literal("accepted"),
    /** vote: resulting state and the target's author; follow/subscribe: resulting state. */
    value: z.number().int().optional(),
    targetAuthor: z.string().optional(),
  }),
]);

export const notificationRequestSchema = z.strictObject({
  beforeRound: z.number().int().min(0),
  recipients: z.array(z.strictObject({ agent: z.string().min(1), sinceRound: z.number().int().min(0) })),
});

export const poolRequestSchema = z.strictObject({
  algorithm: z.enum(["hot", "new", "top", "following", "random"]),
  submolts: z.array(z.string()),
  topPerSubmolt: z.number().int().min(0),
  newest: z.number().int().min(0),
  commentsPerPost: z.number().int().min(0),
  textChars: z.number().int().min(1),
  /** Posts returned whatever the cuts: the public probes pinned this round (`pinnedProbePosts`). */
  pinned: z.array(z.string()).max(1000).default([]),
});

/** Readers (pages, platform API): one shard's page of posts in a sort, before the merge. */
export const browseRequestSchema = z.strictObject({
  submolt: z.string().nullable(),
  sort: z.enum(["hot", "new", "top"]),
  /** Posts wanted from each shard: the merged page needs offset + limit from every shard. */
  limit: z.number().int().min(1).max(1_000),
  author: z.string().nullable().default(null),
});

/** Readers: one post's id (its thread). */
export const postIdSchema = z.string().min(1).max(200);

/** Readers (the agent inspector): an author's newest comments. */
export const commentsByRequestSchema = z.strictObject({ author: z.string().min(1).max(200), limit: z.number().int().min(1).max(1_000) });

/** The authors whose karma this shard holds a part of. */
export const karmaRequestSchema = z.array(z.string().min(1)).max(100_000);

export type BrowseRequest = z.input<typeof browseRequestSchema>;
export type ShardBatchItem = z.infer<typeof shardBatchItemSchema>;
export type ShardBatch = z.infer<typeof shardBatchSchema>;
export type AppliedResult = z.infer<typeof appliedResultSchema>;
export type NotificationRequest = z.infer<typeof notificationRequestSchema>;
export type PoolRequest = z.infer<typeof poolRequestSchema>;
