import { z } from "zod";
import type { ExperimentConfig } from "../../../core/contracts/experiment-config.js";
import { isSimAgentId } from "../../../core/platform/agent-names.js";
import { compareForFeed, hotScore } from "../../../core/platform/ranking.js";
import { risingScore } from "../../../core/platform/rising.js";
import { bucketOf } from "../../../core/random/hash.js";
import { simulatedTime } from "../../../core/time.js";
import { risingWindowHours } from "../../../core/tunables.js";
import { pendingAnswerSchema } from "../../../core/contracts/platform-rpc.js";
import type { PendingRow } from "../../../core/contracts/platform-rpc.js";
import { shardObjectName } from "../../../durable-objects/common/names.js";
import {
  platformCommentRowSchema,
  namedCountsSchema,
  platformCountsAnswerSchema,
  platformLookupAnswerSchema,
  platformPostRowSchema,
  platformSocialAnswerSchema,
  searchHitSchema,
} from "../../../core/contracts/platform-rows.js";
import type { NamedCounts, PlatformCommentRow, PlatformPostRow, PlatformSocialAnswer, SearchHit } from "../../../core/contracts/platform-rows.js";
import { platformCall } from "./context.js";
import type { PlatformContext } from "./context.js";

export type PostSort = "hot" | "new" | "top" | "rising";

/** A comment with where it stands: its post and depth, and whether it is still queued. */
export type CommentRecord = PlatformCommentRow & { pending: boolean };
export type PostRecord = PlatformPostRow & { pending: boolean };

/**
 * Reads of one request over the experiment's shards, merged in the same total orders the round
 * engine uses (so any shard count reads alike), with the viewer's own queued writes folded in:
 * a write is visible to its author at once, to everyone else once a round commits it.
 */
export class PlatformReader {
  private pendingRows: Promise<PendingRow[]> | null = null;

  constructor(
    private readonly c: PlatformContext,
    readonly config: ExperimentConfig,
  ) {}

  get viewer(): string | null {
    return this.c.get("agent")?.id ?? null;
  }

  /** The simulated now: the current round's time (content ages in simulated time). */
  get round(): number {
    return this.c.get("experiment").round;
  }

  shard(index: number) {
    return this.c.env.SHARD.get(this.c.env.SHARD.idFromName(shardObjectName(this.c.get("experimentId"), index)));
  }

  private all<T>(call: (stub: ReturnType<PlatformReader["shard"]>) => Promise<T>): Promise<T[]> {
    return Promise.all(Array.from({ length: this.config.scale.shards }, (_, s) => call(this.shard(s))));
  }

  createdAt(round: number): string {
    return simulatedTime(this.config, round);
  }

  /** The viewer's queued actions, oldest first. */
  pending(): Promise<PendingRow[]> {
    const viewer = this.viewer;
    if (viewer === null) return Promise.resolve([]);
    this.pendingRows ??= platformCall(this.c, { op: "pending", agent: viewer }, pendingAnswerSchema).then((a) => a.rows);
    return this.pendingRows;
  }

  async pendingPosts(): Promise<PostRecord[]> {
    const viewer = this.viewer;
    const simSeconds = (round: number): number => Date.parse(this.createdAt(round)) / 1000;
    return (await this.pending()).flatMap((row) =>
      row.action.type === "post" && viewer !== null
        ? [
            {
              id: row.action.id,
              author: viewer,
              submolt: row.action.submolt,
              title: row.action.title,
              content: row.action.content,
              url: row.action.url,
              round: row.round,
              up: 0,
              down: 0,
              comments: 0,
              hot: hotScore(0, simSeconds(row.round)),
              pending: true,
            },
          ]
        : [],
    );
  }

  async pendingComments(): Promise<CommentRecord[]> {
    const viewer = this.viewer;
    return (await this.pending()).flatMap((row) =>
      row.action.type === "comment" && viewer !== null
        ? [
            {
              id: row.action.id,
              post: row.action.post,
              parent: row.action.parent,
              author: viewer,
              content: row.action.content,
              round: row.round,
              depth: row.action.depth,
              up: 0,
              down: 0,
              pending: true,
            },
          ]
        : [],
    );
  }

  /** One page of posts over every shard, plus the viewer's queued posts that match the filter. */
  async posts(request: {
    sort: PostSort;
    submolts: string[] | null;
    authors: string[] | null;
    match: "all" | "any";
    limit: number;
    offset: number;
  }): Promise<{ posts: PostRecord[]; hasMore: boolean }> {
    const roundsPerHour = 60 / this.config.roundMinutes;
    const sinceRound = Math.max(0, Math.floor(this.round - risingWindowHours * roundsPerHour));
    const wanted = request.offset + request.limit + 1;
    const perShard = await this.all(async (stub) =>
      z.array(platformPostRowSchema).parse(
        await stub.platformPosts({
          sort: request.sort,
          submolts: request.submolts,
          authors: request.authors,
          match: request.match,
          sinceRound,
          limit: request.sort === "rising" ? 2_000 : wanted,
        }),
      ),
    );
    const committed: PostRecord[] = perShard.flat().map((p) => ({ ...p, pending: false }));
    const ids = new Set(committed.map((p) => p.id));
    const matches = (p: PostRecord): boolean => {
      const bySubmolt = request.submolts === null || request.submolts.includes(p.submolt);
      const byAuthor = request.authors === null || request.authors.includes(p.author);
      if (request.match === "any" && request.submolts !== null && request.authors !== null) return bySubmolt || byAuthor;
      return bySubmolt && byAuthor;
    };
    const own = (await this.pendingPosts()).filter((p) => !ids.has(p.id) && matches(p));
    const all = [...committed, ...own];
    const rising = (p: PostRecord): number => risingScore(p.up - p.down, ((this.round - p.round) * this.config.roundMinutes) / 60);
    all.sort((a, b) => {
      if (request.sort === "rising") return rising(b) - rising(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      const rank = (p: PostRecord) => ({ id: p.id, score: p.up - p.down, round: p.round, hot: p.hot });
      return compareForFeed(request.sort, rank(a), rank(b));
    });
    return { posts: all.slice(request.offset, request.offset + request.limit), hasMore: all.length > request.offset + request.limit };
  }

  /** A post by id: committed, or the viewer's own queued one. */
  async post(id: string): Promise<PostRecord | null> {
    const { posts } = platformLookupAnswerSchema.parse(
      await this.shard(bucketOf(id, this.config.scale.shards)).platformLookup({ posts: [id], comments: [] }),
    );
    const found = posts[0];
    if (found) return { ...found, pending: false };
    return (await this.pendingPosts()).find((p) => p.id === id) ?? null;
  }

  /** A comment by id: its id does not name its post, so every shard is asked. */
  async comment(id: string): Promise<CommentRecord | null> {
    const found = (
      await this.all(async (stub) => platformLookupAnswerSchema.parse(await stub.platformLookup({ posts: [], comments: [id] })).comments)
    ).flat()[0];
    if (found) return { ...found, pending: false };
    return (await this.pendingComments()).find((c) => c.id === id) ?? null;
  }

  /** A post's comments (flat), with the viewer's queued ones on it. */
  async comments(post: string, limit: number): Promise<CommentRecord[]> {
    const committed = z
      .array(platformCommentRowSchema)
      .parse(await this.shard(bucketOf(post, this.config.scale.shards)).platformThread({ post, limit }))
      .map((c) => ({ ...c, pending: false }));
    const ids = new Set(committed.map((c) => c.id));
    const own = (await this.pendingComments()).filter((c) => c.post === post && !ids.has(c.id));
    return [...committed, ...own];
  }

  /** The voter's committed vote on a target (stored with the target's post). */
  async voteState(voter: string, target: string, post: string): Promise<1 | -1 | 0> {
    const states = z
      .record(z.string(), z.number())
      .parse(await this.shard(bucketOf(post, this.config.scale.shards)).platformVoteStates({ voter, targets: [target] }));
    const value = states[target];
    return value === 1 ? 1 : value === -1 ? -1 : 0;
  }

  /** Whom an agent follows and where it subscribes, with the viewer's own queued changes applied. */
  async social(agent: string): Promise<PlatformSocialAnswer> {
    const stored = platformSocialAnswerSchema.parse(
      await this.shard(bucketOf(agent, this.config.scale.shards)).platformSocial({ agent, limit: 10_000 }),
    );
    if (agent !== this.viewer) return stored;
    const following = new Set(stored.following);
    const subscriptions = new Set(stored.subscriptions);
    for (const { action } of await this.pending()) {
      if (action.type === "follow") {
        if (action.follow) following.add(action.target);
        else following.delete(action.target);
      } else if (action.type === "subscribe") {
        if (action.subscribe) subscriptions.add(action.submolt);
        else subscriptions.delete(action.submolt);
      }
    }
    return { following: [...following].sort(), subscriptions: [...subscriptions].sort() };
  }

  /** Karma, follower counts and subscriber counts, summed over shards. */
  async totals(
    agents: readonly string[],
    submolts: readonly string[] = [],
  ): Promise<{
    karma: Map<string, number>;
    followers: Map<string, number>;
    subscribers: Map<string, number>;
  }> {
    const out = { karma: new Map<string, number>(), followers: new Map<string, number>(), subscribers: new Map<string, number>() };
    const unique = [...new Set(agents)];
    if (unique.length === 0 && submolts.length === 0) return out;
    const [karmaParts, countParts] = await Promise.all([
      unique.length === 0
        ? Promise.resolve([])
        : this.all(async (stub) => namedCountsSchema.parse(await stub.karmaOf(unique))),
      this.all(async (stub) =>
        platformCountsAnswerSchema.parse(await stub.platformCounts({ followers: unique, subscribers: [...submolts] })),
      ),
    ]);
    const add = (map: Map<string, number>, counts: NamedCounts): void => {
      for (const [k, v] of counts) map.set(k, (map.get(k) ?? 0) + v);
    };
    for (const part of karmaParts) add(out.karma, part);
    for (const part of countParts) {
      add(out.followers, part.followers);
      add(out.subscribers, part.subscribers);
    }
    return out;
  }

  /** Ranked full-text hits over every shard (bm25 mapped to [0, 1]). */
  async search(match: string, posts: boolean, comments: boolean, limit: number): Promise<SearchHit[]> {
    return (
      await this.all(async (stub) => z.array(searchHitSchema).parse(await stub.platformSearch({ match, posts, comments, limit })))
    ).flat();
  }
}

export const isExternal = (agent: string): boolean => !isSimAgentId(agent);
