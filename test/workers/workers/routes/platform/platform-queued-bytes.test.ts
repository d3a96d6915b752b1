import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { eventSchema } from "../../../../../core/events/event-schema.js";
import { writeAnswerSchema } from "../../../../../core/contracts/platform-rpc.js";
import { exportEvents, experimentStub, status } from "../../../helpers.js";
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
 * Nothing a client sends can stop an experiment. 70 external agents queue their
 * full comment quota - 50 comments of 10,000 characters each, 35 MB - during a pause. Before, the
 * commit went to the shard as one RPC over workerd's 32 MiB limit and the experiment failed for
 * good. Now a round carries at most 16 MiB of queued posts and comments (the rest is refused when
 * it is written, with 429), the commit goes to the shard in calls of bounded size, and the run goes on.
 *
 * The 3,500 writes go straight to the experiment object's `platform` RPC - the call every platform
 * write of the Worker makes after its route's checks - because 3,500 HTTP requests of 10 KB cost
 * minutes in the local test runtime; one request then checks the HTTP answer at the cap.
 */

const agents = 70;
const commentsEach = 50;
const contentChars = 10_000;
const roundCapBytes = 16 * 1024 * 1024;
const postAnswer = z.strictObject({ success: z.literal(true), post: postSchema });
const commentAnswer = z.strictObject({ success: z.literal(true), comment: commentSchema });

describe("platform API: queued bytes", () => {
  it("commits the 35 MB queued-comments scenario after a pause, refusing at write what one round cannot carry", async () => {
    // 60-minute rounds: 50 comments per agent per round are within the commit's per-agent rules.
    const { id, base } = await platformExperiment({ name: "bytes", agents: 12, rounds: 6, seed: 2 }, false);
    await setLimits(id, { registrationsPerIpPerHour: 1_000, commentsPerHour: 1_000 });
    const ip = "192.0.2.80";
    const host = await register(base, "Host", ip);
    const body = { submolt: "general", title: "Say a lot", content: "go" };
    const post = (await json(await platform(base, "/posts", { key: host, ip, body }), postAnswer, 201)).post;
    await runRounds(id, 2);
    expect((await status(id)).status).toBe("paused");
    const keys = new Map<string, string>();
    for (let i = 0; i < agents; i++) keys.set(`Loud${i}`, await register(base, `Loud${i}`, ip));

    const outcome = await runInDurableObject(experimentStub(id), (instance) => {
      const acknowledged: { id: string; round: number; chars: number }[] = [];
      const refused: unknown[] = [];
      for (let a = 0; a < agents; a++) {
        for (let c = 0; c < commentsEach; c++) {
          const content = `${a}:${c} `.padEnd(contentChars, "x");
          const action = { type: "comment" as const, post: post.id, parent: null, content, depth: 0 };
          const answer = instance.platform({ op: "write", agent: `Loud${a}`, action, nowMs: Date.now() });
          const ok = writeAnswerSchema.safeParse(answer);
          if (ok.success) acknowledged.push({ id: ok.data.id, round: ok.data.round, chars: content.length });
          else refused.push(answer);
        }
      }
      return { acknowledged, refused };
    });
    // 35,000,000 characters were sent; what one round carries (16 MiB, with the JSON around each
    // comment) was acknowledged, the rest refused as RATE_LIMITED with the round's cap.
    const { acknowledged, refused } = outcome;
    expect(acknowledged.length + refused.length).toBe(agents * commentsEach);
    const chars = acknowledged.reduce((sum, a) => sum + a.chars, 0);
    expect(chars).toBeLessThanOrEqual(roundCapBytes);
    // Each comment's body is its content plus < 200 bytes of JSON and id: the round is full to within one comment.
    expect(chars + acknowledged.length * 200 + contentChars + 200).toBeGreaterThan(roundCapBytes);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r).toMatchObject({ ok: false, code: "RATE_LIMITED", rate: { limit: roundCapBytes } });
    const round = acknowledged[0]?.round ?? -1;
    for (const a of acknowledged) expect(a.round).toBe(round);

    // Over HTTP, a write past the cap is a 429 whose headers count the round's bytes (the round has
    // less room left than one more full comment: that is where the writes above began to be refused).
    const late = keys.get(`Loud${agents - 1}`) ?? "";
    const over = await platform(base, `/posts/${post.id}/comments`, { key: late, ip, body: { content: "y".repeat(contentChars) } });
    expect(over.headers.get("X-RateLimit-Limit"), await over.clone().text()).toBe(String(roundCapBytes));
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(0);
    await expectError(over, 429, "RATE_LIMITED");

    // Resume: the round commits (in calls under the RPC limit) and the experiment runs on.
    await runRounds(id, round + 1);
    expect((await status(id)).status).toBe("paused");
    const committed = new Set(
      (await exportEvents(id))
        .trim()
        .split("\n")
        .map((line) => eventSchema.parse(JSON.parse(line)))
        .flatMap((e) => (e.type === "comment" && e.post === post.id && e.round === round ? [e.id] : [])),
    );
    expect(committed.size).toBe(acknowledged.length);
    for (const a of acknowledged) expect(committed.has(a.id), a.id).toBe(true);
    // That round has opened: the refused agent writes into the next one.
    const retried = await platform(base, `/posts/${post.id}/comments`, { key: late, ip, body: { content: "again" } });
    const again = (await json(retried, commentAnswer, 201)).comment.id;
    expect(again).toMatch(/^c\.\d+\.Loud69\.\d+$/);
    expect(Number(again.split(".")[1])).toBeGreaterThan(round);
  }, 300_000);
});
