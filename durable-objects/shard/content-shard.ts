import { DurableObject } from "cloudflare:workers";
import type { z } from "zod";
import { searchIndexChunkRows } from "../../core/tunables.js";
import type { PoolPost, Notification } from "../../core/round/round-types.js";
import type { ReaderComment, ReaderPost } from "../../core/contracts/readers.js";
import type {
  PlatformCommentRow,
  NamedCounts,
  PlatformCountsAnswer,
  PlatformLookupAnswer,
  PlatformPostRow,
  PlatformSocialAnswer,
  SearchHit,
} from "../../core/contracts/platform-rows.js";
import { migrate } from "../common/migrations.js";
import { shardMigrations } from "./shard-schema.js";
import {
  browseRequestSchema,
  commentsByRequestSchema,
  karmaRequestSchema,
  notificationRequestSchema,
  poolRequestSchema,
  postIdSchema,
  shardBatchSchema,
} from "./shard-types.js";
import type { AppliedResult } from "./shard-types.js";
import {
  countsRequestSchema,
  externalBatchSchema,
  lookupRequestSchema,
  platformPostsRequestSchema,
  searchRequestSchema,
  socialRequestSchema,
  threadRequestSchema,
  voteStatesRequestSchema,
} from "./platform-types.js";
import { applyBatch, applyExternal } from "./apply-batch.js";
import { notificationsOf } from "./shard-notifications.js";
import { poolCandidates } from "./shard-pool.js";
import * as readers from "./shard-readers.js";
import * as platform from "./platform-store.js";

/**
 * One shard of the platform's content: posts (by hash of post id) with their threaded comments and
 * votes, follows and subscriptions (by hash of the follower), karma and notifications. It applies
 * sorted batches of committed actions, idempotently by (round, agent, seq), and answers the
 * candidate-pool and notification queries of the round loop. The RPC facade: each method parses
 * its input with its schema and delegates to the file of its concept.
 */
export class ContentShard extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(ctx.storage, shardMigrations);
  }

  /**
   * Applies a batch sorted by (agent, seq); returns one result per item, in the batch's order.
   * Idempotent per (round, agent): a repeated agent gets its stored results (schema v5).
   */
  applyBatch(input: z.input<typeof shardBatchSchema>): AppliedResult[] {
    return applyBatch(this.ctx.storage, shardBatchSchema.parse(input));
  }

  /** Notifications of rounds [sinceRound, beforeRound) per recipient, in canonical order. */
  notifications(input: z.input<typeof notificationRequestSchema>): Record<string, Notification[]> {
    return notificationsOf(this.sql, notificationRequestSchema.parse(input));
  }

  /** This shard's part of the candidate pool: top-k per submolt plus its newest posts. */
  poolCandidates(input: z.input<typeof poolRequestSchema>): PoolPost[] {
    return poolCandidates(this.sql, poolRequestSchema.parse(input));
  }

  /** Readers: this shard's first `limit` posts in a sort, optionally of one submolt or author. */
  browse(input: z.input<typeof browseRequestSchema>): ReaderPost[] {
    return readers.browse(this.sql, browseRequestSchema.parse(input));
  }

  /** Readers: one post with its whole thread (bounded), comments in score order. */
  thread(input: z.input<typeof postIdSchema>): { post: ReaderPost; comments: ReaderComment[] } | null {
    return readers.thread(this.sql, postIdSchema.parse(input));
  }

  /** Readers: an author's most recent comments stored in this shard. */
  commentsBy(input: z.input<typeof commentsByRequestSchema>): ReaderComment[] {
    const { author, limit } = commentsByRequestSchema.parse(input);
    return readers.commentsBy(this.sql, author, limit);
  }

  /** This shard's part of each author's karma (votes on their content stored here). */
  karmaOf(input: z.input<typeof karmaRequestSchema>): NamedCounts {
    return readers.karmaOf(this.sql, karmaRequestSchema.parse(input));
  }

  /**
   * External agents' committed actions (the platform API): the same rules as `applyBatch`, plus a
   * link post's url and deletions, idempotent by (round, agent, seq) through the same table.
   */
  applyExternal(input: z.input<typeof externalBatchSchema>): AppliedResult[] {
    return applyExternal(this.ctx.storage, externalBatchSchema.parse(input));
  }

  /** Platform API: this shard's first `limit` posts in a sort, filtered by submolts and authors. */
  platformPosts(input: z.input<typeof platformPostsRequestSchema>): PlatformPostRow[] {
    return platform.platformPosts(this.sql, platformPostsRequestSchema.parse(input));
  }

  /** Platform API: posts and comments of this shard by id. */
  platformLookup(input: z.input<typeof lookupRequestSchema>): PlatformLookupAnswer {
    const request = lookupRequestSchema.parse(input);
    return platform.lookup(this.sql, request.posts, request.comments);
  }

  /** Platform API: a post's comments (flat; the caller threads them). */
  platformThread(input: z.input<typeof threadRequestSchema>): PlatformCommentRow[] {
    const request = threadRequestSchema.parse(input);
    return platform.threadComments(this.sql, request.post, request.limit);
  }

  /** Platform API: a voter's current vote (1 or -1) on each of the targets stored here. */
  platformVoteStates(input: z.input<typeof voteStatesRequestSchema>): Record<string, number> {
    const request = voteStatesRequestSchema.parse(input);
    return platform.voteStates(this.sql, request.voter, request.targets);
  }

  /** Platform API: whom an agent follows and what it subscribes to (this is the agent's shard). */
  platformSocial(input: z.input<typeof socialRequestSchema>): PlatformSocialAnswer {
    const request = socialRequestSchema.parse(input);
    return platform.socialOf(this.sql, request.agent, request.limit);
  }

  /** Platform API: this shard's part of follower and subscriber counts. */
  platformCounts(input: z.input<typeof countsRequestSchema>): PlatformCountsAnswer {
    const request = countsRequestSchema.parse(input);
    return platform.counts(this.sql, request.followers, request.subscribers);
  }

  /** Platform API: ranked full-text search over this shard's posts and comments. */
  async platformSearch(input: z.input<typeof searchRequestSchema>): Promise<SearchHit[]> {
    const request = searchRequestSchema.parse(input);
    // In bounded chunks, each made durable before the next: the first search after a long run
    // without one keeps its progress even if its request runs out of CPU.
    while (this.ctx.storage.transactionSync(() => platform.catchUpSearchIndex(this.sql, searchIndexChunkRows))) {
      await this.ctx.storage.sync();
    }
    return platform.search(this.sql, request.match, request.posts, request.comments, request.limit);
  }

  /** Row counts and stored bytes, for status and benchmarks. */
  stats(): { posts: number; comments: number; votes: number; bytes: number } {
    const count = (table: string): number => this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).one().n;
    return { posts: count("posts"), comments: count("comments"), votes: count("votes"), bytes: this.sql.databaseSize };
  }
}
