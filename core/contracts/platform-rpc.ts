import { z } from "zod";
import { actionSchema } from "../round/round-types.js";
import {
  platformCommentsPerHour,
  platformIpRequestsPerMinute,
  platformMaxExternalAgents,
  platformPostWindowMinutes,
  platformPostsPerWindow,
  platformRegistrationsPerIpPerHour,
  platformRequestsPerMinute,
} from "../tunables.js";

/** What crosses the ExperimentObject's `platform` RPC: the platform API's per-experiment state. */

const id = z.string().min(1).max(200);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
export const externalNameSchema = z.string().regex(/^[A-Za-z0-9_]{2,32}$/, "names are 2-32 letters, digits or '_'");
export const submoltNameSchema = z.string().regex(/^[a-z0-9]{2,24}$/, "submolt names are 2-24 lower-case letters or digits");

/** Per-experiment wall-clock limits (docs/platform-api.md: Moltbook's defaults, configurable). */
/** Each limit's range: the one definition both the stored limits and a patch of them use. */
const limitRanges = {
  requestsPerMinute: z.number().int().min(1).max(100_000),
  ipRequestsPerMinute: z.number().int().min(1).max(1_000_000),
  postsPerWindow: z.number().int().min(1).max(10_000),
  postWindowMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  commentsPerHour: z.number().int().min(1).max(100_000),
  registrationsPerIpPerHour: z.number().int().min(1).max(100_000),
  maxAgents: z.number().int().min(0).max(1_000_000),
};

export const platformLimitsSchema = z.strictObject({
  requestsPerMinute: limitRanges.requestsPerMinute.default(platformRequestsPerMinute),
  ipRequestsPerMinute: limitRanges.ipRequestsPerMinute.default(platformIpRequestsPerMinute),
  postsPerWindow: limitRanges.postsPerWindow.default(platformPostsPerWindow),
  postWindowMinutes: limitRanges.postWindowMinutes.default(platformPostWindowMinutes),
  commentsPerHour: limitRanges.commentsPerHour.default(platformCommentsPerHour),
  registrationsPerIpPerHour: limitRanges.registrationsPerIpPerHour.default(platformRegistrationsPerIpPerHour),
  maxAgents: limitRanges.maxAgents.default(platformMaxExternalAgents),
});

/**
 * A change to some limits: only the keys sent, no defaults - `platformLimitsSchema.partial()` would
 * fill every unsent key with its default and so reset it (closing registration, then changing any
 * other limit, reopened it).
 */
export const platformLimitsPatchSchema = z.strictObject(limitRanges).partial();
export type PlatformLimits = z.infer<typeof platformLimitsSchema>;

/** A pending action as the platform API queues it: ids are minted, references already checked. */
export const pendingActionSchema = z.discriminatedUnion("type", [
  // The engine's own actions (core/round/round-types.ts) plus what only the platform API carries:
  // a link post's url, a comment's depth (checked at write time) and deletions.
  actionSchema.options[0].extend({ submolt: submoltNameSchema, url: z.string().max(2_000).nullable() }),
  actionSchema.options[1].extend({ depth: z.number().int().min(0) }),
  actionSchema.options[2],
  actionSchema.options[3],
  actionSchema.options[4].extend({ submolt: submoltNameSchema }),
  z.strictObject({ type: z.literal("delete"), target: id, targetType: z.enum(["post", "comment"]), post: id }),
]);
export type PendingAction = z.infer<typeof pendingActionSchema>;

/** What a client asks to write; the object mints ids for posts and comments. */
export const writeActionSchema = z.discriminatedUnion("type", [
  pendingActionSchema.options[0].omit({ id: true }),
  pendingActionSchema.options[1].omit({ id: true }),
  pendingActionSchema.options[2].extend({
    /** The voter's committed state on the target as the shard holds it (for toggles and flips). */
    committedState: z.union([z.literal(1), z.literal(-1), z.literal(0)]),
    /** Whose content it is: whose karma every reader sees move at once. */
    targetAuthor: id,
  }),
  /** Follows and subscriptions carry the committed state too: one that changes nothing is not queued. */
  pendingActionSchema.options[3].extend({ committedState: z.union([z.literal(1), z.literal(0)]) }),
  pendingActionSchema.options[4].extend({ committedState: z.union([z.literal(1), z.literal(0)]) }),
  /** `removes`: the comments a deletion takes with it (its post's comment_count drops by that much at once). */
  pendingActionSchema.options[5].extend({ removes: z.number().int().min(0).max(100_000).default(0) }),
]);
export type WriteAction = z.infer<typeof writeActionSchema>;

export const platformRequestSchema = z.discriminatedUnion("op", [
  /** Every request: the per-IP and per-key request limits, and who the key belongs to. */
  z.strictObject({ op: z.literal("admit"), keyHash: sha256.nullable(), ipHash: sha256, nowMs: z.number().int() }),
  z.strictObject({
    op: z.literal("register"),
    name: externalNameSchema,
    description: z.string().max(500),
    keyHash: sha256,
    ipHash: sha256,
    nowMs: z.number().int(),
  }),
  z.strictObject({
    op: z.literal("updateMe"),
    agent: id,
    description: z.string().max(500).optional(),
    metadata: z.string().max(8_192).optional(),
  }),
  z.strictObject({ op: z.literal("write"), agent: id, action: writeActionSchema, nowMs: z.number().int() }),
  z.strictObject({ op: z.literal("pending"), agent: id }),
  z.strictObject({ op: z.literal("agents"), ids: z.array(id).max(1_000) }),
  z.strictObject({ op: z.literal("agentByName"), name: z.string().min(1).max(64) }),
  z.strictObject({ op: z.literal("searchAgents"), q: z.string().max(500), limit: z.number().int().min(1).max(100) }),
  z.strictObject({ op: z.literal("submolts"), viewer: id.nullable() }),
  z.strictObject({
    op: z.literal("createSubmolt"),
    agent: id,
    name: submoltNameSchema,
    displayName: z.string().min(1).max(64),
    description: z.string().max(500),
  }),
  z.strictObject({ op: z.literal("limits"), set: platformLimitsPatchSchema.optional() }),
]);
export type PlatformRequest = z.input<typeof platformRequestSchema>;

export const rateStateSchema = z.strictObject({
  limit: z.number().int(),
  remaining: z.number().int(),
  resetUnixSeconds: z.number().int(),
});
export type RateState = z.infer<typeof rateStateSchema>;

export const platformErrorCodes = [
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "VALIDATION_ERROR",
  "CONFLICT",
  "RATE_LIMITED",
  "SELF_VOTE",
  "EMPTY_CONTENT",
  "MAX_DEPTH",
] as const;
export type PlatformErrorCode = (typeof platformErrorCodes)[number];

/** Expected failures travel as data: errors thrown across RPC lose their class. */
export const platformFailureSchema = z.strictObject({
  ok: z.literal(false),
  code: z.enum(platformErrorCodes),
  error: z.string(),
  hint: z.string(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  rate: rateStateSchema.optional(),
});
export type PlatformFailure = z.infer<typeof platformFailureSchema>;

export const externalAgentViewSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  registeredRound: z.number().int(),
  lastActiveRound: z.number().int(),
});
export type ExternalAgentView = z.infer<typeof externalAgentViewSchema>;

export const experimentViewSchema = z.strictObject({
  status: z.string(),
  round: z.number().int(),
  /** The round an action written now is expected to be committed in (ids carry it). */
  commitRound: z.number().int(),
  /** Writes are refused once nothing more can be committed (ended, or the last round opened). */
  writable: z.boolean(),
});

export const admitAnswerSchema = z.strictObject({
  ok: z.literal(true),
  agent: externalAgentViewSchema.nullable(),
  rate: rateStateSchema,
  experiment: experimentViewSchema,
});

export const registerAnswerSchema = z.strictObject({ ok: z.literal(true), agent: externalAgentViewSchema });

export const writeAnswerSchema = z.strictObject({
  ok: z.literal(true),
  /** The minted id (posts, comments) or the target. */
  id: z.string(),
  round: z.number().int(),
  /** Votes, follows, subscriptions: the state the agent will be in once committed. */
  state: z.number().int().optional(),
});

export const pendingRowSchema = z.strictObject({ n: z.number().int(), round: z.number().int(), action: pendingActionSchema });
export type PendingRow = z.infer<typeof pendingRowSchema>;
export const pendingAnswerSchema = z.strictObject({ ok: z.literal(true), rows: z.array(pendingRowSchema) });

export const agentsAnswerSchema = z.strictObject({ ok: z.literal(true), agents: z.array(externalAgentViewSchema) });

export const externalSubmoltSchema = z.strictObject({
  name: z.string(),
  displayName: z.string(),
  description: z.string(),
  owner: z.string(),
  createdRound: z.number().int(),
  committed: z.boolean(),
});
export type ExternalSubmolt = z.infer<typeof externalSubmoltSchema>;
export const submoltsAnswerSchema = z.strictObject({ ok: z.literal(true), submolts: z.array(externalSubmoltSchema) });
export const createSubmoltAnswerSchema = z.strictObject({ ok: z.literal(true), submolt: externalSubmoltSchema });
export const limitsAnswerSchema = z.strictObject({ ok: z.literal(true), limits: platformLimitsSchema });
export const okAnswerSchema = z.strictObject({ ok: z.literal(true) });

export type PlatformAnswer =
  | PlatformFailure
  | z.infer<typeof admitAnswerSchema>
  | z.infer<typeof registerAnswerSchema>
  | z.infer<typeof writeAnswerSchema>
  | z.infer<typeof pendingAnswerSchema>
  | z.infer<typeof agentsAnswerSchema>
  | z.infer<typeof submoltsAnswerSchema>
  | z.infer<typeof createSubmoltAnswerSchema>
  | z.infer<typeof limitsAnswerSchema>
  | z.infer<typeof okAnswerSchema>;
