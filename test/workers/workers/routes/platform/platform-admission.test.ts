import { describe, expect, it } from "vitest";
import { z } from "zod";
import { eventSchema } from "../../../../../core/events/event-schema.js";
import type { MurmurEvent } from "../../../../../core/events/event-schema.js";
import { exportEvents } from "../../../helpers.js";
import {
  commentSchema,
  expectError,
  json,
  platform,
  platformExperiment,
  postSchema,
  register,
  runRounds,
  setLimits,
} from "../../../platform-helpers.js";

/**
 * A write the platform API acknowledges is a write the round commits. The per-round
 * rules of the commit (posts and comments per agent per round, scaled from Moltbook's limits to
 * the round length) refuse a write when it is made, with 429 and that rule's headers; every 201
 * lands in the log, in the round its id names.
 */

// 10 simulated minutes a round: 1 post (one per 30 minutes, at least one) and floor(50 x 10 / 60) = 8 comments per agent per round.
const config = { name: "admission", agents: 12, rounds: 8, seed: 3, roundMinutes: 10 };
const postAnswer = z.strictObject({ success: z.literal(true), post: postSchema });
const commentAnswer = z.strictObject({ success: z.literal(true), comment: commentSchema });
const okSchema = z.object({ success: z.literal(true) }).loose();

function events(log: string): MurmurEvent[] {
  return log
    .trim()
    .split("\n")
    .map((line) => eventSchema.parse(JSON.parse(line)));
}

/** The round an id of the log's form names: p.<round>.<agent>.<k> or c.<round>.<agent>.<k>. */
const roundOfId = (id: string): number => Number(id.split(".")[1]);

describe("platform API: refused at write, never dropped after a 201", () => {
  it("refuses posts and comments past the round's per-agent rules with 429, and commits every acknowledged one in its round", async () => {
    const { id, base } = await platformExperiment(config, false);
    // Wall-clock limits out of the way: only the commit's per-round rules remain.
    await setLimits(id, { postsPerWindow: 1_000, commentsPerHour: 1_000 });
    const ip = "192.0.2.10";
    const author = await register(base, "Admitted", ip);
    const other = await register(base, "Second", ip);
    const acknowledged: string[] = [];

    const post = async (key: string, title: string): Promise<Response> =>
      platform(base, "/posts", { key, ip, body: { submolt: "general", title, content: "body" } });
    const first = (await json(await post(author, "one"), postAnswer, 201)).post;
    acknowledged.push(first.id);
    for (const title of ["two", "three"]) {
      const refused = await post(author, title);
      // The refusing rule's window: one post per round, none left; the experiment is not running,
      // so the next round's opening time is unknown and the answer says a minute (docs/platform-api.md).
      expect(refused.headers.get("X-RateLimit-Limit")).toBe("1");
      expect(refused.headers.get("X-RateLimit-Remaining")).toBe("0");
      expect(refused.headers.get("Retry-After")).toBe("60");
      expect((await expectError(refused, 429, "RATE_LIMITED")).retry_after).toBe(60);
    }

    const comment = async (key: string, content: string, parent: string | null = null): Promise<Response> =>
      platform(base, `/posts/${first.id}/comments`, { key, ip, body: { content, parent_id: parent } });
    for (let i = 0; i < 10; i++) {
      const response = await comment(author, `comment ${i}`);
      if (i < 8) acknowledged.push((await json(response, commentAnswer, 201)).comment.id);
      else {
        expect(response.headers.get("X-RateLimit-Limit")).toBe("8");
        await expectError(response, 429, "RATE_LIMITED");
      }
    }
    // Another agent's comments on the queued post commit in the round after it (round 1), with a
    // quota of their own there.
    for (let i = 0; i < 9; i++) {
      const response = await comment(other, `reply ${i}`);
      if (i < 8) {
        const made = (await json(response, commentAnswer, 201)).comment;
        expect(roundOfId(made.id)).toBe(1);
        acknowledged.push(made.id);
      } else await expectError(response, 429, "RATE_LIMITED");
    }
    // A follow that changes nothing is not queued; a follow and its repeat are one follow.
    for (let i = 0; i < 2; i++)
      await json(await platform(base, "/agents/Admitted/follow", { key: other, ip, method: "POST" }), okSchema, 200);
    await json(await platform(base, "/agents/Second/follow", { key: author, ip, method: "DELETE" }), okSchema, 200);

    await runRounds(id, 3);
    // Once round 0 has opened, a post goes to the next round that has not.
    const later = (await json(await post(author, "four"), postAnswer, 201)).post;
    expect(roundOfId(later.id)).toBeGreaterThan(0);
    acknowledged.push(later.id);
    await runRounds(id, roundOfId(later.id) + 1);

    const log = events(await exportEvents(id));
    const created = new Map(
      log.flatMap((e) => ((e.type === "post" || e.type === "comment") && e.agent !== undefined ? [[e.id, e] as const] : [])),
    );
    for (const ack of acknowledged) {
      const event = created.get(ack);
      expect(event, ack).toBeDefined();
      expect(event?.round, ack).toBe(roundOfId(ack));
    }
    const external = log.filter((e) => "agent" in e && (e.agent === "Admitted" || e.agent === "Second"));
    expect(external.filter((e) => e.type === "post").length).toBe(2);
    expect(external.filter((e) => e.type === "comment").length).toBe(16);
    expect(external.filter((e) => e.type === "follow")).toMatchObject([{ agent: "Second", target: "Admitted", value: 1 }]);
    // And every acknowledged id answers.
    for (const ack of acknowledged.filter((a) => a.startsWith("p."))) {
      await json(await platform(base, `/posts/${ack}`, { key: other, ip }), z.object({ success: z.literal(true) }).loose(), 200);
    }
  });
});
