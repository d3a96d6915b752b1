import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { agentIndex } from "../../core/ids.js";
import { memoryRowSchema } from "../../core/round/round-types.js";
import { agentPolicy } from "../../core/llm/agent-policy.js";
import { compareForFeed } from "../../core/platform/ranking.js";
import { bucketOf } from "../../core/random/hash.js";
import { makePersona } from "../../core/sim/persona.js";
import type { SimPersona } from "../../core/sim/persona.js";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { topics } from "../../core/sim/vocabulary.js";
import { agentObjectName, artifactKey, shardObjectName } from "../../durable-objects/common/names.js";
import { agentCountersSchema, feedQuerySchema, readerCommentSchema, readerPostSchema } from "../../core/contracts/readers.js";
import type { AgentInspectorBody, FeedBody, PersonaView, ReaderComment, ReaderPost, ThreadBody } from "../../core/contracts/readers.js";
import { requireAdmin } from "../http/admin-auth.js";
import { ApiError } from "../http/errors.js";
import { agentActivity } from "./agent-activity.js";
import { parseId, requireExperiment, stubFor, unwrap } from "./experiment-stub.js";
import { namedCountsSchema } from "../../core/contracts/platform-rows.js";

/** Artifacts a `murmur` process stores with an experiment after analysing its log. */
const artifactNames = ["report", "graph", "html"] as const;
/** Largest artifact accepted: a report of a million-event run is a few megabytes. */
const maxArtifactBytes = 64 * 1024 * 1024;
/** Live views poll the experiment object this often; cheap (one SQLite read). */
const livePollMs = 1_000;

const agentIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "agent ids are letters, digits, '.', '_' or '-'");
const postIdSchema = z.string().regex(/^p\.\d+\.[A-Za-z0-9._-]+\.\d+$/, "post ids look like p.<round>.<agent>.<k>");
const memoryPageSchema = z.array(memoryRowSchema);

/** The inspector's persona: each interest carries its topic's name (docs: the pages never import the sim). */
function personaView(persona: SimPersona): PersonaView {
  return { ...persona, interests: persona.interests.map((i) => ({ ...i, topicName: topics[i.topic]?.name ?? `topic ${i.topic}` })) };
}

function query<T extends z.ZodType>(schema: T, raw: Record<string, string>, hint: string): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ApiError("VALIDATION_ERROR", parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "), hint);
  }
  return parsed.data;
}

const isSimAgent = (agent: string): boolean => /^a\d+$/.test(agent);

function shardStubs(env: Env, id: string, shards: number) {
  return Array.from({ length: shards }, (_, s) => env.SHARD.get(env.SHARD.idFromName(shardObjectName(id, s))));
}

/** Marks an item as external or not and names its author (a sim agent by its persona's name). */
function markAuthor<T extends { author: string }>(config: ExperimentConfig, item: T): T & { external: boolean; authorName: string } {
  const sim = isSimAgent(item.author);
  return { ...item, external: !sim, authorName: sim ? makePersona(config, item.author, agentIndex(item.author)).name : item.author };
}

/** Posts of every shard in one sort, merged: each shard gives its first offset + limit. */
async function mergedPosts(
  env: Env,
  id: string,
  shards: number,
  request: { submolt: string | null; sort: "hot" | "new" | "top"; limit: number; offset: number; author: string | null },
): Promise<ReaderPost[]> {
  const perShard = await Promise.all(
    shardStubs(env, id, shards).map(async (stub) =>
      z.array(readerPostSchema).parse(
        await stub.browse({
          submolt: request.submolt,
          sort: request.sort,
          limit: request.offset + request.limit,
          author: request.author,
        }),
      ),
    ),
  );
  return perShard
    .flat()
    .sort((a, b) => compareForFeed(request.sort, a, b))
    .slice(request.offset, request.offset + request.limit);
}

/**
 * What the pages read besides status: the platform as a reader sees it, an agent's inspector,
 * a live stream of status, and the artifacts (report, influence graph) stored with an experiment.
 */
export const readerRoutes = new Hono<{ Bindings: Env }>()
  .use("*", requireAdmin)
  .get("/:id/feed", async (c) => {
    const id = parseId(c.req.param("id"));
    const q = query(feedQuerySchema, c.req.query(), "Use ?submolt=general&sort=hot|new|top&limit=25&offset=0.");
    // An unknown id is a 404 (its object has no config to read), never a 500.
    await requireExperiment(c.env, id);
    const config = await stubFor(c.env, id).getConfig();
    const posts = await mergedPosts(c.env, id, config.scale.shards, {
      submolt: q.submolt ?? null,
      sort: q.sort,
      limit: q.limit,
      offset: q.offset,
      author: null,
    });
    const body: FeedBody = {
      submolts: config.submolts,
      sort: q.sort,
      posts: posts.map((p) => markAuthor(config, p)),
    };
    return c.json({ success: true, ...body });
  })
  .get("/:id/posts/:post", async (c) => {
    const id = parseId(c.req.param("id"));
    const post = query(z.object({ post: postIdSchema }), { post: c.req.param("post") }, "Post ids come from the feed.").post;
    await requireExperiment(c.env, id);
    const config = await stubFor(c.env, id).getConfig();
    const stub = c.env.SHARD.get(c.env.SHARD.idFromName(shardObjectName(id, bucketOf(post, config.scale.shards))));
    const thread = z
      .object({ post: readerPostSchema, comments: z.array(readerCommentSchema) })
      .nullable()
      .parse(await stub.thread(post));
    if (!thread) throw new ApiError("NOT_FOUND", `no post ${post}`, "Post ids come from the feed.");
    const body: ThreadBody = {
      post: markAuthor(config, thread.post),
      comments: thread.comments.map((comment) => markAuthor(config, comment)),
    };
    return c.json({ success: true, ...body });
  })
  .get("/:id/agents/:agent", async (c) => {
    const id = parseId(c.req.param("id"));
    const agent = query(z.object({ agent: agentIdSchema }), { agent: c.req.param("agent") }, "Agent ids look like a0042.").agent;
    const status = await requireExperiment(c.env, id);
    const config = await stubFor(c.env, id).getConfig();
    if (isSimAgent(agent) && agentIndex(agent) >= config.agents)
      throw new ApiError("NOT_FOUND", `no agent ${agent}`, `Agents are a0 .. a${config.agents - 1}, zero-padded.`);
    const before = c.req.query("before");
    const beforeN =
      before === undefined
        ? null
        : query(z.object({ before: z.coerce.number().int().min(0) }), { before }, "before is a memory row number.").before;
    const object = c.env.AGENT.get(c.env.AGENT.idFromName(agentObjectName(id, agent)));
    const [memory, counters, posts, commentsPerShard, karmaPerShard, activity] = await Promise.all([
      object.memoryPage(beforeN, 64).then((rows) => memoryPageSchema.parse(rows)),
      object.counters().then((counters) => agentCountersSchema.parse(counters)),
      mergedPosts(c.env, id, config.scale.shards, { submolt: null, sort: "new", limit: 50, offset: 0, author: agent }),
      Promise.all(
        shardStubs(c.env, id, config.scale.shards).map(async (s) =>
          z.array(readerCommentSchema).parse(await s.commentsBy({ author: agent, limit: 50 })),
        ),
      ),
      Promise.all(shardStubs(c.env, id, config.scale.shards).map(async (s) => namedCountsSchema.parse(await s.karmaOf([agent])))),
      agentActivity(c.env.EVENTS, id, status.roundsDone, agent),
    ]);
    const comments: ReaderComment[] = commentsPerShard
      .flat()
      .sort((a, b) => b.round - a.round || (a.id < b.id ? 1 : -1))
      .slice(0, 50);
    const policy = agentPolicy(config, agent);
    const body: AgentInspectorBody = {
      agent: {
        id: agent,
        external: !isSimAgent(agent),
        policy: policy.policy,
        group: policy.group,
        model: policy.llm?.model.model ?? null,
        persona: isSimAgent(agent) ? personaView(makePersona(config, agent, agentIndex(agent))) : null,
        karma: karmaPerShard.reduce((sum, part) => sum + part.reduce((n, [who, value]) => n + (who === agent ? value : 0), 0), 0),
        counters,
      },
      memory,
      posts,
      comments,
      activity,
    };
    return c.json({ success: true, ...body });
  })
  .get("/:id/live", async (c) => {
    const id = parseId(c.req.param("id"));
    await requireExperiment(c.env, id);
    return streamSSE(c, async (stream) => {
      let stop = false;
      stream.onAbort(() => {
        stop = true;
      });
      while (!stop) {
        const status = unwrap(await stubFor(c.env, id).status());
        await stream.writeSSE({ event: "status", data: JSON.stringify(status) });
        if (status.status !== "running" && status.status !== "created") break;
        await stream.sleep(livePollMs);
      }
    });
  })
  .put("/:id/artifacts/:name", async (c) => {
    const id = parseId(c.req.param("id"));
    const name = query(z.object({ name: z.enum(artifactNames) }), { name: c.req.param("name") }, "Artifacts are report and graph.").name;
    await requireExperiment(c.env, id);
    const body = await c.req.text();
    if (body.length > maxArtifactBytes) throw new ApiError("VALIDATION_ERROR", "artifact too large", `At most ${maxArtifactBytes} bytes.`);
    if (name === "html") {
      if (!/^<!doctype html>/i.test(body))
        throw new ApiError("VALIDATION_ERROR", "the html artifact is report.html", "Upload report.html as written by murmur analyze.");
    } else {
      try {
        z.record(z.string(), z.unknown()).parse(JSON.parse(body));
      } catch {
        throw new ApiError(
          "VALIDATION_ERROR",
          "an artifact is one JSON object",
          "Upload report.json or graph.json as written by murmur analyze.",
        );
      }
    }
    const contentType = name === "html" ? "text/html; charset=utf-8" : "application/json; charset=utf-8";
    await c.env.EVENTS.put(artifactKey(id, name), body, { httpMetadata: { contentType } });
    return c.json({ success: true, artifact: name, bytes: body.length });
  })
  .get("/:id/artifacts/:name", async (c) => {
    const id = parseId(c.req.param("id"));
    const name = query(z.object({ name: z.enum(artifactNames) }), { name: c.req.param("name") }, "Artifacts are report and graph.").name;
    const object = await c.env.EVENTS.get(artifactKey(id, name));
    if (!object)
      throw new ApiError(
        "NOT_FOUND",
        `no ${name} stored for ${id} yet`,
        "Reports are stored when the run is analysed (murmur run, or murmur serve once it finishes).",
      );
    // report.html is shown in a sandboxed frame by the pages; the header keeps it inert if opened directly.
    const headers: Record<string, string> =
      name === "html"
        ? {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
          }
        : { "Content-Type": "application/json; charset=utf-8" };
    return new Response(object.body, { headers });
  });
