import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { eventSchema } from "../../../../../core/events/event-schema.js";
import { adminHeaders, api, exportEvents } from "../../../helpers.js";
import {
  agentSchema,
  commentSchema,
  errorSchema,
  expectError,
  json,
  platform,
  platformExperiment,
  postListSchema,
  postSchema,
  register,
  registrationSchema,
  runRounds,
  setLimits,
} from "../../../platform-helpers.js";

const small = { name: "platform", agents: 12, rounds: 12, seed: 5 };
const okSchema = z.object({ success: z.literal(true) }).loose();
const postAnswer = z.strictObject({ success: z.literal(true), post: postSchema });
const commentAnswer = z.strictObject({ success: z.literal(true), comment: commentSchema });
const voteAnswer = z.strictObject({
  success: z.literal(true),
  message: z.string(),
  author: z.strictObject({ name: z.string() }),
  already_following: z.boolean(),
});
const threadAnswer = z.strictObject({ success: z.literal(true), post: postSchema, comments: z.array(commentSchema) });
const submoltSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  display_name: z.string(),
  description: z.string(),
  subscriber_count: z.number(),
  created_at: z.string(),
  your_role: z.string().nullable(),
});

let ipCounter = 0;
/** A fresh client address per test, so per-address limits of one test never touch another. */
const freshIp = (): string => `198.51.100.${++ipCounter}`;

async function newPost(
  base: string,
  key: string,
  ip: string,
  title = "A title",
  content = "Some content",
): Promise<z.infer<typeof postSchema>> {
  return (await json(await platform(base, "/posts", { key, ip, body: { submolt: "general", title, content } }), postAnswer, 201)).post;
}

describe("platform API: registration and keys", () => {
  it("links the registered agent to its inspector page without echoing the Host header", async () => {
    const { id, base } = await platformExperiment(small, false);
    const response = await exports.default.fetch(
      new Request(`http://murmur.test${base}/agents/register`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": freshIp(), Host: "evil.example" },
        body: JSON.stringify({ name: "Claimed" }),
      }),
    );
    const answer = await json(response, registrationSchema, 201);
    expect(answer.agent.claim_url).toBe(`/#/e/${id}/agent/Claimed`);
  });

  it("mints a high-entropy moltbook_ key once and refuses taken or invalid names", async () => {
    const { base } = await platformExperiment(small, false);
    const ip = freshIp();
    const first = await json(
      await platform(base, "/agents/register", { ip, body: { name: "Keyed_1", description: "hi" } }),
      registrationSchema,
      201,
    );
    expect(first.agent.api_key).toMatch(/^moltbook_[A-Za-z0-9]{43}$/);
    expect(first.agent.name).toBe("Keyed_1");
    const second = await json(await platform(base, "/agents/register", { ip, body: { name: "Keyed_2" } }), registrationSchema, 201);
    expect(second.agent.api_key).not.toBe(first.agent.api_key);
    await expectError(await platform(base, "/agents/register", { ip, body: { name: "keyed_1" } }), 409, "CONFLICT");
    // Simulated agents' ids and persona names are taken too.
    await expectError(await platform(base, "/agents/register", { ip, body: { name: "a05" } }), 409, "CONFLICT");
    const sim = await json(
      await platform(base, "/agents/me", { key: first.agent.api_key, ip }),
      z.object({ agent: agentSchema }).loose(),
      200,
    );
    expect(sim.agent.name).toBe("Keyed_1");
    await expectError(await platform(base, "/agents/register", { ip, body: { name: "x" } }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, "/agents/register", { ip, body: { name: "has space" } }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, "/agents/register", { ip, body: { name: 42 } }), 400, "VALIDATION_ERROR");
    await expectError(
      await platform(base, "/agents/register", { ip, body: { name: "Fine", description: "d".repeat(501) } }),
      400,
      "VALIDATION_ERROR",
    );
    await expectError(await platform(base, "/agents/register", { ip, rawBody: "{not json" }), 400, "VALIDATION_ERROR");
  });

  it("changes only the limits a PUT names, keeping the others", async () => {
    const { id } = await platformExperiment(small, false);
    await setLimits(id, { maxAgents: 0 });
    await setLimits(id, { requestsPerMinute: 7 });
    const response = await api(`/api/experiments/${id}/platform/limits`);
    const { limits } = z
      .object({ limits: z.record(z.string(), z.number()) })
      .loose()
      .parse(await response.json());
    // Registration stays closed after an unrelated change; the unsent limits keep their values.
    expect(limits).toMatchObject({ maxAgents: 0, requestsPerMinute: 7, commentsPerHour: 50 });
  });

  it("limits registrations per address and per experiment", async () => {
    const { id, base } = await platformExperiment(small, false);
    await setLimits(id, { registrationsPerIpPerHour: 2, maxAgents: 3 });
    const ip = freshIp();
    await register(base, "LimitA", ip);
    await register(base, "LimitB", ip);
    const limited = await platform(base, "/agents/register", { ip, body: { name: "LimitC" } });
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    const body = await expectError(limited, 429, "RATE_LIMITED");
    expect(body.retry_after).toBeGreaterThan(0);
    await register(base, "LimitC", freshIp());
    await expectError(await platform(base, "/agents/register", { ip: freshIp(), body: { name: "LimitD" } }), 403, "FORBIDDEN");
  });

  it("refuses missing, wrong, foreign and admin keys", async () => {
    const a = await platformExperiment(small, false);
    const b = await platformExperiment(small, false);
    const ip = freshIp();
    const keyA = await register(a.base, "Scoped", ip);
    await expectError(await platform(a.base, "/agents/me", { ip }), 401, "UNAUTHORIZED");
    await expectError(await platform(a.base, "/agents/me", { ip, key: "moltbook_wrong" }), 401, "UNAUTHORIZED");
    await expectError(await platform(b.base, "/agents/me", { ip, key: keyA }), 401, "UNAUTHORIZED");
    const admin = adminHeaders.Authorization.slice("Bearer ".length);
    await expectError(await platform(a.base, "/agents/me", { ip, key: admin }), 401, "UNAUTHORIZED");
    // And an agent key opens no admin route.
    const control = await exports.default.fetch(
      new Request(`http://murmur.test/api/experiments/${a.id}`, { headers: { Authorization: `Bearer ${keyA}` } }),
    );
    expect(control.status).toBe(401);
    await expectError(await platform("/e/x000000000000/api/v1", "/agents/me", { ip, key: keyA }), 404, "NOT_FOUND");
    await expectError(await platform("/e/..%2f/api/v1", "/agents/me", { ip, key: keyA }), 404, "NOT_FOUND");
    await expectError(await platform(a.base, "/no/such/route", { ip, key: keyA }), 404, "NOT_FOUND");
  });

  it("rate-limits requests per key with the X-RateLimit headers and Retry-After", async () => {
    const { id, base } = await platformExperiment(small, false);
    await setLimits(id, { requestsPerMinute: 3 });
    const ip = freshIp();
    const key = await register(base, "Chatty", ip);
    for (let i = 0; i < 3; i++) {
      const response = await platform(base, "/agents/status", { key, ip });
      expect(response.status).toBe(200);
      expect(response.headers.get("X-RateLimit-Limit")).toBe("3");
      expect(response.headers.get("X-RateLimit-Remaining")).toBe(String(2 - i));
      expect(Number(response.headers.get("X-RateLimit-Reset"))).toBeGreaterThan(Date.now() / 1000);
    }
    const limited = await platform(base, "/agents/status", { key, ip });
    expect(limited.headers.get("Retry-After")).not.toBeNull();
    expect(limited.headers.get("X-RateLimit-Remaining")).toBe("0");
    await expectError(limited, 429, "RATE_LIMITED");
    // Per address: every request counts, with or without a key.
    await setLimits(id, { ipRequestsPerMinute: 2, requestsPerMinute: 100 });
    const other = freshIp();
    await platform(base, "/agents/me", { ip: other });
    await platform(base, "/agents/me", { ip: other });
    await expectError(await platform(base, "/agents/me", { ip: other }), 429, "RATE_LIMITED");
  });
});

describe("platform API: agents", () => {
  it("reads and updates /agents/me and /agents/status", async () => {
    const { base } = await platformExperiment(small, false);
    const ip = freshIp();
    const key = await register(base, "MeBot", ip);
    const me = await json(await platform(base, "/agents/me", { key, ip }), z.object({ success: z.literal(true), agent: agentSchema }), 200);
    expect(me.agent).toMatchObject({ id: "MeBot", name: "MeBot", karma: 0, follower_count: 0, following_count: 0, is_claimed: true });
    const patched = await platform(base, "/agents/me", {
      key,
      ip,
      method: "PATCH",
      body: { description: "updated", metadata: { model: "x" } },
    });
    expect((await json(patched, z.object({ agent: agentSchema }).loose(), 200)).agent.description).toBe("updated");
    await expectError(await platform(base, "/agents/me", { key, ip, method: "PATCH", body: { description: 5 } }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, "/agents/me", { key, ip, method: "PATCH", body: {} }), 400, "VALIDATION_ERROR");
    await expectError(
      await platform(base, "/agents/me", { key, ip, method: "PATCH", body: { metadata: { blob: "x".repeat(5_000) } } }),
      400,
      "VALIDATION_ERROR",
    );
    await expectError(await platform(base, "/agents/me", { key, ip, method: "PATCH", rawBody: "[" }), 400, "VALIDATION_ERROR");
    const after = await json(await platform(base, "/agents/me", { key, ip }), z.object({ agent: agentSchema }).loose(), 200);
    expect(after.agent.description).toBe("updated");
    const status = await json(
      await platform(base, "/agents/status", { key, ip }),
      z.object({ success: z.literal(true), status: z.string() }),
      200,
    );
    expect(status.status).toBe("claimed");
  });

  it("shows profiles of simulated and external agents, and follows", async () => {
    const { base } = await platformExperiment(small, false);
    const ip = freshIp();
    const key = await register(base, "Follower", ip);
    const otherKey = await register(base, "Followed", ip);
    await newPost(base, otherKey, ip, "Followed speaks");
    const profileSchema = z.strictObject({ success: z.literal(true), agent: agentSchema, recentPosts: z.array(postSchema) });
    const external = await json(await platform(base, "/agents/profile?name=Followed", { key, ip }), profileSchema, 200);
    // A queued post is visible to every reader at once, not only to its author.
    expect(external.recentPosts.map((p) => p.title)).toEqual(["Followed speaks"]);
    const own = await json(await platform(base, "/agents/profile?name=Followed", { key: otherKey, ip }), profileSchema, 200);
    expect(own.recentPosts.map((p) => p.title)).toEqual(["Followed speaks"]);
    const sim = await json(await platform(base, "/agents/profile?name=a03", { key, ip }), profileSchema, 200);
    expect(sim.agent.id).toBe("a03");
    const byName = await json(await platform(base, `/agents/profile?name=${sim.agent.name}`, { key, ip }), profileSchema, 200);
    expect(byName.agent.id).toBe("a03");
    await expectError(await platform(base, "/agents/profile?name=Nobody", { key, ip }), 404, "NOT_FOUND");
    await expectError(await platform(base, "/agents/profile", { key, ip }), 400, "VALIDATION_ERROR");

    const follow = await json(await platform(base, "/agents/Followed/follow", { key, ip, method: "POST" }), okSchema, 200);
    expect(follow["message"]).toContain("Followed");
    const me = await json(await platform(base, "/agents/me", { key, ip }), z.object({ agent: agentSchema }).loose(), 200);
    expect(me.agent.following_count).toBe(1);
    const seen = await json(await platform(base, "/agents/profile?name=Followed", { key, ip }), profileSchema, 200);
    expect(seen.agent.you_follow).toBe(true);
    expect(seen.agent.follower_count).toBe(1);
    await json(await platform(base, "/agents/Followed/follow", { key, ip, method: "DELETE" }), okSchema, 200);
    const unfollowed = await json(await platform(base, "/agents/me", { key, ip }), z.object({ agent: agentSchema }).loose(), 200);
    expect(unfollowed.agent.following_count).toBe(0);
    await expectError(await platform(base, "/agents/Follower/follow", { key, ip, method: "POST" }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, "/agents/Ghost/follow", { key, ip, method: "POST" }), 404, "NOT_FOUND");
  });
});

describe("platform API: names are data", () => {
  it("counts karma and followers of an agent named __proto__ like any other", async () => {
    const { id, base } = await platformExperiment(small, false);
    await runRounds(id, 1);
    const ip = freshIp();
    const protoKey = await register(base, "__proto__", ip);
    const fanKey = await register(base, "ProtoFan", ip);
    const post = await newPost(base, protoKey, ip, "Named after a prototype");
    await runRounds(id, 2);
    await json(await platform(base, "/agents/__proto__/follow", { key: fanKey, ip, method: "POST" }), okSchema, 200);
    await json(await platform(base, `/posts/${post.id}/upvote`, { key: fanKey, ip, method: "POST" }), voteAnswer, 200);
    await runRounds(id, 3);
    const profile = await json(
      await platform(base, "/agents/profile?name=__proto__", { key: fanKey, ip }),
      z.object({ agent: agentSchema }).loose(),
      200,
    );
    // At least the fan's follow and upvote (simulated agents may follow and vote too); when counts
    // were records keyed by name, __proto__ always read 0 and 0.
    expect(profile.agent.name).toBe("__proto__");
    expect(profile.agent.karma).toBeGreaterThanOrEqual(1);
    expect(profile.agent.follower_count).toBeGreaterThanOrEqual(1);
  });
});

describe("platform API: posts", () => {
  it("creates posts with validation and the post rate limit", async () => {
    const { base } = await platformExperiment(small, false);
    const ip = freshIp();
    const key = await register(base, "Poster", ip);
    const post = await newPost(base, key, ip, "First", "Body");
    expect(post).toMatchObject({ title: "First", content: "Body", url: null, upvotes: 0, downvotes: 0, comment_count: 0 });
    expect(post.author).toEqual({ id: "Poster", name: "Poster" });
    expect(post.submolt).toEqual({ id: "general", name: "general", display_name: "general" });
    expect(post.id).toMatch(/^p\.0\.Poster\.\d+$/);
    const key2 = await register(base, "Poster2", ip);
    const bad = [
      [{ submolt: "general", title: "t".repeat(301), content: "x" }, "VALIDATION_ERROR", 400],
      [{ submolt: "general", title: "T", content: "x".repeat(40_001) }, "VALIDATION_ERROR", 400],
      [{ submolt: "general", title: "   ", content: "x" }, "VALIDATION_ERROR", 400],
      [{ submolt: "general", title: "T" }, "EMPTY_CONTENT", 400],
      [{ submolt: "general", title: "T", url: "javascript:alert(1)" }, "VALIDATION_ERROR", 400],
      [{ submolt: "nosuchplace", title: "T", content: "x" }, "NOT_FOUND", 404],
      [{ submolt: "General!", title: "T", content: "x" }, "VALIDATION_ERROR", 400],
      [{ submolt: "general", title: 7, content: "x" }, "VALIDATION_ERROR", 400],
      ["just a string", "VALIDATION_ERROR", 400],
    ] as const;
    for (const [body, code, status] of bad) await expectError(await platform(base, "/posts", { key: key2, ip, body }), status, code);
    await expectError(await platform(base, "/posts", { key: key2, ip, rawBody: '{"submolt": ' }), 400, "VALIDATION_ERROR");
    // Nothing of the refused posts was written, and the rate limit was not spent on them.
    const link = await json(
      await platform(base, "/posts", { key: key2, ip, body: { submolt: "general", title: "A link", url: "https://example.com/x" } }),
      postAnswer,
      201,
    );
    expect(link.post).toMatchObject({ url: "https://example.com/x", content: null });
    const limited = await platform(base, "/posts", { key: key2, ip, body: { submolt: "general", title: "Again", content: "x" } });
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(60);
    // The headers describe the window that refused - one post per 30 minutes - not the request window.
    expect(limited.headers.get("X-RateLimit-Limit")).toBe("1");
    expect(limited.headers.get("X-RateLimit-Remaining")).toBe("0");
    expect(Number(limited.headers.get("X-RateLimit-Reset")) - Date.now() / 1000).toBeGreaterThan(25 * 60);
    await expectError(limited, 429, "RATE_LIMITED");
    // Both acknowledged posts and nothing of the refused ones, for any reader.
    const listed = await json(await platform(base, "/posts?sort=new", { key: key2, ip }), postListSchema, 200);
    expect(listed.posts.map((p) => p.title).sort()).toEqual(["A link", "First"]);
  });

  it("lists posts in every sort with pagination, and reads and deletes one", async () => {
    const { id, base } = await platformExperiment(small, false);
    await runRounds(id, 3);
    const ip = freshIp();
    const key = await register(base, "Reader", ip);
    for (const sort of ["hot", "new", "top", "rising"]) {
      const list = await json(await platform(base, `/posts?sort=${sort}&limit=3`, { key, ip }), postListSchema, 200);
      expect(list.count).toBe(list.posts.length);
      expect(list.posts.length).toBeGreaterThan(0);
      if (list.has_more) expect(list.next_offset).toBe(3);
    }
    const newest = await json(await platform(base, "/posts?sort=new&limit=100", { key, ip }), postListSchema, 200);
    const rounds = newest.posts.map((p) => p.created_at);
    expect([...rounds].sort().reverse()).toEqual(rounds);
    const top = await json(await platform(base, "/posts?sort=top&limit=100", { key, ip }), postListSchema, 200);
    const scores = top.posts.map((p) => p.upvotes - p.downvotes);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const page1 = await json(await platform(base, "/posts?sort=new&limit=2", { key, ip }), postListSchema, 200);
    const page2 = await json(
      await platform(base, `/posts?sort=new&limit=2&offset=${page1.next_offset ?? 0}`, { key, ip }),
      postListSchema,
      200,
    );
    expect(page2.posts[0]?.id).toBe(newest.posts[2]?.id);
    const inSubmolt = await json(await platform(base, "/posts?submolt=philosophy&limit=100", { key, ip }), postListSchema, 200);
    for (const p of inSubmolt.posts) expect(p.submolt.name).toBe("philosophy");
    await expectError(await platform(base, "/posts?sort=best", { key, ip }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, "/posts?limit=101", { key, ip }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, "/posts?limit=abc", { key, ip }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, "/posts?offset=-1", { key, ip }), 400, "VALIDATION_ERROR");

    const simPost = newest.posts.find((p) => /^a\d+$/.test(p.author.id));
    if (!simPost) throw new Error("the simulation wrote no post");
    const thread = await json(await platform(base, `/posts/${simPost.id}`, { key, ip }), threadAnswer, 200);
    expect(thread.post.id).toBe(simPost.id);
    await expectError(await platform(base, "/posts/p.0.nobody.9", { key, ip }), 404, "NOT_FOUND");
    await expectError(await platform(base, "/posts/not-an-id", { key, ip }), 404, "NOT_FOUND");
    // Someone else's content cannot be deleted; one's own queued post can, at once.
    await expectError(await platform(base, `/posts/${simPost.id}`, { key, ip, method: "DELETE" }), 403, "FORBIDDEN");
    const own = await newPost(base, key, ip, "Regret");
    await json(await platform(base, `/posts/${own.id}`, { key, ip, method: "DELETE" }), okSchema, 200);
    await expectError(await platform(base, `/posts/${own.id}`, { key, ip }), 404, "NOT_FOUND");
    await expectError(await platform(base, "/posts/p.0.nobody.9", { key, ip, method: "DELETE" }), 404, "NOT_FOUND");
  });

  it("votes: toggle, flip, SELF_VOTE, unknown targets", async () => {
    const { id, base } = await platformExperiment(small, false);
    await runRounds(id, 2);
    const ip = freshIp();
    const key = await register(base, "Voter", ip);
    const list = await json(await platform(base, "/posts?sort=new&limit=1", { key, ip }), postListSchema, 200);
    const target = list.posts[0];
    if (!target) throw new Error("no post to vote on");
    const vote = async (direction: "upvote" | "downvote") =>
      (await json(await platform(base, `/posts/${target.id}/${direction}`, { key, ip, method: "POST" }), voteAnswer, 200)).message;
    expect(await vote("upvote")).toBe("Upvoted!");
    expect(await vote("upvote")).toBe("Vote removed");
    expect(await vote("upvote")).toBe("Upvoted!");
    expect(await vote("downvote")).toBe("Downvoted!");
    const before = target.downvotes;
    await runRounds(id, 4);
    const committed = await json(await platform(base, `/posts/${target.id}`, { key, ip }), threadAnswer, 200);
    expect(committed.post.downvotes).toBeGreaterThanOrEqual(before + 1);
    // Against the committed downvote: the same direction removes it.
    expect(await vote("downvote")).toBe("Vote removed");
    const own = await newPost(base, key, ip, "Mine");
    await expectError(await platform(base, `/posts/${own.id}/upvote`, { key, ip, method: "POST" }), 400, "SELF_VOTE");
    await expectError(await platform(base, "/posts/p.1.ghost.0/upvote", { key, ip, method: "POST" }), 404, "NOT_FOUND");
    await expectError(await platform(base, "/comments/c.1.ghost.0/upvote", { key, ip, method: "POST" }), 404, "NOT_FOUND");
    await expectError(await platform(base, `/posts/${target.id}/sideways`, { key, ip, method: "POST" }), 404, "NOT_FOUND");
  });
});

describe("platform API: comments", () => {
  it("comments and replies, threaded, with depth, emptiness and size checks", async () => {
    const { base } = await platformExperiment(small, false);
    const ip = freshIp();
    const key = await register(base, "Threader", ip);
    const post = await newPost(base, key, ip);
    const comment = async (content: string, parent: string | null) =>
      (
        await json(
          await platform(base, `/posts/${post.id}/comments`, { key, ip, body: { content, parent_id: parent } }),
          commentAnswer,
          201,
        )
      ).comment;
    const root = await comment("root", null);
    expect(root).toMatchObject({ content: "root", parent_id: null, upvotes: 0, replies: [] });
    expect(root.author).toMatchObject({ id: "Threader", name: "Threader" });
    let parent = root.id;
    for (let depth = 1; depth <= 10; depth++) parent = (await comment(`reply ${depth}`, parent)).id;
    await expectError(
      await platform(base, `/posts/${post.id}/comments`, { key, ip, body: { content: "too deep", parent_id: parent } }),
      400,
      "MAX_DEPTH",
    );
    await expectError(await platform(base, `/posts/${post.id}/comments`, { key, ip, body: { content: "   " } }), 400, "EMPTY_CONTENT");
    await expectError(await platform(base, `/posts/${post.id}/comments`, { key, ip, body: {} }), 400, "EMPTY_CONTENT");
    await expectError(
      await platform(base, `/posts/${post.id}/comments`, { key, ip, body: { content: "x".repeat(10_001) } }),
      400,
      "VALIDATION_ERROR",
    );
    await expectError(await platform(base, `/posts/${post.id}/comments`, { key, ip, body: { content: 3 } }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, "/posts/p.0.ghost.1/comments", { key, ip, body: { content: "hello" } }), 404, "NOT_FOUND");
    await expectError(
      await platform(base, `/posts/${post.id}/comments`, { key, ip, body: { content: "hello", parent_id: "c.0.ghost.4" } }),
      404,
      "NOT_FOUND",
    );
    const key2 = await register(base, "Threader2", ip);
    const other = await newPost(base, key2, ip, "Other");
    const elsewhere = (
      await json(await platform(base, `/posts/${other.id}/comments`, { key: key2, ip, body: { content: "here" } }), commentAnswer, 201)
    ).comment;
    // Another agent's queued comment is visible at once and takes replies; a reply commits in the
    // round after the comment it answers (so the log creates what it refers to first), and its id says so.
    const answer = (
      await json(
        await platform(base, `/posts/${other.id}/comments`, { key, ip, body: { content: "x", parent_id: elsewhere.id } }),
        commentAnswer,
        201,
      )
    ).comment;
    expect(elsewhere.id).toMatch(/^c\.0\.Threader2\.\d+$/);
    expect(answer.id).toMatch(/^c\.1\.Threader\.\d+$/);
    expect(answer.parent_id).toBe(elsewhere.id);

    const listed = z.strictObject({
      success: z.literal(true),
      post_id: z.string(),
      sort: z.string(),
      comments: z.array(commentSchema),
      count: z.number(),
    });
    for (const sort of ["top", "new", "controversial"]) {
      const got = await json(await platform(base, `/posts/${post.id}/comments?sort=${sort}`, { key, ip }), listed, 200);
      expect(got.comments).toHaveLength(1);
      let depth = 0;
      let node = got.comments[0];
      while (node && node.replies.length > 0) {
        node = node.replies[0];
        depth++;
      }
      expect(depth).toBe(10);
    }
    await expectError(await platform(base, `/posts/${post.id}/comments?sort=hot`, { key, ip }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, `/posts/${post.id}/comments?limit=501`, { key, ip }), 400, "VALIDATION_ERROR");
    const thread = await json(await platform(base, `/posts/${post.id}`, { key, ip }), threadAnswer, 200);
    expect(thread.comments[0]?.id).toBe(root.id);

    // Votes and deletes on comments: own is SELF_VOTE, someone else's cannot be deleted.
    await expectError(await platform(base, `/comments/${root.id}/upvote`, { key, ip, method: "POST" }), 400, "SELF_VOTE");
    await expectError(await platform(base, `/comments/${elsewhere.id}`, { key, ip, method: "DELETE" }), 403, "FORBIDDEN");
    await json(await platform(base, `/comments/${root.id}`, { key, ip, method: "DELETE" }), okSchema, 200);
    const emptied = await json(await platform(base, `/posts/${post.id}`, { key, ip }), threadAnswer, 200);
    expect(emptied.comments).toHaveLength(0);
    await expectError(await platform(base, "/comments/garbage", { key, ip, method: "DELETE" }), 404, "NOT_FOUND");
  });

  it("votes on and deletes committed comments", async () => {
    const { id, base } = await platformExperiment(small, false);
    const ip = freshIp();
    const author = await register(base, "CAuthor", ip);
    const voter = await register(base, "CVoter", ip);
    const post = await newPost(base, author, ip);
    const made = (
      await json(await platform(base, `/posts/${post.id}/comments`, { key: author, ip, body: { content: "vote me" } }), commentAnswer, 201)
    ).comment;
    await runRounds(id, 1);
    const up = await json(await platform(base, `/comments/${made.id}/upvote`, { key: voter, ip, method: "POST" }), voteAnswer, 200);
    expect(up).toMatchObject({ message: "Upvoted!", author: { name: "CAuthor" }, already_following: false });
    await expectError(await platform(base, `/comments/${made.id}`, { key: voter, ip, method: "DELETE" }), 403, "FORBIDDEN");
    await runRounds(id, 2);
    const thread = await json(await platform(base, `/posts/${post.id}`, { key: voter, ip }), threadAnswer, 200);
    expect(thread.comments.find((c) => c.id === made.id)?.upvotes).toBeGreaterThanOrEqual(1);

    expect(thread.comments.find((c) => c.id === made.id)?.author.karma).toBeGreaterThanOrEqual(1);
    await json(await platform(base, `/comments/${made.id}`, { key: author, ip, method: "DELETE" }), okSchema, 200);
    // Gone for every reader at once, and from its post's comment_count.
    const deleted = await json(await platform(base, `/posts/${post.id}`, { key: voter, ip }), threadAnswer, 200);
    expect(deleted.comments.some((c) => c.id === made.id)).toBe(false);
    expect(deleted.post.comment_count).toBe(thread.post.comment_count - 1);
    // A deletion commits a round after what was queued before it (replies, votes); three more rounds have committed it.
    await runRounds(id, 6);
    const after = await json(await platform(base, `/posts/${post.id}`, { key: voter, ip }), threadAnswer, 200);
    expect(after.comments.some((c) => c.id === made.id)).toBe(false);
    const votes = (await exportEvents(id))
      .trim()
      .split("\n")
      .map((line) => eventSchema.parse(JSON.parse(line)))
      .filter((e) => e.type === "vote" && e.agent === "CVoter");
    expect(votes).toMatchObject([{ type: "vote", target: made.id, targetType: "comment", value: 1, targetAuthor: "CAuthor" }]);
    const deletes = (await exportEvents(id)).split("\n").filter((line) => line.includes('"type":"delete"'));
    expect(deletes.map((line) => eventSchema.parse(JSON.parse(line)))).toMatchObject([
      { agent: "CAuthor", target: made.id, targetType: "comment" },
    ]);
  });
});

describe("platform API: submolts, feed and search", () => {
  it("creates, lists, reads and subscribes to submolts", async () => {
    const { base } = await platformExperiment(small, false);
    const ip = freshIp();
    const key = await register(base, "Founder", ip);
    const other = await register(base, "Visitor", ip);
    const created = await json(
      await platform(base, "/submolts", { key, ip, body: { name: "tidepools", display_name: "Tide Pools", description: "small worlds" } }),
      z.strictObject({ success: z.literal(true), submolt: submoltSchema }),
      201,
    );
    expect(created.submolt).toMatchObject({ name: "tidepools", display_name: "Tide Pools", your_role: "owner", subscriber_count: 0 });
    await expectError(await platform(base, "/submolts", { key, ip, body: { name: "tidepools", display_name: "Again" } }), 409, "CONFLICT");
    await expectError(await platform(base, "/submolts", { key, ip, body: { name: "general", display_name: "General" } }), 409, "CONFLICT");
    await expectError(
      await platform(base, "/submolts", { key, ip, body: { name: "Bad Name", display_name: "x" } }),
      400,
      "VALIDATION_ERROR",
    );
    await expectError(await platform(base, "/submolts", { key, ip, body: { name: "okname", display_name: "" } }), 400, "VALIDATION_ERROR");
    const listSchema = z.strictObject({ success: z.literal(true), submolts: z.array(submoltSchema), count: z.number() });
    const mine = await json(await platform(base, "/submolts", { key, ip }), listSchema, 200);
    expect(mine.submolts.map((s) => s.name)).toContain("tidepools");
    expect(mine.submolts.map((s) => s.name)).toContain("general");
    // A new submolt is visible to every reader at once, with its subscribers counted at once.
    const theirs = await json(await platform(base, "/submolts", { key: other, ip }), listSchema, 200);
    expect(theirs.submolts.find((s) => s.name === "tidepools")).toMatchObject({ your_role: null, subscriber_count: 0 });
    await json(await platform(base, "/submolts/tidepools/subscribe", { key: other, ip, method: "POST" }), okSchema, 200);
    const visited = await json(
      await platform(base, "/submolts/tidepools", { key, ip }),
      z.strictObject({ success: z.literal(true), submolt: submoltSchema }),
      200,
    );
    expect(visited.submolt).toMatchObject({ your_role: "owner", subscriber_count: 1 });
    const general = await json(
      await platform(base, "/submolts/general", { key, ip }),
      z.strictObject({ success: z.literal(true), submolt: submoltSchema }),
      200,
    );
    expect(general.submolt.your_role).toBeNull();
    await expectError(await platform(base, "/submolts/nowhere", { key, ip }), 404, "NOT_FOUND");
    await json(await platform(base, "/submolts/general/subscribe", { key, ip, method: "POST" }), okSchema, 200);
    await json(await platform(base, "/submolts/general/subscribe", { key, ip, method: "DELETE" }), okSchema, 200);
    await expectError(await platform(base, "/submolts/nowhere/subscribe", { key, ip, method: "POST" }), 404, "NOT_FOUND");
    await newPost(base, key, ip, "In general");
    const feed = await json(await platform(base, "/submolts/general/feed?sort=new", { key, ip }), postListSchema, 200);
    expect(feed.posts.map((p) => p.title)).toEqual(["In general"]);
    await expectError(await platform(base, "/submolts/general/feed?sort=sideways", { key, ip }), 400, "VALIDATION_ERROR");
  });

  it("serves the personalised feed from subscriptions and follows", async () => {
    const { id, base } = await platformExperiment(small, false);
    await runRounds(id, 3);
    const ip = freshIp();
    const key = await register(base, "FeedReader", ip);
    const empty = await json(await platform(base, "/feed", { key, ip }), postListSchema, 200);
    expect(empty.posts).toHaveLength(0);
    await json(await platform(base, "/submolts/philosophy/subscribe", { key, ip, method: "POST" }), okSchema, 200);
    const all = await json(await platform(base, "/posts?sort=new&limit=100", { key, ip }), postListSchema, 200);
    const followed = all.posts.find((p) => p.submolt.name !== "philosophy" && /^a\d+$/.test(p.author.id));
    if (followed) await json(await platform(base, `/agents/${followed.author.name}/follow`, { key, ip, method: "POST" }), okSchema, 200);
    const feed = await json(await platform(base, "/feed?sort=new&limit=100", { key, ip }), postListSchema, 200);
    const expected = all.posts.filter((p) => p.submolt.name === "philosophy" || p.author.id === followed?.author.id).map((p) => p.id);
    expect(feed.posts.map((p) => p.id).sort()).toEqual(expected.sort());
    expect(feed.posts.length).toBeGreaterThan(0);
    await expectError(await platform(base, "/feed?sort=rising", { key, ip }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, "/feed?limit=0", { key, ip }), 400, "VALIDATION_ERROR");
  });

  it("serves the feed of an agent that follows more agents than SQLite binds parameters (100)", async () => {
    const { id, base } = await platformExperiment({ name: "wide", agents: 160, rounds: 10, seed: 5 }, false);
    await runRounds(id, 2);
    // 150 follows in a minute: above the default per-key rate, which this test is not about.
    await setLimits(id, { requestsPerMinute: 1_000, ipRequestsPerMinute: 10_000 });
    const ip = freshIp();
    const key = await register(base, "WideReader", ip);
    const followed = Array.from({ length: 150 }, (_, i) => `a${String(i).padStart(3, "0")}`);
    for (const agent of followed) await json(await platform(base, `/agents/${agent}/follow`, { key, ip, method: "POST" }), okSchema, 200);
    const me = await json(await platform(base, "/agents/me", { key, ip }), z.object({ agent: agentSchema }).loose(), 200);
    expect(me.agent.following_count).toBe(150);
    const feed = await json(await platform(base, "/feed?sort=new&limit=100", { key, ip }), postListSchema, 200);
    const all = await json(await platform(base, "/posts?sort=new&limit=100", { key, ip }), postListSchema, 200);
    const expected = all.posts.filter((p) => followed.includes(p.author.id)).map((p) => p.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(feed.posts.map((p) => p.id).sort()).toEqual(expected.sort());
  });

  it("ranks search results over posts, comments, agents and submolts", async () => {
    const { id, base } = await platformExperiment(small, false);
    const ip = freshIp();
    const key = await register(base, "Searcher", ip);
    await register(base, "Lighthouse_Keeper", ip);
    await newPost(base, key, ip, "Lighthouse keeping at dusk", "The lamp turns over the quiet water every night.");
    await runRounds(id, 1);
    const resultSchema = z.strictObject({
      success: z.literal(true),
      query: z.string(),
      type: z.string(),
      results: z.array(
        z.object({ id: z.string(), type: z.string(), similarity: z.number().min(0).max(1), post_id: z.string().nullable() }).loose(),
      ),
      count: z.number(),
    });
    const posts = await json(await platform(base, "/search?q=lighthouse%20lamp&type=posts", { key, ip }), resultSchema, 200);
    expect(posts.results[0]).toMatchObject({ type: "post", title: "Lighthouse keeping at dusk" });
    const agents = await json(await platform(base, "/search?q=lighthouse&type=agents", { key, ip }), resultSchema, 200);
    expect(agents.results.map((r) => r.id)).toEqual(["Lighthouse_Keeper"]);
    const submolts = await json(await platform(base, "/search?q=philosophy&type=submolts", { key, ip }), resultSchema, 200);
    expect(submolts.results[0]?.id).toBe("philosophy");
    const all = await json(await platform(base, "/search?q=lighthouse", { key, ip }), resultSchema, 200);
    const similarities = all.results.map((r) => r.similarity);
    expect([...similarities].sort((a, b) => b - a)).toEqual(similarities);
    expect(new Set(all.results.map((r) => r.type))).toEqual(new Set(["post", "agent"]));
    // FTS5 syntax from a client is only words.
    await json(await platform(base, `/search?q=${encodeURIComponent('"unbalanced AND (NEAR')}`, { key, ip }), resultSchema, 200);
    await expectError(await platform(base, "/search", { key, ip }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, `/search?q=${"x".repeat(501)}`, { key, ip }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, "/search?q=x&type=people", { key, ip }), 400, "VALIDATION_ERROR");
    await expectError(await platform(base, "/search?q=x&limit=51", { key, ip }), 400, "VALIDATION_ERROR");
  });
});

describe("platform API: bodies", () => {
  it("refuses lone UTF-16 surrogates and oversize chunked bodies before writing anything", async () => {
    const { base } = await platformExperiment(small, false);
    const ip = freshIp();
    const key = await register(base, "BodyChecker", ip);
    // JSON allows the escape; the text is not Unicode, and would break strict parsers of the log.
    const lone = await expectError(
      await platform(base, "/posts", { key, ip, rawBody: '{"submolt":"general","title":"t","content":"half \\ud800 a pair"}' }),
      400,
      "VALIDATION_ERROR",
    );
    expect(lone.error).toContain("body.content: a lone UTF-16 surrogate");
    // A proper pair is text.
    await json(
      await platform(base, "/posts", { key, ip, rawBody: '{"submolt":"general","title":"t","content":"a pair \\ud83e\\udd9e"}' }),
      z.object({ success: z.literal(true) }).loose(),
      201,
    );
    // A chunked body (no Content-Length) past the limit is cut off as it arrives (workerd logs the
    // cut upload as "Network connection lost" on the client's side: expected here).
    const chunk = new TextEncoder().encode(`{"submolt":"general","title":"t","content":"${"x".repeat(64 * 1024)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
      // The server stops reading: the upload ends there.
      cancel() {},
    });
    const chunked = await exports.default.fetch(
      new Request(`http://murmur.test${base}/posts`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip, Authorization: `Bearer ${key}` },
        body: stream,
      }),
    );
    expect((await expectError(chunked, 400, "VALIDATION_ERROR")).error).toBe("the body is too large");
    // At most five of the eight 64 KiB chunks were pulled: the rest was never read.
    expect(sent).toBeLessThanOrEqual(6);
  });
});

describe("platform API: errors", () => {
  it("never answers 500 and always with the documented shape and rate headers", async () => {
    const { base } = await platformExperiment(small, false);
    const ip = freshIp();
    const key = await register(base, "Fuzzer", ip);
    const probes: { path: string; method: string; rawBody?: string }[] = [
      { path: "/posts", method: "POST", rawBody: "null" },
      { path: "/posts", method: "POST", rawBody: "[1,2]" },
      { path: "/posts", method: "POST", rawBody: '{"submolt": {"$ne": 1}}' },
      { path: "/posts/%00/comments", method: "POST", rawBody: "{}" },
      { path: "/posts/p.0.x.0/upvote", method: "POST" },
      { path: "/submolts", method: "POST", rawBody: "\u0000" },
      { path: "/agents/%E0%A4%A/follow", method: "POST" },
      { path: "/comments/c.0.Fuzzer.999999999999999999999/upvote", method: "POST" },
      { path: "/posts?sort[]=hot", method: "GET" },
      { path: "/search?q=%22%22", method: "GET" },
    ];
    for (const probe of probes) {
      const response = await platform(base, probe.path, {
        key,
        ip,
        method: probe.method,
        ...(probe.rawBody !== undefined ? { rawBody: probe.rawBody } : {}),
      });
      expect(response.status, probe.path).toBeLessThan(500);
      expect(response.headers.get("X-RateLimit-Limit"), probe.path).not.toBeNull();
      const text = await response.text();
      if (response.status >= 400) errorSchema.parse(JSON.parse(text));
    }
  });
});
