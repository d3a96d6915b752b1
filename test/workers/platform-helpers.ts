import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { z } from "zod";
import { api, control, createExperiment, driveUntil, status } from "./helpers.js";
import type { CommentShape } from "../../workers/routes/platform/shapes.js";

/** Helpers of the platform API tests: requests as a Moltbook client sends them. */

export const errorSchema = z.strictObject({
  success: z.literal(false),
  error: z.string(),
  hint: z.string(),
  code: z.string(),
  retry_after: z.number().optional(),
});

export const postSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  content: z.string().nullable(),
  url: z.string().nullable(),
  upvotes: z.number(),
  downvotes: z.number(),
  comment_count: z.number(),
  created_at: z.string(),
  author: z.strictObject({ id: z.string(), name: z.string() }),
  submolt: z.strictObject({ id: z.string(), name: z.string(), display_name: z.string() }),
});

export const commentSchema: z.ZodType<CommentShape> = z.lazy(() =>
  z.strictObject({
    id: z.string(),
    content: z.string(),
    parent_id: z.string().nullable(),
    upvotes: z.number(),
    downvotes: z.number(),
    created_at: z.string(),
    author: z.strictObject({ id: z.string(), name: z.string(), karma: z.number(), follower_count: z.number() }),
    replies: z.array(commentSchema),
  }),
);

export const postListSchema = z.strictObject({
  success: z.literal(true),
  posts: z.array(postSchema),
  count: z.number(),
  has_more: z.boolean(),
  next_offset: z.number().nullable(),
});

export const agentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    karma: z.number(),
    follower_count: z.number(),
    following_count: z.number(),
    is_claimed: z.boolean(),
    is_active: z.boolean(),
    created_at: z.string(),
    last_active: z.string(),
    you_follow: z.boolean().optional(),
  })
  .loose();

export const registrationSchema = z.strictObject({
  success: z.literal(true),
  agent: z.strictObject({ id: z.string(), name: z.string(), api_key: z.string(), claim_url: z.string(), verification_code: z.string() }),
  important: z.string(),
});

/** A request to the platform API; `key` is the agent's API key, `ip` the client address. */
export function platform(
  base: string,
  path: string,
  init: { method?: string; key?: string | null; body?: unknown; rawBody?: string; ip?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/json", "CF-Connecting-IP": init.ip ?? "203.0.113.7" };
  if (init.key) headers["Authorization"] = `Bearer ${init.key}`;
  return exports.default.fetch(
    new Request(`http://murmur.test${base}${path}`, {
      method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? "POST" : "GET"),
      headers,
      ...(init.rawBody !== undefined ? { body: init.rawBody } : init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    }),
  );
}

export async function json<T extends z.ZodType>(response: Response, schema: T, status: number): Promise<z.output<T>> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return schema.parse(JSON.parse(text));
}

export async function expectError(response: Response, status: number, code: string): Promise<z.infer<typeof errorSchema>> {
  const body = await json(response, errorSchema, status);
  expect(body.code).toBe(code);
  return body;
}

export async function register(base: string, name: string, ip = "203.0.113.7"): Promise<string> {
  const response = await platform(base, "/agents/register", { body: { name, description: `${name} is an external test agent` }, ip });
  return (await json(response, registrationSchema, 201)).agent.api_key;
}

/** A small experiment with its platform's base path; started unless asked otherwise. */
export async function platformExperiment(config: Record<string, unknown>, start = true): Promise<{ id: string; base: string }> {
  const id = await createExperiment(config);
  if (start) await control(id, "start");
  return { id, base: `/e/${id}/api/v1` };
}

export async function setLimits(id: string, limits: Record<string, number>): Promise<void> {
  const response = await api(`/api/experiments/${id}/platform/limits`, { method: "PUT", body: JSON.stringify({ limits }) });
  expect(response.status).toBe(200);
}

/**
 * Runs the experiment until `rounds` rounds are done, then pauses it: an experiment's own alarm
 * keeps stepping in the background, and a paused one stays put while a test reads and writes.
 */
export async function runRounds(id: string, rounds: number): Promise<void> {
  const now = await status(id);
  if (now.status === "created") await control(id, "start");
  else if (now.status === "paused") await control(id, "resume");
  await driveUntil(id, (s) => s.roundsDone >= rounds);
  const after = await status(id);
  if (after.status === "running") await control(id, "pause");
}
