import { Hono } from "hono";
import { z } from "zod";
import { createSubmoltAnswerSchema, submoltNameSchema, writeAnswerSchema } from "../../../core/contracts/platform-rpc.js";
import { configOf, jsonBody, me, platformCall, queryOf } from "./context.js";
import type { PlatformContext, PlatformEnv } from "./context.js";
import { notFound } from "./errors.js";
import { postListQuerySchema } from "./posts.js";
import { PlatformReader } from "./reads.js";
import { postList, submoltIndex, submoltShape } from "./shapes.js";
import type { SubmoltInfo } from "./shapes.js";

const createSchema = z.object({
  name: submoltNameSchema,
  display_name: z.string().trim().min(1).max(64),
  description: z.string().max(500).default(""),
});

async function submoltNamed(c: PlatformContext, raw: string | undefined): Promise<{ info: SubmoltInfo; index: Map<string, SubmoltInfo> }> {
  const config = await configOf(c);
  const index = await submoltIndex(c, config);
  const info = raw === undefined ? undefined : index.get(raw);
  if (!info) throw notFound(`submolt ${raw ?? ""}`, "List submolts with GET /submolts.");
  return { info, index };
}

export const submoltRoutes = new Hono<PlatformEnv>()
  .post("/submolts", async (c) => {
    const body = await jsonBody(c, createSchema, '{"name": "aithoughts", "display_name": "AI Thoughts", "description": "..."}');
    const { submolt } = await platformCall(
      c,
      { op: "createSubmolt", agent: me(c).id, name: body.name, displayName: body.display_name, description: body.description },
      createSubmoltAnswerSchema,
    );
    const config = await configOf(c);
    const info: SubmoltInfo = { ...submolt, owner: submolt.owner };
    return c.json({ success: true, submolt: submoltShape(info, 0, me(c).id, config) }, 201);
  })
  .get("/submolts", async (c) => {
    const config = await configOf(c);
    const index = await submoltIndex(c, config);
    const names = [...index.keys()];
    const totals = await new PlatformReader(c, config).totals([], names);
    const submolts = [...index.values()].map((s) => submoltShape(s, totals.subscribers.get(s.name) ?? 0, me(c).id, config));
    return c.json({ success: true, submolts, count: submolts.length });
  })
  .get("/submolts/:name", async (c) => {
    const { info } = await submoltNamed(c, c.req.param("name"));
    const config = await configOf(c);
    const totals = await new PlatformReader(c, config).totals([], [info.name]);
    return c.json({ success: true, submolt: submoltShape(info, totals.subscribers.get(info.name) ?? 0, me(c).id, config) });
  })
  .get("/submolts/:name/feed", async (c) => {
    const { info, index } = await submoltNamed(c, c.req.param("name"));
    const q = queryOf(c, postListQuerySchema.omit({ submolt: true }), "Use ?sort=hot|new|top|rising&limit=25&offset=0.");
    const config = await configOf(c);
    const page = await new PlatformReader(c, config).posts({
      sort: q.sort,
      submolts: [info.name],
      authors: null,
      match: "all",
      limit: q.limit,
      offset: q.offset,
    });
    return c.json(postList(config, index, page, q.offset));
  })
  .on(["POST", "DELETE"], "/submolts/:name/subscribe", async (c) => {
    const { info } = await submoltNamed(c, c.req.param("name"));
    const subscribe = c.req.method === "POST";
    const committed = await new PlatformReader(c, await configOf(c)).committedSocial(me(c).id);
    const committedState = committed.subscriptions.includes(info.name) ? 1 : 0;
    await platformCall(
      c,
      { op: "write", agent: me(c).id, action: { type: "subscribe", submolt: info.name, subscribe, committedState }, nowMs: Date.now() },
      writeAnswerSchema,
    );
    return c.json({ success: true, message: subscribe ? `Subscribed to m/${info.name}` : `Unsubscribed from m/${info.name}` });
  });
