import { Hono } from "hono";
import { z } from "zod";
import { simAgentByName } from "../../../core/platform/agent-names.js";
import { bm25Similarity, contentSimilarity, ftsMatch, recordSimilarity } from "../../../core/platform/text-match.js";
import { platformMaxOffset } from "../../../core/tunables.js";
import { agentsAnswerSchema } from "../../../core/contracts/platform-rpc.js";
import { configOf, me, platformCall, queryOf } from "./context.js";
import type { PlatformEnv } from "./context.js";
import { PlatformReader } from "./reads.js";
import { agentName, postList, submoltIndex } from "./shapes.js";

const feedQuerySchema = z.object({
  sort: z.enum(["hot", "new", "top"]).default("hot"),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(platformMaxOffset).default(0),
});
const searchQuerySchema = z.object({
  q: z.string().trim().min(1, "q is required").max(500),
  type: z.enum(["posts", "comments", "agents", "submolts", "all"]).default("all"),
  limit: z.coerce.number().int().min(1).max(50).default(25),
});

interface SearchResult {
  id: string;
  type: "post" | "comment" | "agent" | "submolt";
  title: string | null;
  content: string;
  upvotes: number;
  downvotes: number;
  created_at: string | null;
  similarity: number;
  author: { name: string } | null;
  submolt?: { name: string; display_name: string };
  post?: { id: string };
  post_id: string | null;
  /** Tie-break among equal similarities (bm25, shard-local); not sent. */
  rank?: number;
}

export const discoveryRoutes = new Hono<PlatformEnv>()
  .get("/feed", async (c) => {
    const q = queryOf(c, feedQuerySchema, "Use /feed?sort=hot|new|top&limit=25&offset=0.");
    const config = await configOf(c);
    const reader = new PlatformReader(c, config);
    const [social, submolts] = await Promise.all([reader.social(me(c).id), submoltIndex(c, config)]);
    const follows = social.following.length > 0 ? social.following : null;
    const subscribed = social.subscriptions.length > 0 ? social.subscriptions : null;
    // The personalised feed: posts of subscribed submolts or followed agents; nothing else.
    const page =
      follows === null && subscribed === null
        ? { posts: [], hasMore: false }
        : await reader.posts({ sort: q.sort, submolts: subscribed, authors: follows, match: "any", limit: q.limit, offset: q.offset });
    return c.json(postList(config, submolts, page, q.offset));
  })
  .get("/search", async (c) => {
    const q = queryOf(c, searchQuerySchema, "Use /search?q=<words>&type=posts|comments|agents|submolts|all&limit=25 (at most 50).");
    const config = await configOf(c);
    const reader = new PlatformReader(c, config);
    const wants = (type: "posts" | "comments" | "agents" | "submolts"): boolean => q.type === "all" || q.type === type;
    const match = ftsMatch(q.q);
    const [hits, submolts, externalAgents] = await Promise.all([
      match !== null && (wants("posts") || wants("comments"))
        ? reader.search(match, wants("posts"), wants("comments"), q.limit)
        : Promise.resolve([]),
      submoltIndex(c, config),
      wants("agents")
        ? platformCall(c, { op: "searchAgents", q: q.q, limit: q.limit }, agentsAnswerSchema)
        : Promise.resolve({ agents: [] }),
    ]);
    const results: SearchResult[] = hits.map((hit) => ({
      id: hit.id,
      type: hit.kind,
      title: hit.title,
      content: hit.content,
      upvotes: hit.up,
      downvotes: hit.down,
      created_at: reader.createdAt(hit.round),
      similarity: contentSimilarity(q.q, hit.title ?? "", hit.content),
      rank: bm25Similarity(hit.bm25),
      author: { name: agentName(config, hit.author) },
      submolt: { name: hit.submolt, display_name: submolts.get(hit.submolt)?.displayName ?? hit.submolt },
      ...(hit.kind === "comment" ? { post: { id: hit.post } } : {}),
      post_id: hit.post,
    }));
    if (wants("agents")) {
      for (const agent of externalAgents.agents)
        results.push({
          id: agent.id,
          type: "agent",
          title: agent.name,
          content: agent.description,
          upvotes: 0,
          downvotes: 0,
          created_at: reader.createdAt(agent.registeredRound),
          similarity: recordSimilarity(q.q, agent.name, agent.description),
          author: { name: agent.name },
          post_id: null,
        });
      // Simulated agents are found by their exact name or id: a population of millions has no name index.
      const sim = simAgentByName(config, q.q);
      if (sim !== null)
        results.push({
          id: sim,
          type: "agent",
          title: agentName(config, sim),
          content: "",
          upvotes: 0,
          downvotes: 0,
          created_at: null,
          similarity: 1,
          author: { name: agentName(config, sim) },
          post_id: null,
        });
    }
    if (wants("submolts")) {
      for (const s of submolts.values()) {
        const similarity = recordSimilarity(q.q, s.name, `${s.displayName} ${s.description}`);
        if (similarity > 0)
          results.push({
            id: s.name,
            type: "submolt",
            title: s.displayName,
            content: s.description,
            upvotes: 0,
            downvotes: 0,
            created_at: reader.createdAt(s.createdRound),
            similarity,
            author: null,
            submolt: { name: s.name, display_name: s.displayName },
            post_id: null,
          });
      }
    }
    results.sort((a, b) => b.similarity - a.similarity || (b.rank ?? 0) - (a.rank ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const page = results.slice(0, q.limit).map(({ rank: _rank, ...result }) => result);
    return c.json({ success: true, query: q.q, type: q.type, results: page, count: page.length });
  });
