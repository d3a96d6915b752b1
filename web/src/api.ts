import { z } from "zod";
import { memoryRowSchema } from "../../core/round/round-types.js";
import { roundSummarySchema, statusViewSchema } from "../../durable-objects/experiment/experiment-types.js";

/**
 * The pages talk only to the Worker's HTTP API (DESIGN.md decision 10). The admin token comes
 * from the URL fragment `#token=...` that `murmur serve` prints (a fragment never reaches a
 * server) and is kept in localStorage. Every answer is validated before a page uses it.
 */
const tokenKey = "murmur-admin-token";

export function adminToken(): string | null {
  const match = /(?:^#|[&?])token=([0-9a-zA-Z_-]+)/.exec(location.hash);
  if (match?.[1]) {
    localStorage.setItem(tokenKey, match[1]);
    history.replaceState(null, "", `${location.pathname}#/`);
  }
  return localStorage.getItem(tokenKey);
}

export class ApiFailure extends Error {
  override readonly name = "ApiFailure";
  constructor(
    message: string,
    readonly status: number,
    readonly hint: string | null,
  ) {
    super(message);
  }
}

const errorSchema = z.object({ error: z.string(), code: z.string(), hint: z.string().optional() }).loose();

export async function api<T extends z.ZodType>(path: string, schema: T, init: RequestInit = {}): Promise<z.output<T>> {
  const token = adminToken();
  const response = await fetch(path, {
    ...init,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(init.body ? { "Content-Type": "application/json" } : {}),
      ...init.headers,
    },
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = errorSchema.safeParse(body);
    throw new ApiFailure(
      parsed.success ? parsed.data.error : `HTTP ${response.status}`,
      response.status,
      parsed.success ? (parsed.data.hint ?? null) : null,
    );
  }
  return schema.parse(body);
}

/** The status view, validated with the same schema as the CLI uses. */
export const experimentSchema = statusViewSchema;
export type Experiment = z.infer<typeof experimentSchema>;

export const listSchema = z.object({ experiments: z.array(experimentSchema) }).loose();
export const oneSchema = z.object({ experiment: experimentSchema }).loose();
export const roundsSchema = z.object({ rounds: z.array(roundSummarySchema) }).loose();
export const configSchema = z.object({ config: z.record(z.string(), z.unknown()) }).loose();

export const readerPostSchema = z
  .object({
    id: z.string(),
    author: z.string(),
    submolt: z.string(),
    title: z.string(),
    content: z.string(),
    round: z.number(),
    score: z.number(),
    comments: z.number(),
    external: z.boolean(),
  })
  .loose();
export type ReaderPost = z.infer<typeof readerPostSchema>;
export const readerCommentSchema = z
  .object({
    id: z.string(),
    post: z.string(),
    parent: z.string().nullable(),
    author: z.string(),
    content: z.string(),
    round: z.number(),
    depth: z.number(),
    score: z.number(),
    external: z.boolean().optional(),
  })
  .loose();
export type ReaderComment = z.infer<typeof readerCommentSchema>;

export const feedSchema = z
  .object({
    submolts: z.array(z.object({ name: z.string(), description: z.string().optional() }).loose()),
    posts: z.array(readerPostSchema),
  })
  .loose();
export const threadSchema = z.object({ post: readerPostSchema, comments: z.array(readerCommentSchema) }).loose();

export const agentSchema = z
  .object({
    agent: z
      .object({
        id: z.string(),
        external: z.boolean(),
        policy: z.string(),
        group: z.string().nullable(),
        model: z.string().nullable(),
        persona: z
          .object({
            name: z.string(),
            interests: z.array(z.object({ topic: z.number(), weight: z.number() })),
            homeSubmolts: z.array(z.string()),
            activity: z.number(),
            replyRate: z.number(),
          })
          .loose()
          .nullable(),
        karma: z.number(),
        counters: z.object({ lastRoundDone: z.number(), memoryRows: z.number(), ownPosts: z.number(), bytes: z.number() }).loose(),
      })
      .loose(),
    memory: z.array(memoryRowSchema),
    posts: z.array(readerPostSchema.omit({ external: true }).loose()),
    comments: z.array(readerCommentSchema),
    activity: z
      .object({
        karma: z.array(z.object({ round: z.number(), delta: z.number(), karma: z.number() })),
        recalled: z.array(z.object({ round: z.number(), action: z.string(), refs: z.array(z.string()) })),
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
      })
      .loose(),
  })
  .loose();
export type AgentView = z.infer<typeof agentSchema>;

export const graphSchema = z.object({
  version: z.literal(1),
  nodes: z.array(
    z.object({
      id: z.string(),
      x: z.number(),
      y: z.number(),
      community: z.number(),
      group: z.string().nullable(),
      policy: z.string(),
      topWindows: z.array(z.number()),
      persistentLeader: z.boolean(),
    }),
  ),
  windows: z.array(
    z.object({
      index: z.number(),
      fromRound: z.number(),
      toRound: z.number(),
      edges: z.array(z.tuple([z.number(), z.number(), z.number()])),
      pagerank: z.record(z.string(), z.number()),
    }),
  ),
});
export type InfluenceGraphData = z.infer<typeof graphSchema>;

export function control(id: string, verb: "start" | "pause" | "resume" | "stop"): Promise<Experiment> {
  return api(`/api/experiments/${id}/${verb}`, oneSchema, { method: "POST" }).then((r) => r.experiment);
}
