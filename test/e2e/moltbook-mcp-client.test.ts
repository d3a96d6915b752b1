import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experimentBodySchema } from "../../core/contracts/experiment-status.js";
import type { ExperimentStatusView } from "../../core/contracts/experiment-status.js";
import type { MurmurEvent } from "../../core/events/event-schema.js";
import { startFakeLlmServer } from "../support/fake-llm-server.js";
import type { FakeLlmServer } from "../support/fake-llm-server.js";
import { assertValidLog } from "../support/murmur-cli.js";
import { startServe, waitFor } from "../support/serve-process.js";
import type { ServeProcess } from "../support/serve-process.js";
import { RoundGate, startMoltbookMcp } from "./fixtures/moltbook-mcp.js";
import type { MoltbookMcp } from "./fixtures/moltbook-mcp.js";
import {
  agentAnswer,
  commentAnswer,
  commentsAnswer,
  flatten,
  followAnswer,
  messageAnswer,
  postAnswer,
  postListAnswer,
  profileAnswer,
  registerAnswer,
  searchAnswer,
  statusAnswer,
  submoltAnswer,
  submoltsAnswer,
  threadAnswer,
  voteAnswer,
} from "./fixtures/moltbook-shapes.js";
import type { Post } from "./fixtures/moltbook-shapes.js";

/**
 * A real third-party Moltbook client, `moltbook-http-mcp` (an MCP server exposing Moltbook's API as
 * tools), walked against a running experiment through its own tools: docs/platform-api.md
 * "Third-party clients". The experiment is held inside one round while the client writes (the
 * round's llm agents wait for the local model server, its sim agents have taken their turns), so
 * every count below follows from the walk alone; then rounds run, and the log shows what the
 * client did, committed in the round its ids name and shown to simulated agents from the next.
 */

const submolts = [
  { name: "general", description: "Anything goes" },
  { name: "science", description: "Findings and questions" },
  { name: "art", description: "Making and looking" },
];
const walker = "mcp_walker";
const title = "Walking Murmur with a Moltbook client";

let llm: FakeLlmServer;
let serve: ServeProcess;
let experiment: string;
let base: string;
let client: MoltbookMcp;
const gate = new RoundGate();
const clients: MoltbookMcp[] = [];

async function admin(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(`${serve.base}/api/experiments${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${serve.token}`, "Content-Type": "application/json" },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const status = async (): Promise<ExperimentStatusView> => experimentBodySchema.parse(await admin(`/${experiment}`)).experiment;

const idRound = (id: string): number => Number(id.split(".")[1]);

describe("a third-party Moltbook client (moltbook-http-mcp) against a running experiment", () => {
  let round = -1;
  let post: Post;
  let link: Post;
  let reply: { top: string; reply: string };
  let voted: { post: string; comment: string; author: string };
  /** The round held in its turns when the client deleted its post. */
  let deleteAskedIn = -1;

  beforeAll(async () => {
    llm = await startFakeLlmServer(gate.script);
    serve = await startServe("murmur-mcp-", [], { ...process.env, OPENAI_API_KEY: "sk-local-fake" });
    const config = {
      name: "moltbook-mcp-client",
      agents: 24,
      rounds: 20,
      seed: 11,
      submolts,
      // A quarter of the population is llm agents: their model calls are what the gate holds.
      groups: [
        { name: "crowd", share: 3, policy: "sim" },
        { name: "gated", share: 1, policy: "llm", model: "local" },
      ],
      // The model timeout and the turn deadline far above the seconds the walk holds a round: the
      // held turns wait for the gate instead of timing out and letting the round end.
      llm: {
        providers: { local: { baseUrl: llm.baseUrl, timeoutMs: 600_000, maxRetries: 0 } },
        models: { local: { provider: "local", model: "fake-model" } },
      },
      memory: { reflectionEveryRounds: 0 },
      probes: { privateEveryRounds: 0 },
      scale: { turnTimeoutMs: 900_000 },
    };
    experiment = experimentBodySchema.parse(await admin("", { method: "POST", body: JSON.stringify({ config }) })).experiment.id;
    // The walk makes over 80 requests with one key in a few seconds, near Moltbook's 100 per minute,
    // and two posts, where Moltbook allows one per 30 minutes; the operator raises both limits for
    // this experiment (docs/platform-api.md "Beyond Moltbook").
    const limits = { requestsPerMinute: 1000, postsPerWindow: 2 };
    await admin(`/${experiment}/platform/limits`, { method: "PUT", body: JSON.stringify({ limits }) });
    await admin(`/${experiment}/start`, { method: "POST" });
    base = `${serve.base}/e/${experiment}/api/v1`;
    // Some rounds of content first, then hold a round in its turns.
    await waitFor(async () => (await status()).roundsDone >= 3, "three rounds");
    gate.close();
    round = await gate.heldRoundAfter(2, status);
  });

  afterAll(async () => {
    gate.openForGood();
    await Promise.all(clients.map((c) => c.close()));
    serve?.process.kill("SIGTERM");
    await llm?.close();
  });

  it("registers without a key, then answers status and me with the key it was given", async () => {
    const anonymous = await startMoltbookMcp(base, "");
    clients.push(anonymous);
    const registered = await anonymous.ok("moltbook_agent_register", { name: walker, description: "walks the client" }, registerAnswer);
    expect(anonymous.requests().map((r) => [r.method, r.path, r.status])).toEqual([["POST", "/agents/register", 201]]);
    expect(registered.agent.name).toBe(walker);
    expect(registered.agent.api_key).toMatch(/^moltbook_[0-9A-Za-z]{43}$/);
    // The experiment runs: held in the turns of `round`, its sim agents' turns taken.
    expect(await status()).toMatchObject({ status: "running", round, phase: "turns" });
    client = await startMoltbookMcp(base, registered.agent.api_key);
    clients.push(client);
    expect((await client.ok("moltbook_agent_status", {}, statusAnswer)).status).toBe("claimed");
    const me = (await client.ok("moltbook_agent_me", {}, agentAnswer)).agent;
    expect(me).toMatchObject({ name: walker, description: "walks the client", karma: 0, follower_count: 0, following_count: 0 });
    expect(me.policy).toBe("external");
  });

  it("posts; the post is at once the newest in posts_list and readable with post_get", async () => {
    const content = "Every tool of a third-party client, against a society of simulated agents.";
    post = (await client.ok("moltbook_post_create", { submolt: "general", title, content }, postAnswer)).post;
    expect(client.requests().at(-1)?.status).toBe(201);
    // Written while round `round` runs its turns: it commits when the next round opens, and its id names that round.
    expect(post.id).toMatch(new RegExp(`^p\\.${round + 1}\\.${walker}\\.\\d+$`));
    expect(post).toMatchObject({ title, content, url: null, upvotes: 0, downvotes: 0, comment_count: 0 });
    expect(post.author.name).toBe(walker);
    // Newest round first: nothing committed is newer than a post of the next round.
    const everywhere = await client.ok("moltbook_posts_list", { sort: "new", limit: 100 }, postListAnswer);
    expect(everywhere.posts[0]?.id).toBe(post.id);
    const inGeneral = await client.ok("moltbook_posts_list", { submolt: "general", sort: "new" }, postListAnswer);
    expect(inGeneral.posts[0]?.id).toBe(post.id);
    expect(inGeneral.posts.every((p) => p.submolt.name === "general")).toBe(true);
    const read = await client.ok("moltbook_post_get", { post_id: post.id }, threadAnswer);
    expect(read.post).toEqual(post);
    expect(read.comments).toEqual([]);
  });

  it("comments and replies to the comment it just made; the thread and comment_count show both", async () => {
    const top = (await client.ok("moltbook_comment_add", { post_id: post.id, content: "A first comment." }, commentAnswer)).comment;
    expect(client.requests().at(-1)?.status).toBe(201);
    expect(top).toMatchObject({ content: "A first comment.", parent_id: null, replies: [] });
    const answer = await client.ok(
      "moltbook_comment_add",
      { post_id: post.id, content: "A reply to it.", parent_id: top.id },
      commentAnswer,
    );
    expect(answer.comment).toMatchObject({ content: "A reply to it.", parent_id: top.id });
    reply = { top: top.id, reply: answer.comment.id };
    const thread = await client.ok("moltbook_comments_list", { post_id: post.id }, commentsAnswer);
    expect(thread.count).toBe(1);
    expect(thread.comments.map((c) => [c.id, c.replies.map((r) => r.id)])).toEqual([[reply.top, [reply.reply]]]);
    const read = await client.ok("moltbook_post_get", { post_id: post.id }, threadAnswer);
    expect(read.post.comment_count).toBe(2);
    expect(flatten(read.comments).map((c) => c.id)).toEqual([reply.top, reply.reply]);
    // One's own content takes no vote, on Moltbook as here.
    const self = await client.call("moltbook_comment_upvote", { comment_id: reply.top });
    expect([self.ok, self.request.status, self.request.code]).toEqual([false, 400, "SELF_VOTE"]);
  });

  it("a link post deleted while still queued is withdrawn: gone for every reader at once, and never in the log", async () => {
    const url = "https://example.org/murmur-walk";
    link = (await client.ok("moltbook_post_create", { submolt: "science", title: "A link for the walk", url }, postAnswer)).post;
    expect(link).toMatchObject({ url, content: null, submolt: { name: "science" } });
    expect(idRound(link.id)).toBe(round + 1);
    const listed = async () => (await client.ok("moltbook_posts_list", { submolt: "science", sort: "new" }, postListAnswer)).posts;
    expect((await listed())[0]?.id).toBe(link.id);
    expect((await client.ok("moltbook_post_delete", { post_id: link.id }, messageAnswer)).message).toBe("Post deleted");
    const gone = await client.call("moltbook_post_get", { post_id: link.id });
    expect([gone.ok, gone.request.status, gone.request.code]).toEqual([false, 404, "NOT_FOUND"]);
    expect((await listed()).map((p) => p.id)).not.toContain(link.id);
  });

  it("upvotes, flips to a downvote, removes it and upvotes again: the score and the author's karma follow", async () => {
    const listed = await client.ok("moltbook_posts_list", { sort: "top", limit: 100 }, postListAnswer);
    const target = listed.posts.find((p) => p.author.id !== walker && p.comment_count > 0);
    if (!target) throw new Error("no simulated post with comments after three rounds");
    const author = target.author.name;
    const karmaOf = async (name: string) => (await client.ok("moltbook_agent_profile", { name }, profileAnswer)).agent.karma;
    const scoreOf = async () => {
      const p = (await client.ok("moltbook_post_get", { post_id: target.id }, threadAnswer)).post;
      return [p.upvotes, p.downvotes];
    };
    const [up, down] = [target.upvotes, target.downvotes];
    const karma = await karmaOf(author);
    const steps = [
      { tool: "moltbook_post_upvote", message: "Upvoted!", score: [up + 1, down], karma: karma + 1 },
      { tool: "moltbook_post_downvote", message: "Downvoted!", score: [up, down + 1], karma: karma - 1 },
      { tool: "moltbook_post_downvote", message: "Vote removed", score: [up, down], karma },
      { tool: "moltbook_post_upvote", message: "Upvoted!", score: [up + 1, down], karma: karma + 1 },
    ];
    for (const step of steps) {
      const answer = await client.ok(step.tool, { post_id: target.id }, voteAnswer);
      expect([answer.message, answer.author.name]).toEqual([step.message, author]);
      expect(await scoreOf()).toEqual(step.score);
      expect(await karmaOf(author)).toBe(step.karma);
    }
    // A comment by someone else on that post.
    const thread = await client.ok("moltbook_comments_list", { post_id: target.id }, commentsAnswer);
    const comment = flatten(thread.comments).find((c) => c.author.id !== walker);
    if (!comment) throw new Error("a post with comments lists none");
    const commentKarma = await karmaOf(comment.author.name);
    expect((await client.ok("moltbook_comment_upvote", { comment_id: comment.id }, voteAnswer)).message).toBe("Upvoted!");
    const after = flatten((await client.ok("moltbook_comments_list", { post_id: target.id }, commentsAnswer)).comments);
    expect(after.find((c) => c.id === comment.id)?.upvotes).toBe(comment.upvotes + 1);
    expect(await karmaOf(comment.author.name)).toBe(commentKarma + 1);
    voted = { post: target.id, comment: comment.id, author };
  });

  it("follows a simulated agent and unfollows it: follower and following counts, you_follow and the feed follow", async () => {
    const profile = async () => (await client.ok("moltbook_agent_profile", { name: voted.author }, profileAnswer)).agent;
    const following = async () => (await client.ok("moltbook_agent_me", {}, agentAnswer)).agent.following_count;
    const before = await profile();
    expect(before.policy).not.toBe("external");
    expect([before.you_follow, await following()]).toEqual([false, 0]);
    const followed = await client.ok("moltbook_follow", { agent_name: voted.author }, followAnswer);
    expect(followed.action).toBe("followed");
    const after = await profile();
    expect([after.follower_count, after.you_follow, await following()]).toEqual([before.follower_count + 1, true, 1]);
    // Following only that agent, the feed is its posts.
    const feed = await client.ok("moltbook_feed", { sort: "new" }, postListAnswer);
    expect(feed.posts.map((p) => p.id)).toContain(voted.post);
    expect(feed.posts.every((p) => p.author.name === voted.author)).toBe(true);
    expect((await client.ok("moltbook_unfollow", { agent_name: voted.author }, followAnswer)).action).toBe("unfollowed");
    const undone = await profile();
    expect([undone.follower_count, undone.you_follow, await following()]).toEqual([before.follower_count, false, 0]);
    expect((await client.ok("moltbook_feed", {}, postListAnswer)).posts).toEqual([]);
  });

  it("creates a submolt, subscribes and unsubscribes: lists, subscriber_count and the feed follow", async () => {
    const listed = await client.ok("moltbook_submolts_list", {}, submoltsAnswer);
    expect(listed.submolts.map((s) => s.name).sort()).toEqual(submolts.map((s) => s.name).sort());
    const created = await client.ok(
      "moltbook_submolt_create",
      { name: "mcpwalk", display_name: "MCP walk", description: "Made by a third-party client" },
      submoltAnswer,
    );
    expect(client.requests().at(-1)?.status).toBe(201);
    expect(created.submolt).toMatchObject({ name: "mcpwalk", display_name: "MCP walk", subscriber_count: 0, your_role: "owner" });
    expect((await client.ok("moltbook_submolts_list", {}, submoltsAnswer)).count).toBe(submolts.length + 1);
    const count = async (name: string) => (await client.ok("moltbook_submolt_get", { name }, submoltAnswer)).submolt.subscriber_count;
    const general = await count("general");
    expect((await client.ok("moltbook_submolt_subscribe", { name: "general" }, messageAnswer)).success).toBe(true);
    expect(await count("general")).toBe(general + 1);
    const feed = await client.ok("moltbook_feed", { sort: "new" }, postListAnswer);
    expect(feed.posts[0]?.id).toBe(post.id);
    expect(feed.posts.every((p) => p.submolt.name === "general")).toBe(true);
    expect((await client.ok("moltbook_submolt_unsubscribe", { name: "general" }, messageAnswer)).success).toBe(true);
    expect(await count("general")).toBe(general);
    // Subscribed to its own submolt, for the log below.
    await client.ok("moltbook_submolt_subscribe", { name: "mcpwalk" }, messageAnswer);
    expect(await count("mcpwalk")).toBe(1);
  });

  it("updates its profile", async () => {
    const metadata = { client: "moltbook-http-mcp" };
    const updated = await client.ok("moltbook_agent_update", { description: "walked the client", metadata }, agentAnswer);
    expect([updated.agent.description, updated.agent.metadata]).toEqual(["walked the client", metadata]);
    expect((await client.ok("moltbook_agent_me", {}, agentAnswer)).agent.description).toBe("walked the client");
  });

  it("refuses every tool Murmur does not implement with a clean 404, never a server error", async () => {
    const image = join(mkdtempSync(join(tmpdir(), "murmur-avatar-")), "avatar.png");
    writeFileSync(image, Buffer.from("89504e470d0a1a0a", "hex"));
    const unsupported: [string, Record<string, unknown>][] = [
      ["moltbook_agent_avatar_upload", { file_path: image }],
      ["moltbook_agent_avatar_remove", {}],
      ["moltbook_post_pin", { post_id: post.id }],
      ["moltbook_post_unpin", { post_id: post.id }],
      ["moltbook_submolt_settings", { name: "mcpwalk", description: "new" }],
      ["moltbook_submolt_avatar_upload", { name: "mcpwalk", file_path: image }],
      ["moltbook_submolt_banner_upload", { name: "mcpwalk", file_path: image }],
      ["moltbook_submolt_moderators_list", { name: "mcpwalk" }],
      ["moltbook_submolt_moderator_add", { name: "mcpwalk", agent_name: voted.author }],
      ["moltbook_submolt_moderator_remove", { name: "mcpwalk", agent_name: voted.author }],
      ["moltbook_dm_check", {}],
      ["moltbook_dm_requests", {}],
      ["moltbook_dm_request", { to: voted.author, message: "hello" }],
      ["moltbook_dm_approve", { conversation_id: "conversation1" }],
      ["moltbook_dm_reject", { conversation_id: "conversation1", block: true }],
      ["moltbook_dm_conversations", {}],
      ["moltbook_dm_conversation", { conversation_id: "conversation1" }],
      ["moltbook_dm_send", { conversation_id: "conversation1", message: "hello" }],
    ];
    for (const [tool, args] of unsupported) {
      const answer = await client.call(tool, args);
      expect([tool, answer.ok, answer.request.status, answer.request.code]).toEqual([tool, false, 404, "NOT_FOUND"]);
      expect(answer.text).toMatch(/^Error: .*not part of Murmur's platform/);
    }
  });

  it("once the round opens: search finds the post; deleting it removes it for every reader at once", async () => {
    gate.release();
    const held = await gate.heldRoundAfter(round, status);
    const found = await client.ok("moltbook_search", { q: title, type: "posts" }, searchAnswer);
    expect(found.results[0]?.id).toBe(post.id);
    const comments = await client.ok("moltbook_search", { q: "A reply to it", type: "comments", limit: 50 }, searchAnswer);
    expect(comments.results.map((r) => r.id)).toContain(reply.reply);
    expect((await client.ok("moltbook_search", { q: title }, searchAnswer)).results.map((r) => r.id)).toContain(post.id);
    expect((await client.ok("moltbook_post_delete", { post_id: post.id }, messageAnswer)).success).toBe(true);
    const gone = await client.call("moltbook_post_get", { post_id: post.id });
    expect([gone.ok, gone.request.status, gone.request.code]).toEqual([false, 404, "NOT_FOUND"]);
    const thread = await client.call("moltbook_comments_list", { post_id: post.id });
    expect([thread.ok, thread.request.status]).toEqual([false, 404]);
    const listed = await client.ok("moltbook_posts_list", { sort: "new", limit: 100 }, postListAnswer);
    expect(listed.posts.map((p) => p.id)).not.toContain(post.id);
    gate.openForGood();
    await waitFor(async () => (await status()).status === "finished", "the experiment to finish");
    deleteAskedIn = held;
    // No request of the walk was a server error.
    for (const c of clients) expect(c.requests().filter((r) => r.status >= 500)).toEqual([]);
  });

  it("the log: the client's actions in the round their ids name, the post shown to simulated agents from the next", async () => {
    const response = await fetch(`${serve.base}/api/experiments/${experiment}/events`, { headers: { Authorization: `Bearer ${serve.token}` } });
    const events = assertValidLog(await response.text());
    const mine = events.filter((e) => "agent" in e && e.agent === walker && e.type !== "exposure");
    const committed = round + 1;
    const policies = new Map<string, string>();
    for (const e of events) if (e.type === "agent") policies.set(e.agent, e.policy);
    expect(policies.get(walker)).toBe("external");
    const find = <T extends MurmurEvent["type"]>(type: T, match: (e: Extract<MurmurEvent, { type: T }>) => boolean) =>
      mine.filter((e): e is Extract<MurmurEvent, { type: T }> => e.type === type).filter(match);
    expect(find("post", (e) => e.id === post.id).map((e) => [e.round, e.title])).toEqual([[committed, title]]);
    expect(idRound(post.id)).toBe(committed);
    expect(find("comment", (e) => e.post === post.id).map((e) => [e.round, e.id, e.parent])).toEqual([
      [committed, reply.top, null],
      [committed, reply.reply, reply.top],
    ]);
    // Four votes on one post collapse into the net state: up.
    expect(find("vote", () => true).map((e) => [e.round, e.target, e.value])).toEqual([
      [committed, voted.post, 1],
      [committed, voted.comment, 1],
    ]);
    // Follow then unfollow, subscribe then unsubscribe: no change to commit.
    expect(find("follow", () => true)).toEqual([]);
    expect(find("subscribe", () => true).map((e) => [e.round, e.submolt, e.value])).toEqual([[committed, "mcpwalk", 1]]);
    const created = events.filter((e) => e.type === "submolt" && e.name === "mcpwalk");
    expect(created.map((e) => e.round)).toEqual([committed]);
    // Committed as its round opened, after that round's pool was fixed: in the pool from the next round.
    const snapshots = events.filter((e) => e.type === "feedSnapshot");
    expect(snapshots.find((s) => s.items.includes(post.id))?.round).toBe(committed + 1);
    const items = new Map(snapshots.map((s) => [s.id, s.items]));
    const shown = events.filter(
      (e) =>
        e.type === "exposure" &&
        policies.get(e.agent) === "sim" &&
        (e.items ?? (e.ranks ?? []).map((r) => items.get(e.snapshot ?? "")?.[r])).includes(post.id),
    );
    // Shown to sim agents, never before the pool holds it (whether one is shown it in that very
    // round depends on who wakes and what else ranks above it).
    expect(shown.length).toBeGreaterThan(0);
    expect(Math.min(...shown.map((e) => e.round))).toBeGreaterThanOrEqual(committed + 1);
    // The withdrawn link post left no trace.
    expect(events.filter((e) => JSON.stringify(e).includes(link.id))).toEqual([]);
    // A deletion of committed content commits a round after the next round to open.
    expect(find("delete", () => true).map((e) => [e.round, e.target])).toEqual([[deleteAskedIn + 2, post.id]]);
  });
});
