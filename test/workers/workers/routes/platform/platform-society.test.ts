import { env, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { eventSchema } from "../../../../../core/events/event-schema.js";
import type { MurmurEvent } from "../../../../../core/events/event-schema.js";
import { sha256Hex } from "../../../../../core/events/part.js";
import { api, exportEvents, experimentStub } from "../../../helpers.js";
import { commentSchema, json, platform, platformExperiment, postSchema, register, runRounds } from "../../../platform-helpers.js";

const config = { name: "society", agents: 40, rounds: 14, seed: 7, scale: { shards: 2, agentsPerCoordinator: 16 } };
const threadAnswer = z.strictObject({ success: z.literal(true), post: postSchema, comments: z.array(commentSchema) });
const postAnswer = z.strictObject({ success: z.literal(true), post: postSchema });

function events(log: string): MurmurEvent[] {
  return log
    .trim()
    .split("\n")
    .map((line) => eventSchema.parse(JSON.parse(line)));
}

const actor = (e: MurmurEvent): string => ("agent" in e && typeof e.agent === "string" ? e.agent : "");

/** Every row of every table of a Durable Object's SQLite, as text (blobs decoded). */
async function dumpObject(stub: DurableObjectStub): Promise<string> {
  return runInDurableObject(stub, (_, state) => {
    const sql = state.storage.sql;
    const tables = sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf%' AND name NOT LIKE 'sqlite%'")
      .toArray()
      .map((r) => r.name);
    const decoder = new TextDecoder();
    const out: string[] = [];
    for (const table of tables) {
      for (const row of sql.exec(`SELECT * FROM "${table}"`)) {
        out.push(JSON.stringify(Object.values(row).map((v) => (v instanceof ArrayBuffer ? decoder.decode(v) : v))));
      }
    }
    return out.join("\n");
  });
}

describe("external agents in a simulated society", () => {
  const logged: string[] = [];
  beforeEach(() => {
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
  });
  afterEach(() => vi.restoreAllMocks());

  it("posts over /api/v1, is shown to simulated agents, receives their replies and votes, and its key is stored nowhere", async () => {
    // Registered and posting before the experiment starts: committed when round 0 opens.
    const { id, base: experimentBase } = await platformExperiment(config, false);
    const key = await register(experimentBase, "Outsider");
    const bystander = await register(experimentBase, "Bystander");
    let base = experimentBase;
    const post = (
      await json(
        await platform(base, "/posts", {
          key,
          body: {
            submolt: "general",
            title: "Signals from outside the lattice",
            content: "What do you all remember of the first rounds here?",
          },
        }),
        postAnswer,
        201,
      )
    ).post;
    // Every API reader sees it at once; simulated agents once a round commits it (below).
    await json(await platform(base, `/posts/${post.id}`, { key }), threadAnswer, 200);
    await json(await platform(base, `/posts/${post.id}`, { key: bystander }), threadAnswer, 200);
    await runRounds(id, 9);
    // `/api/v1` is the default experiment: the most recently started one that runs (or is paused).
    base = "/api/v1";
    const seen = await json(await platform(base, `/posts/${post.id}`, { key: bystander }), threadAnswer, 200);
    expect(seen.post.author).toEqual({ id: "Outsider", name: "Outsider" });

    const log = events(await exportEvents(id));
    const registered = log.filter((e) => e.type === "agent" && e.agent === "Outsider");
    expect(registered).toMatchObject([{ type: "agent", name: "Outsider", policy: "external" }]);
    const committed = log.find((e) => e.type === "post" && e.id === post.id);
    expect(committed).toMatchObject({ agent: "Outsider", submolt: "general", title: "Signals from outside the lattice" });
    // Registration and post were committed when the next round opened; the id names that round.
    const commitRound = committed?.round ?? -1;
    expect(commitRound).toBe(0);
    expect(registered[0]?.round).toBe(commitRound);
    expect(post.id).toBe(`p.${commitRound}.Outsider.0`);

    // Shown to simulated agents: an exposure ranks it in a round's feed snapshot.
    const snapshots = new Map(log.flatMap((e) => (e.type === "feedSnapshot" ? [[e.id, e.items] as const] : [])));
    const exposedTo = log.filter(
      (e) =>
        e.type === "exposure" && e.snapshot !== undefined && (e.ranks ?? []).some((r) => snapshots.get(e.snapshot ?? "")?.[r] === post.id),
    );
    expect(exposedTo.length).toBeGreaterThan(0);
    for (const e of exposedTo) expect(e.round).toBeGreaterThan(commitRound);

    // Their replies and votes reach it, in the log and through the API.
    // (The paused experiment may have committed one round more than it has closed and exported.)
    const replies = log.filter((e) => e.type === "comment" && e.post === post.id && /^a\d+$/.test(e.agent));
    const votes = log.filter((e) => e.type === "vote" && e.target === post.id);
    expect(replies.length).toBeGreaterThan(0);
    expect(votes.length).toBeGreaterThan(0);
    for (const v of votes) expect(v).toMatchObject({ targetAuthor: "Outsider" });
    expect(seen.post.upvotes).toBeGreaterThanOrEqual(votes.filter((v) => v.type === "vote" && v.value === 1).length);
    const simComments = seen.comments.flatMap(function flat(c): string[] {
      return [...(/^a\d+$/.test(c.author.id) ? [c.id] : []), ...c.replies.flatMap(flat)];
    });
    expect(simComments).toEqual(expect.arrayContaining(replies.flatMap((r) => (r.type === "comment" ? [r.id] : []))));
    const me = await json(
      await platform(base, "/agents/me", { key }),
      z.object({ agent: z.object({ karma: z.number() }).loose() }).loose(),
      200,
    );
    expect(me.agent.karma).toBe(seen.post.upvotes - seen.post.downvotes);

    // It acts on simulated content: a reply and a vote, committed like anyone's, in canonical order.
    const target = log.find((e) => e.type === "post" && /^a\d+$/.test(e.agent));
    if (target?.type !== "post") throw new Error("the simulation wrote no post");
    const reply = await json(
      await platform(base, `/posts/${target.id}/comments`, { key, body: { content: "Outsider says hello" } }),
      z.object({ comment: commentSchema }).loose(),
      201,
    );
    await json(
      await platform(base, `/posts/${target.id}/upvote`, { key, method: "POST" }),
      z.object({ success: z.literal(true) }).loose(),
      200,
    );
    await runRounds(id, 12);
    const later = events(await exportEvents(id));
    const mine = later.filter((e) => actor(e) === "Outsider" && (e.type === "comment" || e.type === "vote"));
    expect(mine).toMatchObject([
      { type: "comment", id: reply.comment.id, post: target.id, parent: null, content: "Outsider says hello" },
      { type: "vote", target: target.id, value: 1, targetAuthor: target.agent },
    ]);
    const round = mine[0]?.round ?? -1;
    const inRound = later.filter((e) => e.round === round);
    const agentsInOrder = inRound.filter((e) => e.type === "comment" || e.type === "post" || e.type === "vote").map(actor);
    expect([...agentsInOrder].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(agentsInOrder);
    const end = inRound.find((e) => e.type === "roundEnd");
    const actionsInRound = inRound.filter((e) => ["post", "comment", "vote", "follow", "subscribe", "delete"].includes(e.type)).length;
    expect(end?.type === "roundEnd" ? end.actions : -1).toBe(actionsInRound - inRound.filter((e) => actor(e) === "murmur-probe").length);

    // The key: only its SHA-256 is stored; no row, object, export or log line holds it.
    const keys = [key, bystander];
    const dumps = [await dumpObject(experimentStub(id))];
    for (let s = 0; s < 2; s++) dumps.push(await dumpObject(env.SHARD.get(env.SHARD.idFromName(`${id}:s${s}`))));
    for (let c = 0; c < 3; c++) dumps.push(await dumpObject(env.COORDINATOR.get(env.COORDINATOR.idFromName(`${id}:c${c}`))));
    for (const agent of ["a00", "a07", "a39"]) dumps.push(await dumpObject(env.AGENT.get(env.AGENT.idFromName(`${id}:${agent}`))));
    const listing = await env.EVENTS.list({ prefix: `experiments/${id}/` });
    for (const object of listing.objects) dumps.push((await (await env.EVENTS.get(object.key))?.text()) ?? "");
    const telemetry = await (await api(`/api/experiments/${id}/telemetry`)).text();
    const everything = [...dumps, JSON.stringify(later), telemetry, ...logged].join("\n");
    expect(dumps[0]).toContain(await sha256Hex(key));
    for (const k of keys) {
      expect(everything).not.toContain(k);
      expect(everything).not.toContain(k.slice("moltbook_".length));
    }
  });
});
