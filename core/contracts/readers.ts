import { z } from "zod";
import { submoltSchema } from "./experiment-config.js";
import { memoryRowSchema } from "../round/round-types.js";

/**
 * What the pages read besides status (workers/routes/experiment-readers.ts serves it): the
 * platform as a reader sees it and an agent's inspector. The post and comment rows are also what
 * each content shard answers, before the Worker merges the shards.
 */

export const readerPostSchema = z.strictObject({
  id: z.string(),
  author: z.string(),
  submolt: z.string(),
  title: z.string(),
  content: z.string(),
  round: z.number().int(),
  up: z.number().int(),
  down: z.number().int(),
  score: z.number().int(),
  comments: z.number().int(),
  hot: z.number(),
});
export type ReaderPost = z.infer<typeof readerPostSchema>;

export const readerCommentSchema = z.strictObject({
  id: z.string(),
  post: z.string(),
  parent: z.string().nullable(),
  author: z.string(),
  content: z.string(),
  round: z.number().int(),
  depth: z.number().int(),
  up: z.number().int(),
  down: z.number().int(),
  score: z.number().int(),
});
export type ReaderComment = z.infer<typeof readerCommentSchema>;

/**
 * A post or comment as the pages get it: marked when an external agent (not a sim id) wrote it, and
 * with its author's display name (a sim agent's persona name; an external agent's registered name,
 * which is its id), so every page can show name and id together.
 */
const authorMarks = { external: z.boolean(), authorName: z.string() };
export const markedPostSchema = readerPostSchema.extend(authorMarks);
export type MarkedPost = z.infer<typeof markedPostSchema>;
export const markedCommentSchema = readerCommentSchema.extend(authorMarks);
export type MarkedComment = z.infer<typeof markedCommentSchema>;

/** The query of GET /api/experiments/:id/feed (the Worker's route and the run library both parse it). */
export const feedQuerySchema = z.strictObject({
  submolt: z
    .string()
    .regex(/^[a-z0-9]{2,24}$/)
    .optional(),
  sort: z.enum(["hot", "new", "top"]).default("hot"),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

/** GET /api/experiments/:id/feed */
export const feedBodySchema = z.object({
  submolts: z.array(submoltSchema),
  sort: z.enum(["hot", "new", "top"]),
  posts: z.array(markedPostSchema),
});
export type FeedBody = z.infer<typeof feedBodySchema>;

/** GET /api/experiments/:id/posts/:post */
export const threadBodySchema = z.object({ post: markedPostSchema, comments: z.array(markedCommentSchema) });
export type ThreadBody = z.infer<typeof threadBodySchema>;

/** What the agent inspector shows from the log: references to memory, feedback, karma over rounds. */
export const agentActivitySchema = z.object({
  /** Per round with votes on the agent's content: the net change and the running karma. */
  karma: z.array(z.object({ round: z.number(), delta: z.number(), karma: z.number() })),
  /** Each post or comment of the agent, with the memory rows its turn recalled for it. */
  recalled: z.array(z.object({ round: z.number(), action: z.string(), refs: z.array(z.string()) })),
  /** Replies to the agent's content. */
  replies: z.array(
    z.object({
      round: z.number(),
      id: z.string(),
      author: z.string(),
      post: z.string(),
      parent: z.string().nullable(),
      content: z.string(),
    }),
  ),
  llmCalls: z.array(
    z.object({
      round: z.number(),
      model: z.string(),
      promptTokens: z.number(),
      completionTokens: z.number(),
      ok: z.boolean(),
      errorClass: z.string().nullable(),
    }),
  ),
});
export type AgentActivity = z.infer<typeof agentActivitySchema>;

/**
 * A sim agent's persona as the inspector shows it (core/sim/persona.ts makes it; the Worker adds
 * each interest's topic name from the sim vocabulary, so the pages never import the sim).
 */
export const personaViewSchema = z.object({
  name: z.string(),
  interests: z.array(z.object({ topic: z.number(), topicName: z.string(), weight: z.number() }).readonly()).readonly(),
  homeSubmolts: z.array(z.string()).readonly(),
  activity: z.number(),
  heartbeatOffset: z.number(),
  idiolect: z.array(z.string()).readonly(),
  replyRate: z.number(),
  sentenceWords: z.number(),
});
export type PersonaView = z.infer<typeof personaViewSchema>;

/** An agent object's own counters. */
export const agentCountersSchema = z.object({
  lastRoundDone: z.number(),
  memoryRows: z.number(),
  ownPosts: z.number(),
  bytes: z.number(),
});

/** GET /api/experiments/:id/agents/:agent */
export const agentInspectorBodySchema = z.object({
  agent: z.object({
    id: z.string(),
    external: z.boolean(),
    policy: z.string(),
    group: z.string().nullable(),
    model: z.string().nullable(),
    persona: personaViewSchema.nullable(),
    karma: z.number(),
    counters: agentCountersSchema,
  }),
  memory: z.array(memoryRowSchema),
  posts: z.array(readerPostSchema),
  comments: z.array(readerCommentSchema),
  activity: agentActivitySchema,
});
export type AgentInspectorBody = z.infer<typeof agentInspectorBodySchema>;
