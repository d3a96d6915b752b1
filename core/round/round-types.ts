import { z } from "zod";

/**
 * The data that crosses object boundaries in one round. Each has a zod schema because RPC inputs
 * are a boundary too (docs/style.md section 6); types come from the schemas.
 */

const id = z.string().min(1).max(200);

/** A comment as carried in the candidate pool: truncated text, enough to decide and to reply. */
export const poolCommentSchema = z.strictObject({
  id,
  author: id,
  parent: id.nullable(),
  text: z.string(),
  score: z.number().int(),
  /** The author's karma over the whole platform when the pool was built (0 until known). */
  authorKarma: z.number().int(),
  depth: z.number().int().min(0),
});

/** A post as carried in the candidate pool (docs/design.md decision 3: ids plus truncated text). */
export const poolPostSchema = z.strictObject({
  id,
  author: id,
  submolt: z.string(),
  title: z.string(),
  text: z.string(),
  score: z.number().int(),
  /** The author's karma over the whole platform when the pool was built (0 until known). */
  authorKarma: z.number().int(),
  comments: z.number().int().min(0),
  round: z.number().int().min(0),
  hot: z.number(),
  topComments: z.array(poolCommentSchema),
});

export const candidatePoolSchema = z.strictObject({
  round: z.number().int().min(0),
  snapshotId: id,
  /** Posts in the pool's rank order. */
  posts: z.array(poolPostSchema),
});

export const notificationSchema = z.strictObject({
  round: z.number().int().min(0),
  kind: z.enum(["reply", "vote"]),
  /** The recipient's post or comment that was replied to or voted on. */
  target: id,
  actor: id,
  /** reply: the new comment's id; vote: the change in score (-2..2). */
  comment: id.optional(),
  text: z.string().optional(),
  post: id,
  delta: z.number().int().min(-2).max(2).optional(),
});

export const actionSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("post"),
    id,
    submolt: z.string(),
    title: z.string().min(1).max(300),
    content: z.string().max(40_000),
  }),
  z.strictObject({
    type: z.literal("comment"),
    id,
    post: id,
    parent: id.nullable(),
    content: z.string().min(1).max(10_000),
  }),
  z.strictObject({
    type: z.literal("vote"),
    target: id,
    targetType: z.enum(["post", "comment"]),
    /** The post holding the target (routes the vote to its shard). */
    post: id,
    direction: z.union([z.literal(1), z.literal(-1)]),
  }),
  z.strictObject({ type: z.literal("follow"), target: id, follow: z.boolean() }),
  z.strictObject({ type: z.literal("subscribe"), submolt: z.string(), subscribe: z.boolean() }),
]);

export const memoryEventSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("memoryWrite"),
    id,
    kind: z.enum(["observation", "action", "feedback", "reflection"]),
    importance: z.number(),
    sources: z.array(id),
  }),
  /** The memory rows an llm turn's prompt showed, in prompt order (cited or not). */
  z.strictObject({ type: z.literal("memoryShown"), rows: z.array(id) }),
  /** The rows a post or comment cites; logged only if that post or comment is committed. */
  z.strictObject({ type: z.literal("memoryRef"), action: id, refs: z.array(id) }),
]);

/** How the agent's previous turn ended, so it can settle what it had pending. */
export const previousTurnSchema = z.strictObject({
  round: z.number().int().min(0),
  outcome: z.enum(["committed", "timedOut"]),
  /** Ids of the agent's content the commit accepted. */
  accepted: z.array(id),
});

export const activationSchema = z.strictObject({
  experimentId: id,
  round: z.number().int().min(0),
  agent: id,
  agentIndex: z.number().int().min(0),
  /** Pool posts shown to this agent, in the order shown, plus comments shown under them. */
  feed: z.array(poolPostSchema),
  notifications: z.array(notificationSchema),
  follows: z.array(id),
  subscriptions: z.array(z.string()),
  previousTurn: previousTurnSchema.nullable(),
  /** llm agents only: `closed` when the coordinator's circuit breaker for the agent's provider is open. */
  llmGate: z.enum(["open", "closed"]).optional(),
});

/** One model call of an llm turn, as logged (`llmCall`) plus its latency for telemetry. */
export const llmCallRecordSchema = z.strictObject({
  model: z.string(),
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  ok: z.boolean(),
  errorClass: z.string().optional(),
  latencyMs: z.number().min(0),
  /** Replayed from the response cache: logged like the original call, not spent again. */
  cached: z.boolean().optional(),
});

export const turnResultSchema = z.strictObject({
  round: z.number().int().min(0),
  actions: z.array(actionSchema),
  memory: z.array(memoryEventSchema),
  /** llm agents: every call the turn made, failed ones included. */
  llmCalls: z.array(llmCallRecordSchema).optional(),
  /** llm agents: why the turn idled (the last error), when it did. */
  llmError: z.string().optional(),
  /** llm agents: the answer's actions left out of the turn, each with why (the rest stood). */
  droppedActions: z
    .array(z.strictObject({ index: z.number().int().min(0), reason: z.string().max(1_000), count: z.number().int().min(1).optional() }))
    .optional(),
});

/**
 * A turn that must not count: the provider refused for a reason retrying cannot fix (quota, auth).
 * Nothing of the turn was written, so the round can run again once the cause is fixed.
 */
export const turnHaltSchema = z.strictObject({
  round: z.number().int().min(0),
  halt: z.strictObject({ errorClass: z.string(), message: z.string() }),
  llmCalls: z.array(llmCallRecordSchema),
});

/** A memory row as an agent object pages it out (inspection: the pages, the API). */
export const memoryRowSchema = z.strictObject({
  id,
  round: z.number().int().min(0),
  kind: z.enum(["observation", "action", "feedback", "reflection"]),
  importance: z.number(),
  sources: z.array(id),
  text: z.string(),
});

/** A private probe as an agent receives it (docs/metrics.md section 10). */
export const probeRequestSchema = z.strictObject({
  /** The experiment the agent belongs to (its provider's ledger is the experiment's). */
  experimentId: z.string().min(1).max(100),
  id,
  round: z.number().int().min(0),
  question: z.string().min(1).max(2_000),
  agent: id,
  agentIndex: z.number().int().min(0),
});

export const probeResultSchema = z.strictObject({
  /** Null when an llm agent gave no usable answer (the calls say why). */
  answer: z.strictObject({ agents: z.array(id), posts: z.array(id), names: z.array(z.string()), text: z.string() }).nullable(),
  llmCalls: z.array(llmCallRecordSchema),
});

export type PoolPost = z.infer<typeof poolPostSchema>;
export type PoolComment = z.infer<typeof poolCommentSchema>;
export type CandidatePool = z.infer<typeof candidatePoolSchema>;
export type Notification = z.infer<typeof notificationSchema>;
export type Action = z.infer<typeof actionSchema>;
export type MemoryEvent = z.infer<typeof memoryEventSchema>;
export type Activation = z.infer<typeof activationSchema>;
export type PreviousTurn = z.infer<typeof previousTurnSchema>;
export type TurnResult = z.infer<typeof turnResultSchema>;
export type TurnHalt = z.infer<typeof turnHaltSchema>;
export type ProbeRequest = z.infer<typeof probeRequestSchema>;
export type ProbeResult = z.infer<typeof probeResultSchema>;
export type LlmCallRecordRow = z.infer<typeof llmCallRecordSchema>;
