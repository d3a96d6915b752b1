import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { ExperimentConfig } from "../../../core/contracts/experiment-config.js";
import { platformMaxBodyBytes } from "../../../core/tunables.js";
import { admitAnswerSchema, experimentViewSchema, platformFailureSchema } from "../../../core/contracts/platform-rpc.js";
import type { ExternalAgentView, PlatformRequest } from "../../../core/contracts/platform-rpc.js";
import type { OverlayRequest } from "../../../core/contracts/platform-overlay.js";
import { experimentIdSchema, stubFor } from "../experiment-stub.js";
import { PlatformError } from "./errors.js";
import { bearerOf, hashOf } from "./keys.js";

export interface PlatformVars {
  experimentId: string;
  /** The agent whose key the request carries; null before registration or with a wrong key. */
  agent: ExternalAgentView | null;
  experiment: z.infer<typeof experimentViewSchema>;
  ipHash: string;
}
export type PlatformEnv = { Bindings: Env; Variables: PlatformVars };
export type PlatformContext = Context<PlatformEnv>;

/**
 * The experiment `/api/v1` answers for: the most recently started experiment that is running
 * (what `murmur serve` opens), else the most recently started paused one. Ended experiments are
 * reachable only at `/e/<id>/api/v1`, so an old run never silently takes writes meant for a live one.
 */
async function defaultExperiment(env: Env): Promise<string> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const listing = await env.EVENTS.list({ prefix: "experiments/", delimiter: "/", ...(cursor ? { cursor } : {}) });
    for (const prefix of listing.delimitedPrefixes) {
      const id = prefix.split("/")[1] ?? "";
      if (experimentIdSchema.safeParse(id).success) ids.push(id);
    }
    cursor = listing.truncated ? listing.cursor : undefined;
  } while (cursor);
  const statuses = await Promise.all(ids.map(async (id) => stubFor(env, id).status()));
  const candidates = statuses
    .flatMap((outcome) => (outcome.ok ? [outcome.value] : []))
    .filter((s) => s.status === "running" || s.status === "paused")
    .sort((a, b) => (a.status !== b.status ? (a.status === "running" ? -1 : 1) : (b.startedAt ?? "") < (a.startedAt ?? "") ? -1 : 1));
  const chosen = candidates[0];
  if (!chosen)
    throw new PlatformError(
      "NOT_FOUND",
      "no experiment is running",
      "Start one (murmur serve, or POST /api/experiments/<id>/start), or use /e/<experimentId>/api/v1.",
    );
  return chosen.id;
}

/** One call to the experiment's platform state; a failure becomes the documented HTTP error. */
export async function platformCall<T extends z.ZodType>(
  c: PlatformContext,
  request: PlatformRequest | OverlayRequest,
  answer: T,
): Promise<z.output<T>> {
  const raw = await stubFor(c.env, c.get("experimentId")).platform(request);
  const failure = platformFailureSchema.safeParse(raw);
  if (failure.success) throw PlatformError.from(failure.data);
  return answer.parse(raw);
}

export const experimentStubOf = (c: PlatformContext) => stubFor(c.env, c.get("experimentId"));

const configCache = new WeakMap<Request, Promise<ExperimentConfig>>();

/** The experiment's config, read once per request. */
export function configOf(c: PlatformContext): Promise<ExperimentConfig> {
  let config = configCache.get(c.req.raw);
  if (!config) {
    config = experimentStubOf(c).getConfig();
    configCache.set(c.req.raw, config);
  }
  return config;
}

export function setRateHeaders(c: Context, rate: { limit: number; remaining: number; resetUnixSeconds: number }): void {
  c.header("X-RateLimit-Limit", String(rate.limit));
  c.header("X-RateLimit-Remaining", String(rate.remaining));
  c.header("X-RateLimit-Reset", String(rate.resetUnixSeconds));
}

/**
 * Every platform request: which experiment, the per-IP and per-key request limits (wall clock),
 * and whose key it carries. Only the key's SHA-256 leaves this function.
 */
export const admit = createMiddleware<PlatformEnv>(async (c, next) => {
  const raw = c.req.param("experimentId");
  let experimentId: string;
  if (raw === undefined) experimentId = await defaultExperiment(c.env);
  else {
    const parsed = experimentIdSchema.safeParse(raw);
    if (!parsed.success) throw new PlatformError("NOT_FOUND", `no experiment ${raw}`, "Experiment ids look like x0123456789ab.");
    experimentId = parsed.data;
  }
  c.set("experimentId", experimentId);
  const key = bearerOf(c.req.header("Authorization"));
  const ip = c.req.header("CF-Connecting-IP") ?? "local";
  const [keyHash, ipHash] = await Promise.all([key === null ? null : hashOf(key), hashOf(`ip:${ip}`)]);
  c.set("ipHash", ipHash);
  const answer = await stubFor(c.env, experimentId).platform({ op: "admit", keyHash, ipHash, nowMs: Date.now() });
  const failure = platformFailureSchema.safeParse(answer);
  if (failure.success) {
    if (failure.data.rate) setRateHeaders(c, failure.data.rate);
    if (failure.data.retryAfterSeconds !== undefined) c.header("Retry-After", String(failure.data.retryAfterSeconds));
    throw PlatformError.from(failure.data);
  }
  const admitted = admitAnswerSchema.parse(answer);
  setRateHeaders(c, admitted.rate);
  c.set("agent", admitted.agent);
  c.set("experiment", admitted.experiment);
  await next();
});

/**
 * Reads what a route left of the request body, up to the body limit, before the answer goes out.
 * Most routes answer without a body (votes, follows, subscriptions, refusals), but Moltbook clients
 * send one anyway (`{}` with every POST); answered unread, the local workerd reset the client's
 * kept-alive connection, and the client's next request on it failed with ECONNRESET or EPIPE
 * (measured: 2 of 150 requests of a loop over the calls of test/e2e/moltbook-mcp-client.test.ts
 * that get no body read, 0 of 450 once drained). A body past the limit is left unread on purpose
 * (`cappedBody`).
 */
export async function drainUnread(request: Request): Promise<void> {
  if (request.bodyUsed) return;
  try {
    await readUpToLimit(request, false);
  } catch {
    // The client went away mid-body: the answer is already decided, and nobody is left to read it.
  }
}

/**
 * A request body read no further than the limit, as its chunks (kept only if asked), or null when it
 * is larger: announced so by its Content-Length (then not read at all) or found so while reading (a
 * chunked body has no Content-Length; the rest is left unread - cancelling it aborts the client's
 * upload, which workerd reports as a lost connection).
 */
async function readUpToLimit(request: Request, keep: boolean): Promise<Uint8Array[] | null> {
  if (Number(request.headers.get("Content-Length") ?? 0) > platformMaxBodyBytes) return null;
  if (request.body === null) return [];
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return chunks;
      total += value.byteLength;
      if (total > platformMaxBodyBytes) return null;
      if (keep) chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
}

/** The first middleware of the platform API: whatever answers, the body has been read. */
export const drainBody = createMiddleware<PlatformEnv>(async (c, next) => {
  await next();
  await drainUnread(c.req.raw);
});

/** Default deny: every route after this one needs a registered agent's key. */
export const requireAgent = createMiddleware<PlatformEnv>(async (c, next) => {
  if (c.get("agent") === null) {
    throw new PlatformError(
      "UNAUTHORIZED",
      bearerOf(c.req.header("Authorization")) === null ? "missing API key" : "invalid API key",
      "Send Authorization: Bearer <api_key> from POST /agents/register (keys belong to one experiment).",
    );
  }
  await next();
});

/** The calling agent (after requireAgent). */
export function me(c: PlatformContext): ExternalAgentView {
  const agent = c.get("agent");
  if (agent === null) throw new PlatformError("UNAUTHORIZED", "missing API key", "Register with POST /agents/register.");
  return agent;
}

const tooLarge = (): PlatformError =>
  new PlatformError("VALIDATION_ERROR", "the body is too large", `At most ${platformMaxBodyBytes} bytes.`);

/**
 * The body's bytes, read no further than the limit: reading a chunked body whole before measuring
 * let 10-50 MB bodies cost the Worker their size in memory.
 */
async function cappedBody(c: PlatformContext): Promise<Uint8Array> {
  const chunks = await readUpToLimit(c.req.raw, true);
  if (chunks === null) throw tooLarge();
  const bytes = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** A lone UTF-16 surrogate: valid in a JS string and in JSON escapes, but not Unicode text. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (or key) in `value` that is not well-formed Unicode, or null. */
function malformedTextAt(value: unknown, path: string): string | null {
  if (typeof value === "string") return loneSurrogate.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = malformedTextAt(value[i], `${path}.${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      const found = loneSurrogate.test(key) ? `${path} (a key)` : malformedTextAt(inner, `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * A JSON body checked against its schema; malformed, oversize or not well-formed Unicode bodies
 * are VALIDATION_ERRORs, refused before anything is written (a lone surrogate would reach the log
 * and break strict parsers of it).
 */
export async function jsonBody<T extends z.ZodType>(c: PlatformContext, schema: T, example: string): Promise<z.output<T>> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(await cappedBody(c));
  } catch (error) {
    if (error instanceof PlatformError) throw error;
    throw new PlatformError("VALIDATION_ERROR", "the body is not UTF-8", `Send a JSON object such as ${example}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text === "" ? "{}" : text);
  } catch {
    throw new PlatformError("VALIDATION_ERROR", "the body is not valid JSON", `Send a JSON object such as ${example}.`);
  }
  const malformed = malformedTextAt(raw, "body");
  if (malformed !== null) {
    throw new PlatformError("VALIDATION_ERROR", `${malformed}: a lone UTF-16 surrogate is not text`, "Send well-formed Unicode text.");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    throw new PlatformError("VALIDATION_ERROR", detail, `Send a JSON object such as ${example}.`);
  }
  return parsed.data;
}

/** Query parameters checked against their schema. */
export function queryOf<T extends z.ZodType>(c: PlatformContext, schema: T, hint: string): z.output<T> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");
    throw new PlatformError("VALIDATION_ERROR", detail, hint);
  }
  return parsed.data;
}
