import { describe, expect, it } from "vitest";
import { z } from "zod";
import { eventSchema } from "../../../../../core/events/event-schema.js";
import type { MurmurEvent } from "../../../../../core/events/event-schema.js";
import { exportEvents } from "../../../helpers.js";
import {
  agentSchema,
  commentSchema,
  json,
  platform,
  platformExperiment,
  postListSchema,
  postSchema,
  register,
  runRounds,
} from "../../../platform-helpers.js";
import type { CommentShape } from "../../../../../workers/routes/platform/shapes.js";

/**
 * Moltbook's contract - a write the API acknowledges is visible to every API
 * reader at once, with every count it changes. Every expected count below is worked out by hand
 * from the steps before it (the agents are fresh, so every count starts at zero).
 */

const config = { name: "ryw", agents: 12, rounds: 12, seed: 9 };
const ip = "192.0.2.40";
const postAnswer = z.strictObject({ success: z.literal(true), post: postSchema });
const commentAnswer = z.strictObject({ success: z.literal(true), comment: commentSchema });
const threadAnswer = z.strictObject({ success: z.literal(true), post: postSchema, comments: z.array(commentSchema) });
const voteAnswer = z.object({ success: z.literal(true), message: z.string() }).loose();
const meAnswer = z.object({ success: z.literal(true), agent: agentSchema }).loose();
const profileAnswer = z.object({ success: z.literal(true), agent: agentSchema }).loose();
const submoltAnswer = z.object({ success: z.literal(true), submolt: z.object({ subscriber_count: z.number() }).loose() }).loose();
const okSchema = z.object({ success: z.literal(true) }).loose();

function find(comments: readonly CommentShape[], id: string): CommentShape | undefined {
  for (const c of comments) {
    if (c.id === id) return c;
    const inner = find(c.replies, id);
    if (inner) return inner;
  }
  return undefined;
}

describe("platform API: read-your-writes (Moltbook's contract)", () => {
  it("shows every acknowledged write to every reader at once, with every count it changes, then commits each", async () => {
    const { id, base } = await platformExperiment(config, false);
    await runRounds(id, 2);
    const walker = await register(base, "Walker", ip);
    const reader = await register(base, "Reader", ip);
    const bystander = await register(base, "Bystander", ip);
    const everyone = [walker, reader, bystander];
    const get = async <T extends z.ZodType>(key: string, path: string, schema: T) =>
      json(await platform(base, path, { key, ip }), schema, 200);
    const send = async <T extends z.ZodType>(key: string, path: string, schema: T, status: number, body?: unknown, method = "POST") =>
      json(await platform(base, path, { key, ip, method, ...(body !== undefined ? { body } : {}) }), schema, status);
    const postOf = async (key: string, post: string) => (await get(key, `/posts/${post}`, threadAnswer)).post;
    const karmaOf = async (key: string) => (await get(key, "/agents/me", meAnswer)).agent.karma;

    // 1. A new post leads /posts?sort=new and its submolt's feed, for its author and for everyone else.
    const post = (await send(walker, "/posts", postAnswer, 201, { submolt: "general", title: "Walk", content: "the contract" })).post;
    for (const key of everyone) {
      expect((await get(key, "/posts?sort=new&limit=5", postListSchema)).posts[0]?.id).toBe(post.id);
      expect((await get(key, "/submolts/general/feed?sort=new&limit=5", postListSchema)).posts[0]?.id).toBe(post.id);
    }

    // 2. Two comments: comment_count 2 everywhere the post is shown.
    const c1 = (await send(reader, `/posts/${post.id}/comments`, commentAnswer, 201, { content: "first" })).comment;
    const c2 = (await send(reader, `/posts/${post.id}/comments`, commentAnswer, 201, { content: "second" })).comment;
    for (const key of everyone) {
      expect((await postOf(key, post.id)).comment_count).toBe(2);
      const listed = (await get(key, "/posts?sort=new&limit=5", postListSchema)).posts.find((p) => p.id === post.id);
      expect(listed?.comment_count).toBe(2);
    }

    // 3. A reply to the just-accepted comment of another agent: accepted, threaded under it, counted (3).
    const r1 = (await send(walker, `/posts/${post.id}/comments`, commentAnswer, 201, { content: "a reply", parent_id: c1.id })).comment;
    expect(r1.parent_id).toBe(c1.id);
    for (const key of everyone) {
      const thread = await get(key, `/posts/${post.id}`, threadAnswer);
      expect(thread.post.comment_count).toBe(3);
      expect(find(thread.comments, c1.id)?.replies.map((r) => r.id)).toEqual([r1.id]);
      expect(find(thread.comments, c2.id)?.replies).toEqual([]);
    }

    // 4. Votes on the post: up, flip to down, toggle off, up again - counts and the author's karma follow.
    const steps = [
      ["upvote", "Upvoted!", 1, 0, 1],
      ["downvote", "Downvoted!", 0, 1, -1],
      ["downvote", "Vote removed", 0, 0, 0],
      ["upvote", "Upvoted!", 1, 0, 1],
    ] as const;
    for (const [direction, message, up, down, karma] of steps) {
      expect((await send(reader, `/posts/${post.id}/${direction}`, voteAnswer, 200)).message).toBe(message);
      for (const key of everyone) expect(await postOf(key, post.id)).toMatchObject({ upvotes: up, downvotes: down });
      expect(await karmaOf(walker)).toBe(karma);
      expect((await get(bystander, "/agents/profile?name=Walker", profileAnswer)).agent.karma).toBe(karma);
    }

    // 5. Votes on a queued comment: its counts and its author's karma (Reader: 0 -> 1 -> -1).
    for (const [direction, up, down, karma] of [
      ["upvote", 1, 0, 1],
      ["downvote", 0, 1, -1],
    ] as const) {
      await send(walker, `/comments/${c1.id}/${direction}`, voteAnswer, 200);
      for (const key of everyone) {
        const thread = await get(key, `/posts/${post.id}`, threadAnswer);
        expect(find(thread.comments, c1.id)).toMatchObject({ upvotes: up, downvotes: down, author: { karma } });
      }
      expect(await karmaOf(reader)).toBe(karma);
    }

    // 6. Subscriptions: subscriber_count moves at once (from whatever the simulation committed).
    const subscribers = async () => (await get(bystander, "/submolts/philosophy", submoltAnswer)).submolt.subscriber_count;
    const before = await subscribers();
    await send(reader, "/submolts/philosophy/subscribe", okSchema, 200);
    expect(await subscribers()).toBe(before + 1);
    await send(reader, "/submolts/philosophy/subscribe", okSchema, 200, undefined, "DELETE");
    expect(await subscribers()).toBe(before);
    await send(reader, "/submolts/philosophy/subscribe", okSchema, 200);
    expect(await subscribers()).toBe(before + 1);

    // 7. Follows: follower_count and following_count, the repeat changing nothing.
    await send(reader, "/agents/Walker/follow", okSchema, 200);
    await send(reader, "/agents/Walker/follow", okSchema, 200);
    expect((await get(bystander, "/agents/profile?name=Walker", profileAnswer)).agent.follower_count).toBe(1);
    expect((await get(reader, "/agents/me", meAnswer)).agent.following_count).toBe(1);
    expect((await get(bystander, "/agents/profile?name=Reader", profileAnswer)).agent.following_count).toBe(1);

    // Every one of them lands: the log holds each write, in the round its id names, and the net
    // of each queued toggle as one event.
    const round = (ack: string) => Number(ack.split(".")[1]);
    await runRounds(id, round(r1.id) + 1);
    const log = (await exportEvents(id))
      .trim()
      .split("\n")
      .map((line): MurmurEvent => eventSchema.parse(JSON.parse(line)));
    for (const ack of [post.id, c1.id, c2.id, r1.id]) {
      expect(log.find((e) => (e.type === "post" || e.type === "comment") && e.id === ack)?.round, ack).toBe(round(ack));
    }
    expect(round(r1.id)).toBe(round(c1.id) + 1);
    const by = (agent: string) => log.filter((e) => "agent" in e && e.agent === agent && ["vote", "follow", "subscribe"].includes(e.type));
    // A vote on another agent's queued post commits in the round after the post's.
    const readerActs = by("Reader");
    expect(readerActs).toHaveLength(3);
    expect(readerActs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "vote", round: round(post.id) + 1, target: post.id, value: 1, targetAuthor: "Walker" }),
        expect.objectContaining({ type: "follow", target: "Walker", value: 1 }),
        expect.objectContaining({ type: "subscribe", submolt: "philosophy", value: 1 }),
      ]),
    );
    expect(by("Walker")).toMatchObject([{ type: "vote", target: c1.id, value: -1, targetAuthor: "Reader" }]);

    // Nothing is counted twice once committed: at the end, with every round in the log, the API's
    // counts are the log's, recomputed here from its events alone.
    await runRounds(id, config.rounds);
    const full = (await exportEvents(id))
      .trim()
      .split("\n")
      .map((line): MurmurEvent => eventSchema.parse(JSON.parse(line)));
    const lastVote = new Map<string, number>();
    let up = 0;
    let down = 0;
    let walkerKarma = 0;
    for (const e of full) {
      if (e.type !== "vote") continue;
      const key = `${e.agent} ${e.target}`;
      const previous = lastVote.get(key) ?? 0;
      lastVote.set(key, e.value);
      if (e.targetAuthor === "Walker") walkerKarma += e.value - previous;
      if (e.target === post.id) {
        up += (e.value === 1 ? 1 : 0) - (previous === 1 ? 1 : 0);
        down += (e.value === -1 ? 1 : 0) - (previous === -1 ? 1 : 0);
      }
    }
    const comments = full.filter((e) => e.type === "comment" && e.post === post.id).length;
    expect(await postOf(bystander, post.id)).toMatchObject({ upvotes: up, downvotes: down, comment_count: comments });
    expect(await karmaOf(walker)).toBe(walkerKarma);
  });
});
