import { z } from "zod";
import type { ExperimentConfig } from "../../../core/contracts/experiment-config.js";
import { isSimAgentId } from "../../../core/platform/agent-names.js";
import { compareForFeed } from "../../../core/platform/ranking.js";
import { risingScore } from "../../../core/platform/rising.js";
import { bucketOf } from "../../../core/random/hash.js";
import { simulatedTime } from "../../../core/time.js";
import { risingWindowHours } from "../../../core/tunables.js";
import { pendingAnswerSchema } from "../../../core/contracts/platform-rpc.js";
import type { PendingRow } from "../../../core/contracts/platform-rpc.js";
import { overlayAnswerSchema } from "../../../core/contracts/platform-overlay.js";
import type { OverlayAnswer, OverlayRequest } from "../../../core/contracts/platform-overlay.js";
import { addDeltas, overlaidComments, overlaidPosts, queuedCommentRecord, queuedPostRecord } from "./overlay.js";
import type { CommentRecord, PostRecord } from "./overlay.js";
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
import type { NamedCounts, PlatformSocialAnswer, SearchHit } from "../../../core/contracts/platform-rows.js";
import { platformCall } from "./context.js";
import type { PlatformContext } from "./context.js";

export type PostSort = "hot" | "new" | "top" | "rising";

export type { CommentRecord, PostRecord } from "./overlay.js";

/**
 * Reads of one request over the experiment's shards, merged in the same total orders the round
 * engine uses (so any shard count reads alike), with every external agent's queued writes laid
 * over them (overlay.ts): a write the API acknowledged is visible to every reader at once, with
 * every count it changes; simulated agents see it once a round commits it.
 */
export class PlatformReader {
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

  /** An agent's queued actions, oldest first. */
  private pendingOf(agent: string): Promise<PendingRow[]> {
    return platformCall(this.c, { op: "pending", agent }, pendingAnswerSchema).then((a) => a.rows);
  }

  /** What every external agent's queued writes change among the ids asked (external-overlay.ts). */
  private overlay(request: Partial<Omit<OverlayRequest, "op">>): Promise<OverlayAnswer> {
    return platformCall(
      this.c,
      {
        op: "overlay",
        posts: request.posts ?? [],
        threads: request.threads ?? [],
        comments: request.comments ?? [],
        agents: request.agents ?? [],
        submolts: request.submolts ?? [],
        newPosts: request.newPosts ?? false,
        threadLimit: request.threadLimit ?? 500,
      },
      overlayAnswerSchema,
    );
  }

  private simSeconds(round: number): number {
    return Date.parse(this.createdAt(round)) / 1000;
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
    const shardRows: PostRecord[] = perShard.flat().map((p) => ({ ...p, pending: false }));
    const overlay = await this.overlay({ posts: shardRows.map((p) => p.id), newPosts: true });
    const ids = new Set(shardRows.map((p) => p.id));
    const queued = overlay.posts.filter((p) => !ids.has(p.id)).map((p) => queuedPostRecord(p, this.simSeconds(p.round)));
    const seconds = (round: number) => this.simSeconds(round);
    const matches = (p: PostRecord): boolean => {
      const bySubmolt = request.submolts === null || request.submolts.includes(p.submolt);
      const byAuthor = request.authors === null || request.authors.includes(p.author);
      if (request.match === "any" && request.submolts !== null && request.authors !== null) return bySubmolt || byAuthor;
      return bySubmolt && byAuthor;
    };
    const all = overlaidPosts([...shardRows, ...queued.filter(matches)], overlay, seconds);
    const rising = (p: PostRecord): number => risingScore(p.up - p.down, ((this.round - p.round) * this.config.roundMinutes) / 60);
    all.sort((a, b) => {
      if (request.sort === "rising") return rising(b) - rising(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      const rank = (p: PostRecord) => ({ id: p.id, score: p.up - p.down, round: p.round, hot: p.hot });
      return compareForFeed(request.sort, rank(a), rank(b));
    });
    const page = all.slice(request.offset, request.offset + request.limit);
    // Queued posts were ranked without their text; the page's come whole.
    const queuedOnPage = page.filter((p) => p.pending).map((p) => p.id);
    const whole =
      queuedOnPage.length === 0
        ? new Map<string, string>()
        : new Map((await this.overlay({ posts: queuedOnPage })).posts.map((p) => [p.id, p.content]));
    return {
      posts: page.map((p) => (p.pending ? { ...p, content: whole.get(p.id) ?? p.content } : p)),
      hasMore: all.length > request.offset + request.limit,
    };
  }

  /** A post by id, committed or queued, with its queued votes and comments counted; null once deleted. */
  async post(id: string): Promise<PostRecord | null> {
    const [{ posts }, overlay] = await Promise.all([
      this.shard(bucketOf(id, this.config.scale.shards))
        .platformLookup({ posts: [id], comments: [] })
        .then((a) => platformLookupAnswerSchema.parse(a)),
      this.overlay({ posts: [id] }),
    ]);
    const found = posts[0];
    const queued = overlay.posts.find((p) => p.id === id);
    const record = found ? { ...found, pending: false } : queued ? queuedPostRecord(queued, this.simSeconds(queued.round)) : null;
    return record ? (overlaidPosts([record], overlay, (round) => this.simSeconds(round))[0] ?? null) : null;
  }

  /** A comment by id, committed or queued (its id does not name its post, so every shard is asked); null once deleted. */
  async comment(id: string): Promise<CommentRecord | null> {
    const [stored, overlay] = await Promise.all([
      this.all(async (stub) => platformLookupAnswerSchema.parse(await stub.platformLookup({ posts: [], comments: [id] })).comments),
      this.overlay({ comments: [id] }),
    ]);
    const found = stored.flat()[0];
    const queued = overlay.comments.find((c) => c.id === id);
    const record = found ? { ...found, pending: false } : queued ? queuedCommentRecord(queued) : null;
    if (!record || (await this.post(record.post)) === null) return null;
    return overlaidComments([record], overlay)[0] ?? null;
  }

  /** A post's comments (flat), committed and queued, with queued votes counted and deletions applied. */
  async comments(post: string, limit: number): Promise<CommentRecord[]> {
    const [stored, overlay] = await Promise.all([
      this.shard(bucketOf(post, this.config.scale.shards)).platformThread({ post, limit }),
      this.overlay({ threads: [post], threadLimit: limit }),
    ]);
    const committed = z
      .array(platformCommentRowSchema)
      .parse(stored)
      .map((c) => ({ ...c, pending: false }));
    const ids = new Set(committed.map((c) => c.id));
    const queued = overlay.comments.filter((c) => c.post === post && !ids.has(c.id)).map(queuedCommentRecord);
    return overlaidComments([...committed, ...queued], overlay);
  }

  /** The voter's committed vote on a target (stored with the target's post). */
  async voteState(voter: string, target: string, post: string): Promise<1 | -1 | 0> {
    const states = z
      .record(z.string(), z.number())
      .parse(await this.shard(bucketOf(post, this.config.scale.shards)).platformVoteStates({ voter, targets: [target] }));
    const value = states[target];
    return value === 1 ? 1 : value === -1 ? -1 : 0;
  }

  /** Whom an agent follows and where it subscribes as the shards hold it (the state a queued change starts from). */
  async committedSocial(agent: string): Promise<PlatformSocialAnswer> {
    return platformSocialAnswerSchema.parse(
      await this.shard(bucketOf(agent, this.config.scale.shards)).platformSocial({ agent, limit: 10_000 }),
    );
  }

  /** Whom an agent follows and where it subscribes, with its queued changes applied. */
  async social(agent: string): Promise<PlatformSocialAnswer> {
    const stored = await this.committedSocial(agent);
    const following = new Set(stored.following);
    const subscriptions = new Set(stored.subscriptions);
    for (const { action } of await this.pendingOf(agent)) {
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
    const [karmaParts, countParts, overlay] = await Promise.all([
      unique.length === 0 ? Promise.resolve([]) : this.all(async (stub) => namedCountsSchema.parse(await stub.karmaOf(unique))),
      this.all(async (stub) =>
        platformCountsAnswerSchema.parse(await stub.platformCounts({ followers: unique, subscribers: [...submolts] })),
      ),
      this.overlay({ agents: unique, submolts: [...submolts] }),
    ]);
    const add = (map: Map<string, number>, counts: NamedCounts): void => {
      for (const [k, v] of counts) map.set(k, (map.get(k) ?? 0) + v);
    };
    for (const part of karmaParts) add(out.karma, part);
    for (const part of countParts) {
      add(out.followers, part.followers);
      add(out.subscribers, part.subscribers);
    }
    addDeltas(out.karma, overlay.karma, null);
    addDeltas(out.followers, overlay.followers, 0);
    addDeltas(out.subscribers, overlay.subscribers, 0);
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
