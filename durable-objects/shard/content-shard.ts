import type { CommentRow, PostRow } from "./shard-rows.js";
import { readerCommentOf, readerPostOf } from "./shard-rows.js";
import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { InvariantViolation } from "../../core/engine/platform-errors.js";
import { compareForFeed } from "../../core/platform/ranking.js";
import { searchIndexChunkRows } from "../../core/tunables.js";
import type { PoolComment, PoolPost } from "../../core/round/round-types.js";
import { migrate } from "../shared/migrations.js";
import { shardMigrations } from "./shard-schema.js";
import {
  appliedResultSchema,
  browseRequestSchema,
  commentsByRequestSchema,
  karmaRequestSchema,
  notificationRequestSchema,
  poolRequestSchema,
  postIdSchema,
  shardBatchSchema,
} from "./shard-types.js";
import { notificationSchema } from "../../core/round/round-types.js";
import type { AppliedResult } from "./shard-types.js";
import type { Notification } from "../../core/round/round-types.js";
import type { ReaderComment, ReaderPost } from "../../core/contracts/readers.js";
import * as platform from "./platform-store.js";
import { applyAction } from "./apply-action.js";
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
import type { PlatformCommentRow, PlatformPostRow, SearchHit } from "../../core/contracts/platform-rows.js";

/**
 * One shard of the platform's content: posts (by hash of post id) with their threaded comments and
 * votes, follows and subscriptions (by hash of the follower), karma and notifications. It applies
 * sorted batches of committed actions, idempotently by (round, agent, seq), and answers the
 * candidate-pool and notification queries of the round loop.
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
    const batch = shardBatchSchema.parse(input);
    const results: AppliedResult[] = [];
    this.ctx.storage.transactionSync(() => {
      // Rows of the per-action table in this round: a round begun before v5, or external agents'
      // commits; only then can an action of this batch have been applied under that key.
      const perAction = this.sql.exec("SELECT 1 FROM applied WHERE round = ? LIMIT 1", batch.round).toArray().length > 0;
      const seen = new Set<string>();
      for (let start = 0; start < batch.items.length;) {
        const agent = batch.items[start]?.agent;
        let end = start;
        while (end < batch.items.length && batch.items[end]?.agent === agent) end++;
        const items = batch.items.slice(start, end);
        start = end;
        if (agent === undefined) continue;
        // One row per (round, agent) holds all of an agent's actions here: they come together.
        if (seen.has(agent)) throw new InvariantViolation(`applyBatch: the actions of ${agent} are not contiguous in round ${batch.round}`);
        seen.add(agent);
        const stored = this.sql
          .exec<{ results: string }>("SELECT results FROM applied_turns WHERE round = ? AND agent = ?", batch.round, agent)
          .toArray()[0];
        if (stored) {
          const replayed = z.array(appliedResultSchema).parse(JSON.parse(stored.results));
          if (replayed.length !== items.length)
            throw new InvariantViolation(
              `applyBatch: agent ${agent} sent ${items.length} actions in round ${batch.round}, ${replayed.length} before`,
            );
          results.push(...replayed);
          continue;
        }
        const applied = items.map((item) =>
          perAction
            ? this.applyOnce(batch.round, item.agent, item.seq, () => applyAction(this.sql, batch.round, batch.simSeconds, item))
            : applyAction(this.sql, batch.round, batch.simSeconds, item),
        );
        this.sql.exec("INSERT INTO applied_turns (round, agent, results) VALUES (?, ?, ?)", batch.round, agent, JSON.stringify(applied));
        results.push(...applied);
      }
    });
    return results;
  }

  /** One action at most once: keyed by (round, agent, seq), a repeat returns the stored result. */
  private applyOnce(round: number, agent: string, seq: number, run: () => AppliedResult): AppliedResult {
    const previous = this.sql
      .exec<{ result: string }>("SELECT result FROM applied WHERE round = ? AND agent = ? AND seq = ?", round, agent, seq)
      .toArray()[0];
    if (previous) return appliedResultSchema.parse(JSON.parse(previous.result));
    const result = run();
    this.sql.exec("INSERT INTO applied (round, agent, seq, result) VALUES (?, ?, ?, ?)", round, agent, seq, JSON.stringify(result));
    return result;
  }

  /** Notifications of rounds [sinceRound, beforeRound) per recipient, in canonical order. */
  notifications(input: z.input<typeof notificationRequestSchema>): Record<string, Notification[]> {
    const request = notificationRequestSchema.parse(input);
    const out: Record<string, Notification[]> = {};
    for (const { agent, sinceRound } of request.recipients) {
      const rows = this.sql
        .exec<{ body: string }>(
          `SELECT body FROM notifications WHERE recipient = ? AND round >= ? AND round < ?
           ORDER BY round, actor, actor_seq`,
          agent,
          sinceRound,
          request.beforeRound,
        )
        .toArray();
      if (rows.length > 0) out[agent] = rows.map((r) => notificationSchema.parse(JSON.parse(r.body)));
    }
    return out;
  }

  /** This shard's part of the candidate pool: top-k per submolt plus its newest posts. */
  poolCandidates(input: z.input<typeof poolRequestSchema>): PoolPost[] {
    const request = poolRequestSchema.parse(input);
    const order = request.algorithm === "top" ? "(up - down) DESC, id" : request.algorithm === "new" ? "round DESC, id" : "hot DESC, id";
    const byId = new Map<string, PostRow>();
    for (const submolt of request.submolts) {
      const rows = this.sql
        .exec<PostRow>(`SELECT * FROM posts WHERE submolt = ? ORDER BY ${order} LIMIT ?`, submolt, request.topPerSubmolt)
        .toArray();
      for (const row of rows) byId.set(row.id, row);
    }
    for (const row of this.sql.exec<PostRow>("SELECT * FROM posts ORDER BY round DESC, id LIMIT ?", request.newest)) {
      byId.set(row.id, row);
    }
    const cut = (text: string): string => text.slice(0, request.textChars);
    const posts = [...byId.values()].map((row): PoolPost => {
      const comments = this.sql
        .exec<CommentRow>("SELECT * FROM comments WHERE post = ? ORDER BY (up - down) DESC, id LIMIT ?", row.id, request.commentsPerPost)
        .toArray()
        .map((c): PoolComment => ({
          id: c.id,
          author: c.author,
          parent: c.parent,
          text: cut(c.content),
          score: c.up - c.down,
          authorKarma: 0,
          depth: c.depth,
        }));
      return {
        id: row.id,
        author: row.author,
        submolt: row.submolt,
        title: row.title,
        text: cut(row.content),
        score: row.up - row.down,
        authorKarma: 0,
        comments: row.comment_count,
        round: row.round,
        hot: row.hot,
        topComments: comments,
      };
    });
    return posts.sort((a, b) => compareForFeed(request.algorithm, a, b));
  }

  /** Readers: this shard's first `limit` posts in a sort, optionally of one submolt or author. */
  browse(input: z.input<typeof browseRequestSchema>): ReaderPost[] {
    const request = browseRequestSchema.parse(input);
    const order = request.sort === "top" ? "(up - down) DESC, id" : request.sort === "new" ? "round DESC, id" : "hot DESC, id";
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (request.submolt !== null) {
      where.push("submolt = ?");
      args.push(request.submolt);
    }
    if (request.author !== null) {
      where.push("author = ?");
      args.push(request.author);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    return this.sql
      .exec<PostRow>(`SELECT * FROM posts ${clause} ORDER BY ${order} LIMIT ?`, ...args, request.limit)
      .toArray()
      .map(readerPostOf);
  }

  /** Readers: one post with its whole thread (bounded), comments in score order. */
  thread(input: z.input<typeof postIdSchema>): { post: ReaderPost; comments: ReaderComment[] } | null {
    const id = postIdSchema.parse(input);
    const row = this.sql.exec<PostRow>("SELECT * FROM posts WHERE id = ?", id).toArray()[0];
    if (!row) return null;
    const comments = this.sql
      .exec<CommentRow>("SELECT * FROM comments WHERE post = ? ORDER BY (up - down) DESC, id LIMIT ?", id, maxThreadComments)
      .toArray()
      .map(readerCommentOf);
    return { post: readerPostOf(row), comments };
  }

  /** Readers: an author's most recent comments stored in this shard. */
  commentsBy(input: z.input<typeof commentsByRequestSchema>): ReaderComment[] {
    const { author, limit } = commentsByRequestSchema.parse(input);
    return this.sql
      .exec<CommentRow>("SELECT * FROM comments WHERE author = ? ORDER BY round DESC, id LIMIT ?", author, limit)
      .toArray()
      .map(readerCommentOf);
  }

  /** This shard's part of each author's karma (votes on their content stored here). */
  karmaOf(input: z.input<typeof karmaRequestSchema>): Record<string, number> {
    const authors = karmaRequestSchema.parse(input);
    const out: Record<string, number> = {};
    for (const author of authors) {
      const row = this.sql.exec<{ karma: number }>("SELECT karma FROM karma WHERE agent = ?", author).toArray()[0];
      if (row && row.karma !== 0) out[author] = row.karma;
    }
    return out;
  }

  /**
   * External agents' committed actions (the platform API): the same rules as `applyBatch`, plus a
   * link post's url and deletions, idempotent by (round, agent, seq) through the same table.
   */
  applyExternal(input: z.input<typeof externalBatchSchema>): AppliedResult[] {
    const batch = externalBatchSchema.parse(input);
    const results: AppliedResult[] = [];
    this.ctx.storage.transactionSync(() => {
      for (const item of batch.items) {
        const { op } = item;
        results.push(
          this.applyOnce(batch.round, item.agent, item.seq, () => {
            const result =
              op.type === "delete"
                ? platform.deleteContent(this.sql, item.agent, op.target, op.targetType)
                : applyAction(this.sql, batch.round, batch.simSeconds, { agent: item.agent, seq: item.seq, action: op });
            if (op.type === "post" && result.status === "accepted" && item.url !== null)
              this.sql.exec("UPDATE posts SET url = ? WHERE id = ?", item.url, op.id);
            return result;
          }),
        );
      }
    });
    return results;
  }

  /** Platform API: this shard's first `limit` posts in a sort, filtered by submolts and authors. */
  platformPosts(input: z.input<typeof platformPostsRequestSchema>): PlatformPostRow[] {
    return platform.platformPosts(this.sql, platformPostsRequestSchema.parse(input));
  }

  /** Platform API: posts and comments of this shard by id. */
  platformLookup(input: z.input<typeof lookupRequestSchema>): { posts: PlatformPostRow[]; comments: PlatformCommentRow[] } {
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
  platformSocial(input: z.input<typeof socialRequestSchema>): { following: string[]; subscriptions: string[] } {
    const request = socialRequestSchema.parse(input);
    return platform.socialOf(this.sql, request.agent, request.limit);
  }

  /** Platform API: this shard's part of follower and subscriber counts. */
  platformCounts(input: z.input<typeof countsRequestSchema>): { followers: Record<string, number>; subscribers: Record<string, number> } {
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

/** Comments a thread view returns at most: Moltbook threads are shallow and short (depth ~1.07). */
const maxThreadComments = 500;
