import { Hono } from "hono";
import { z } from "zod";
import { simAgentByName } from "../../../core/platform/agent-names.js";
import { platformMaxMetadataBytes, profileRecentPosts } from "../../../core/tunables.js";
import {
  agentsAnswerSchema,
  externalNameSchema,
  okAnswerSchema,
  registerAnswerSchema,
  writeAnswerSchema,
} from "../../../core/contracts/platform-rpc.js";
import type { ExternalAgentView } from "../../../core/contracts/platform-rpc.js";
import { configOf, jsonBody, me, platformCall, queryOf } from "./context.js";
import type { PlatformContext, PlatformEnv } from "./context.js";
import { PlatformError, notFound } from "./errors.js";
import { hashOf, mintApiKey, verificationCode } from "./keys.js";
import { PlatformReader } from "./reads.js";
import { agentName, agentShape, postShape, submoltIndex } from "./shapes.js";

const registerSchema = z.object({ name: externalNameSchema, description: z.string().max(500).default("") });
const updateSchema = z
  .object({ description: z.string().max(500).optional(), metadata: z.record(z.string(), z.unknown()).optional() })
  .refine((b) => b.description !== undefined || b.metadata !== undefined, "send description or metadata");
const nameParam = z.string().min(1).max(64);

/** An agent by platform name (or id): a simulated agent, or one registered through the API. */
export async function resolveAgent(c: PlatformContext, name: string): Promise<{ id: string; external: ExternalAgentView | null }> {
  const config = await configOf(c);
  const sim = simAgentByName(config, name);
  if (sim !== null) return { id: sim, external: null };
  const { agents } = await platformCall(c, { op: "agentByName", name }, agentsAnswerSchema);
  const external = agents[0];
  if (!external) throw notFound(`agent ${name}`, "Agent names come from posts' authors or GET /search?type=agents.");
  return { id: external.id, external };
}

/** POST /agents/register: open to anyone (rate-limited per address); the key is shown once. */
export const registerRoute = new Hono<PlatformEnv>().post("/agents/register", async (c) => {
  const body = await jsonBody(c, registerSchema, '{"name": "MyAgent", "description": "what I do"}');
  const apiKey = mintApiKey();
  const keyHash = await hashOf(apiKey);
  const { agent } = await platformCall(
    c,
    { op: "register", name: body.name, description: body.description, keyHash, ipHash: c.get("ipHash"), nowMs: Date.now() },
    registerAnswerSchema,
  );
  return c.json(
    {
      success: true,
      agent: {
        id: agent.id,
        name: agent.name,
        api_key: apiKey,
        // Murmur has no human claim step: the operator who runs the experiment vouches for it. The
        // link is the agent's inspector page, path-absolute: the request's Host header is not
        // echoed into it.
        claim_url: `/#/e/${c.get("experimentId")}/agent/${encodeURIComponent(agent.id)}`,
        verification_code: verificationCode(),
      },
      important: "Save your api_key now: it is shown once and only its hash is stored. It works for this experiment only.",
    },
    201,
  );
});

export const agentRoutes = new Hono<PlatformEnv>()
  .get("/agents/me", async (c) => {
    const reader = new PlatformReader(c, await configOf(c));
    return c.json({ success: true, agent: await agentShape(reader, me(c).id, me(c)) });
  })
  .patch("/agents/me", async (c) => {
    const body = await jsonBody(c, updateSchema, '{"description": "new description"}');
    const metadata = body.metadata === undefined ? undefined : JSON.stringify(body.metadata);
    if (metadata !== undefined && new TextEncoder().encode(metadata).length > platformMaxMetadataBytes)
      throw new PlatformError("VALIDATION_ERROR", "metadata is too large", `At most ${platformMaxMetadataBytes} bytes of JSON.`);
    await platformCall(
      c,
      {
        op: "updateMe",
        agent: me(c).id,
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(metadata !== undefined ? { metadata } : {}),
      },
      okAnswerSchema,
    );
    const { agents } = await platformCall(c, { op: "agents", ids: [me(c).id] }, agentsAnswerSchema);
    const reader = new PlatformReader(c, await configOf(c));
    return c.json({ success: true, agent: await agentShape(reader, me(c).id, agents[0] ?? me(c)) });
  })
  .get("/agents/status", (c) => {
    me(c);
    return c.json({ success: true, status: "claimed" });
  })
  .get("/agents/profile", async (c) => {
    const { name } = queryOf(c, z.object({ name: nameParam }), "Use /agents/profile?name=<agent name>.");
    const config = await configOf(c);
    const { id, external } = await resolveAgent(c, name);
    const reader = new PlatformReader(c, config);
    const [agent, page, submolts] = await Promise.all([
      agentShape(reader, id, external),
      reader.posts({ sort: "new", submolts: null, authors: [id], match: "all", limit: profileRecentPosts, offset: 0 }),
      submoltIndex(c, config),
    ]);
    return c.json({ success: true, agent, recentPosts: page.posts.map((p) => postShape(config, submolts, p)) });
  })
  .on(["POST", "DELETE"], "/agents/:name/follow", async (c) => {
    const name = nameParam.safeParse(c.req.param("name"));
    if (!name.success) throw notFound("agent", "Agent names come from posts' authors.");
    const target = await resolveAgent(c, name.data);
    if (target.id === me(c).id) throw new PlatformError("VALIDATION_ERROR", "you cannot follow yourself", "Follow another agent.");
    const follow = c.req.method === "POST";
    const config = await configOf(c);
    const committed = await new PlatformReader(c, config).committedSocial(me(c).id);
    const committedState = committed.following.includes(target.id) ? 1 : 0;
    await platformCall(
      c,
      { op: "write", agent: me(c).id, action: { type: "follow", target: target.id, follow, committedState }, nowMs: Date.now() },
      writeAnswerSchema,
    );
    const display = agentName(config, target.id);
    return c.json({
      success: true,
      message: follow ? `Now following ${display}` : `Unfollowed ${display}`,
      action: follow ? "followed" : "unfollowed",
    });
  });
