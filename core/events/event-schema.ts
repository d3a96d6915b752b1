import { z } from "zod";

/** The event types of docs/events.md (format v1): schema and field order of each. */

const id = z.string().min(1);
const ids = z.array(id);

export const phases = ["setup", "exposure", "action", "memory", "probe", "system"] as const;
export type Phase = (typeof phases)[number];

const personaSchema = z.record(z.string(), z.unknown());

/** Fields of each type, in the order the canonical form writes them. */
export const eventFields = {
  agent: { phase: "setup", fields: ["name", "persona", "policy", "model", "group"] },
  submolt: { phase: "setup", fields: ["name", "description"] },
  feedSnapshot: { phase: "exposure", fields: ["id", "items", "feed"] },
  exposure: { phase: "exposure", fields: ["kind", "feed", "items", "snapshot", "ranks"] },
  post: { phase: "action", fields: ["id", "submolt", "title", "content", "url"] },
  comment: { phase: "action", fields: ["id", "post", "parent", "content"] },
  vote: { phase: "action", fields: ["target", "targetType", "value", "targetAuthor"] },
  follow: { phase: "action", fields: ["target", "value"] },
  subscribe: { phase: "action", fields: ["submolt", "value"] },
  delete: { phase: "action", fields: ["target", "targetType"] },
  memoryWrite: { phase: "memory", fields: ["id", "kind", "importance", "sources"] },
  memoryShown: { phase: "memory", fields: ["rows"] },
  memoryRef: { phase: "memory", fields: ["action", "refs"] },
  probe: { phase: "probe", fields: ["id", "mode", "question", "targets"] },
  probeAnswer: { phase: "probe", fields: ["probe", "agents", "posts", "names", "text"] },
  llmCall: { phase: "system", fields: ["model", "promptTokens", "completionTokens", "ok", "errorClass"] },
  turnTimeout: { phase: "system", fields: [] },
  intervention: { phase: "system", fields: ["kind", "details"] },
  scoreSnapshot: { phase: "system", fields: ["target", "up", "down"] },
  roundEnd: { phase: "system", fields: ["active", "actions"] },
} as const satisfies Record<string, { phase: Phase; fields: readonly string[] }>;

export type EventType = keyof typeof eventFields;

const common = {
  v: z.literal(1),
  round: z.number().int().min(0),
  seq: z.number().int().min(0),
  t: z.iso.datetime(),
};
const withAgent = { ...common, agent: id };

export const eventSchema = z.discriminatedUnion("type", [
  z.strictObject({
    ...withAgent,
    type: z.literal("agent"),
    name: z.string(),
    persona: personaSchema,
    policy: z.enum(["sim", "llm", "external", "imported"]),
    model: z.string().optional(),
    group: z.string().optional(),
  }),
  z.strictObject({ ...common, type: z.literal("submolt"), name: z.string(), description: z.string().optional() }),
  z.strictObject({ ...common, type: z.literal("feedSnapshot"), id, items: ids, feed: z.string() }),
  z.strictObject({
    ...withAgent,
    type: z.literal("exposure"),
    kind: z.enum(["feed", "thread", "notification", "probe"]),
    feed: z.string(),
    items: ids.optional(),
    snapshot: id.optional(),
    ranks: z.array(z.number().int().min(0)).optional(),
  }),
  z.strictObject({
    ...withAgent,
    type: z.literal("post"),
    id,
    submolt: z.string(),
    title: z.string(),
    content: z.string(),
    url: z.string().optional(),
  }),
  z.strictObject({
    ...withAgent,
    type: z.literal("comment"),
    id,
    post: id,
    parent: id.nullable(),
    content: z.string(),
  }),
  z.strictObject({
    ...withAgent,
    type: z.literal("vote"),
    target: id,
    targetType: z.enum(["post", "comment"]),
    value: z.union([z.literal(1), z.literal(-1), z.literal(0)]),
    targetAuthor: id,
  }),
  z.strictObject({ ...withAgent, type: z.literal("follow"), target: id, value: z.union([z.literal(1), z.literal(0)]) }),
  z.strictObject({
    ...withAgent,
    type: z.literal("subscribe"),
    submolt: z.string(),
    value: z.union([z.literal(1), z.literal(0)]),
  }),
  z.strictObject({ ...withAgent, type: z.literal("delete"), target: id, targetType: z.enum(["post", "comment"]) }),
  z.strictObject({
    ...withAgent,
    type: z.literal("memoryWrite"),
    id,
    kind: z.enum(["observation", "action", "feedback", "reflection"]),
    importance: z.number(),
    sources: ids,
  }),
  z.strictObject({ ...withAgent, type: z.literal("memoryShown"), rows: ids }),
  z.strictObject({ ...withAgent, type: z.literal("memoryRef"), action: id, refs: ids }),
  z.strictObject({
    ...common,
    type: z.literal("probe"),
    id,
    mode: z.enum(["private", "public"]),
    question: z.string(),
    targets: ids,
  }),
  z.strictObject({
    ...withAgent,
    type: z.literal("probeAnswer"),
    probe: id,
    agents: ids,
    posts: ids,
    names: z.array(z.string()),
    text: z.string(),
  }),
  z.strictObject({
    ...withAgent,
    type: z.literal("llmCall"),
    model: z.string(),
    promptTokens: z.number().int().min(0),
    completionTokens: z.number().int().min(0),
    ok: z.boolean(),
    errorClass: z.string().optional(),
  }),
  z.strictObject({ ...withAgent, type: z.literal("turnTimeout") }),
  z.strictObject({
    ...common,
    agent: id.optional(),
    type: z.literal("intervention"),
    kind: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
  z.strictObject({ ...common, type: z.literal("scoreSnapshot"), target: id, up: z.number().int(), down: z.number().int() }),
  z.strictObject({
    ...common,
    type: z.literal("roundEnd"),
    active: z.number().int().min(0),
    actions: z.number().int().min(0),
  }),
]);

export type MurmurEvent = z.infer<typeof eventSchema>;
/** An event before the merge gives it its place in the round (`seq`). */
export type UnsequencedEvent = MurmurEvent extends infer E ? (E extends MurmurEvent ? Omit<E, "seq" | "v"> : never) : never;
