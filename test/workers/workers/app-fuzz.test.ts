import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { app } from "../../../workers/app.js";
import { securityHeaders } from "../../../workers/http/security-headers.js";
import { adminHeaders, driveUntil } from "../helpers.js";
import { errorSchema, platformExperiment, register, runRounds, setLimits } from "../platform-helpers.js";

/**
 * A fuzz of every route the Worker registers (read from the Hono app, so a route added later is
 * fuzzed without editing this file): hostile path segments, query strings, bodies, content types
 * and credentials, against a running experiment with real posts, comments and agents. No answer
 * may be a 5xx, every error has the documented shape, every answer carries the security headers.
 * The requests are sampled with a fixed seed, so a failure names a request that replays; GET
 * routes also get every query key with every edge value on their real path (a sampled query rarely
 * pairs one key with one bad value: a planted throw on a negative `limit` went unseen without it).
 *
 * Requests go to the Worker's fetch handler (`app.fetch`, all workers/index.ts exports) with the
 * real bindings, not through the test pool's `exports.default.fetch`: that loopback costs more with
 * every call it has made (measured here: 7 ms a request at first, 32 ms after 400, and 200 health
 * checks through `app.fetch` take 17 ms in all), which turned this fuzz's 2,000 requests into 14
 * minutes and then a stack overflow inside the pool.
 */

const seed = 20261204;
const requestsPerRoute = 40;

interface Known {
  /** The experiment whose platform API is fuzzed (its limits raised so requests get through). */
  experimentId: string;
  /** The one the operator routes are fuzzed on: the fuzz may stop it or change its limits. */
  operatedId: string;
  postId: string;
  commentId: string;
  agentName: string;
  externalName: string;
  externalKey: string;
  submolt: string;
}

/** Strings that broke parsers, object keys, SQL binds or encodings somewhere before. */
const hostileSegments = [
  "",
  "%00",
  "..",
  "%2F..%2F",
  "%",
  "%E0%A4%A",
  "%ED%A0%80",
  "__proto__",
  "constructor",
  "toString",
  "-1",
  "1e309",
  "999999999999999999999999",
  "p.0.x.0",
  "c.999.a00.99999999",
  "r0",
  "x00000000",
  "a".repeat(2_000),
  "%F0%9F%A6%9E",
  "'; DROP TABLE posts; --",
  "%22%3E%3Cscript%3E",
];

const queryKeys = ["sort", "limit", "offset", "q", "type", "submolt", "round", "from", "to", "format", "agent", "cursor"];
const queryValues = [
  "-1",
  "0",
  "1",
  "1.5",
  "NaN",
  "1e309",
  "99999999999",
  "new",
  "top",
  "hot",
  "rising",
  "%00",
  "%ED%A0%80",
  "__proto__",
  "a".repeat(600),
  "",
];

/** The real values a path segment may take, by the segment before it. */
function validAfter(previous: string, known: Known, platform: boolean, path: string): string[] {
  switch (previous) {
    case "experiments":
      // Lifecycle and limits only on the operated one, so the fuzzed one stays as it is; readers on both.
      return /:verb|platform\/limits/.test(path) ? [known.operatedId] : [known.experimentId, known.operatedId];
    case "e":
      return [known.experimentId];
    case "posts":
      return platform ? [known.postId] : [known.postId, known.commentId];
    case "comments":
      return [known.commentId];
    case "agents":
      return [known.agentName, known.externalName];
    case "submolts":
      return [known.submolt];
    case "artifacts":
      return ["report.json", "graph.json"];
    default:
      return [];
  }
}

/** Mostly a real value (so requests get past routing and auth), else hostile or random text. */
function segment(valid: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: valid.length > 0 ? fc.constantFrom(...valid) : fc.constantFrom(...hostileSegments) },
    { weight: 1, arbitrary: fc.constantFrom(...hostileSegments) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, "?"))),
    },
  );
}

/** A route's path with each parameter filled; a parameter with a pattern keeps a member of it. */
function pathArbitrary(path: string, known: Known): fc.Arbitrary<string> {
  const segments = path.split("/");
  const platform = path.includes("/api/v1");
  const parts = segments.map((part, index): fc.Arbitrary<string> => {
    if (part === "*") return fc.constantFrom("report.json", "events", "a/b/c", "%2e%2e/%2e%2e/etc/passwd", "");
    const param = /^:(\w+)(?:\{(.+)\})?$/.exec(part);
    if (!param) return fc.constant(part);
    const pattern = param[2];
    if (pattern?.includes("|"))
      return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...pattern.split("|")) }, { weight: 1, arbitrary: fc.constant("nope") });
    if (pattern)
      return fc.constantFrom(
        ...(pattern.startsWith("x") ? [known.experimentId, known.operatedId] : []),
        "r0123abcd",
        "x0123abcd",
        `${pattern[0]}${"f".repeat(64)}`,
        "__proto__",
      );
    return segment(validAfter(segments[index - 1] ?? "", known, platform, path));
  });
  return fc.tuple(...parts).map((filled) => filled.join("/"));
}

/** Keys the routes read (most of the time) with edge values, numbers and random text. */
const queryArbitrary = fc
  .array(
    fc.tuple(
      fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...queryKeys) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...queryValues) },
        { weight: 2, arbitrary: fc.integer({ min: -1_000, max: 1_000_000 }).map(String) },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) =>
    pairs.length === 0
      ? ""
      : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v.includes("%") ? v : encodeURIComponent(v)}`).join("&")}`,
  );

/** Bodies a careless or hostile client sends: shaped like the real ones with wrong fields, or not. */
function bodyArbitrary(known: Known): fc.Arbitrary<string | undefined> {
  const anyValue = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(...hostileSegments),
    fc.constant("\uD800 lone"),
    fc.string({ unit: "binary", maxLength: 200 }),
  );
  /** A field that is mostly right (so the write is accepted and what follows it is exercised). */
  const field = <T>(right: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: right }, { weight: 1, arbitrary: anyValue });
  const shaped = fc
    .record(
      {
        name: field(fc.stringMatching(/^[A-Za-z0-9_]{2,32}$/)),
        description: field(fc.string({ maxLength: 80 })),
        title: field(fc.string({ minLength: 1, maxLength: 120 })),
        content: field(fc.string({ minLength: 1, maxLength: 400 })),
        url: field(fc.webUrl()),
        submolt: field(fc.constantFrom(known.submolt, "general")),
        parent_id: field(fc.constant(known.commentId)),
        display_name: field(fc.string({ maxLength: 40 })),
        limits: fc.dictionary(
          fc.constantFrom("requestsPerMinute", "postsPerWindow", "commentsPerHour", "maxAgents", "open", "__proto__"),
          field(fc.integer({ min: 0, max: 100_000 })),
        ),
        config: field(fc.constant({ name: "fuzz", agents: 10, rounds: 2, seed: 1 })),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value));
  return fc.oneof(
    { weight: 4, arbitrary: shaped },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
    { weight: 1, arbitrary: fc.constantFrom("", "null", "{", "[]", '{"__proto__":{"admin":true}}', `"${"x".repeat(70_000)}"`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Mostly the credential the route needs (its key or the admin token), else a wrong or none. */
function headersArbitrary(path: string, known: Known): fc.Arbitrary<Record<string, string>> {
  const right = path.includes("/api/v1") ? `Bearer ${known.externalKey}` : adminHeaders.Authorization;
  const wrong = fc.constantFrom<string | null>(
    path.includes("/api/v1") ? adminHeaders.Authorization : `Bearer ${known.externalKey}`,
    "Bearer moltbook_sk_not_a_key",
    "Basic Zm9vOmJhcg==",
    `Bearer ${"k".repeat(5_000)}`,
    null,
  );
  const authorization = fc.oneof({ weight: 6, arbitrary: fc.constant<string | null>(right) }, { weight: 2, arbitrary: wrong });
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant<string | null>("application/json") },
    {
      weight: 2,
      arbitrary: fc.constantFrom<string | null>("text/plain", "multipart/form-data; boundary=x", "application/json; charset=latin1", null),
    },
  );
  return fc.tuple(authorization, contentType, fc.integer({ min: 1, max: 250 })).map(([auth, type, host]) => {
    const headers: Record<string, string> = { "CF-Connecting-IP": `198.51.100.${host}` };
    if (auth) headers["Authorization"] = auth;
    if (type) headers["Content-Type"] = type;
    return headers;
  });
}

/** The route's path with every parameter at its first real value (or pattern member). */
function realPath(path: string, known: Known): string {
  const segments = path.split("/");
  const platform = path.includes("/api/v1");
  return segments
    .map((part, index) => {
      if (part === "*") return "report.json";
      const param = /^:(\w+)(?:\{(.+)\})?$/.exec(part);
      if (!param) return part;
      if (param[2]?.includes("|")) return param[2].split("|")[0] ?? "";
      if (param[2]) return param[2].startsWith("x") ? known.experimentId : "r0123abcd";
      return validAfter(segments[index - 1] ?? "", known, platform, path)[0] ?? "x";
    })
    .join("/");
}

/** Every query key with every edge value, one pair a request, on the route's real path. */
function queryGrid(path: string, known: Known): FuzzRequest[] {
  const headers = {
    "CF-Connecting-IP": "198.51.100.77",
    Authorization: path.includes("/api/v1") ? `Bearer ${known.externalKey}` : adminHeaders.Authorization,
  };
  const url = `http://murmur.test${realPath(path, known)}`;
  return queryKeys.flatMap((key) =>
    queryValues.map((value) => ({
      method: "GET",
      url: `${url}?${key}=${value.includes("%") ? value : encodeURIComponent(value)}`,
      headers,
      body: undefined,
    })),
  );
}

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function requestsFor(method: string, path: string, known: Known, routeSeed: number): FuzzRequest[] {
  const arbitrary = fc.record({
    path: pathArbitrary(path, known),
    query: queryArbitrary,
    headers: headersArbitrary(path, known),
    body: method === "GET" || method === "HEAD" ? fc.constant(undefined) : bodyArbitrary(known),
  });
  return fc.sample(arbitrary, { seed: routeSeed, numRuns: requestsPerRoute }).map((r) => ({
    method,
    url: `http://murmur.test${r.path}${r.query}`,
    headers: r.headers,
    body: r.body,
  }));
}

const postsSchema = z.object({
  posts: z.array(z.object({ id: z.string(), author: z.object({ name: z.string() }), submolt: z.object({ name: z.string() }) })),
});
const commentsSchema = z.object({ comments: z.array(z.object({ id: z.string() })) });

/** One request to the Worker's fetch handler; its waitUntil work is awaited before the next. */
async function send(request: Request): Promise<Response> {
  const context = createExecutionContext();
  const response = await app.fetch(request, env, context);
  await waitOnExecutionContext(context);
  return response;
}

async function knownObjects(): Promise<Known> {
  const { id, base } = await platformExperiment({ name: "fuzzed", agents: 24, rounds: 8, seed: 7 });
  await runRounds(id, 3);
  await setLimits(id, {
    requestsPerMinute: 100_000,
    ipRequestsPerMinute: 1_000_000,
    postsPerWindow: 10_000,
    commentsPerHour: 100_000,
    registrationsPerIpPerHour: 100_000,
  });
  // Run to its end first: `/api/v1` then always means the fuzzed experiment (the default is the
  // running or paused one started last), whatever the fuzz's lifecycle requests do to this one.
  const operated = await platformExperiment({ name: "operated", agents: 12, rounds: 3, seed: 8 });
  await driveUntil(operated.id, (s) => s.status === "finished");
  const externalName = "FuzzClient";
  const externalKey = await register(base, externalName, "192.0.2.1");
  const get = (path: string) =>
    send(
      new Request(`http://murmur.test${base}${path}`, {
        headers: { Authorization: `Bearer ${externalKey}`, "CF-Connecting-IP": "192.0.2.1" },
      }),
    );
  const posts = postsSchema.parse(await (await get("/posts?sort=new&limit=50")).json()).posts;
  let commentId = "";
  for (const post of posts) {
    const comments = commentsSchema.parse(await (await get(`/posts/${post.id}/comments`)).json()).comments;
    if (comments[0]) {
      commentId = comments[0].id;
      break;
    }
  }
  const first = posts[0];
  if (!first || commentId === "") throw new Error("the fuzzed experiment has no post or comment after 3 rounds");
  return {
    experimentId: id,
    operatedId: operated.id,
    postId: first.id,
    commentId,
    agentName: first.author.name,
    externalName,
    externalKey,
    submolt: first.submolt.name,
  };
}

/** `app.use("*", ...)` middleware shows up as an ALL route on a mount point's `/*`: not a route. */
const isMiddleware = (path: string) => /^(\/e\/:experimentId)?(\/api(\/v1|\/experiments|\/bench)?)?\/\*$/.test(path);
const routes = [
  ...new Map(
    app.routes
      .filter((r) => !(r.method === "ALL" && isMiddleware(r.path)))
      // A route for every method is fuzzed as a read and as a write.
      .flatMap((r) =>
        r.method === "ALL" ? ["GET", "POST"].map((method) => ({ method, path: r.path })) : [{ method: r.method, path: r.path }],
      )
      .map((r) => [`${r.method} ${r.path}`, r]),
  ).values(),
];
// Every registered route is fuzzed, and an unknown path under each method as well.
const targets = [...routes, ...["GET", "POST", "PUT", "PATCH", "DELETE"].map((method) => ({ method, path: "/:name/api/v2/:id" }))].map(
  (target, index) => ({ ...target, routeSeed: seed + index }),
);

const tally = new Map<number, number>();

/** The failures of one request: a 5xx, an error not in the documented shape, a missing header. */
async function failuresOf(request: FuzzRequest): Promise<string[]> {
  const response = await send(
    new Request(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    }),
  );
  const text = await response.text();
  tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
  const where = `${request.method} ${request.url.slice(0, 160)}`;
  const failures: string[] = [];
  if (response.status >= 500) failures.push(`${response.status} ${where}: ${text.slice(0, 200)}`);
  else if (
    response.status >= 400 &&
    !((response.headers.get("Content-Type") ?? "").includes("json") && errorSchema.safeParse(JSON.parse(text)).success)
  ) {
    failures.push(`error shape ${response.status} ${where}: ${text.slice(0, 200)}`);
  }
  for (const [name, value] of Object.entries(securityHeaders)) {
    if (response.headers.get(name) !== value) failures.push(`header ${name} missing on ${response.status} ${where}`);
  }
  return failures;
}

describe("every route of the Worker under a fuzz", () => {
  let known: Known;
  beforeAll(async () => {
    known = await knownObjects();
  }, 120_000);

  it("finds the routes in the app", () => {
    expect(routes.length).toBeGreaterThan(60);
  });

  it.for(targets)(
    "$method $path: below 500, errors in the documented shape, security headers",
    { timeout: 120_000 },
    async ({ method, path, routeSeed }) => {
      const failures: string[] = [];
      const grid = method === "GET" ? queryGrid(path, known) : [];
      for (const request of [...requestsFor(method, path, known, routeSeed), ...grid]) failures.push(...(await failuresOf(request)));
      expect(failures).toEqual([]);
    },
  );

  // Runs last (a file's tests run in order): a fuzz whose requests all bounce off routing, auth
  // and validation tests only the front door. At seed 20261204, 5,908 of 13,800 got a 2xx.
  it("got past routing, auth and validation for a fair share of its requests", () => {
    const answered = [...tally.values()].reduce((sum, n) => sum + n, 0);
    const succeeded = [...tally].filter(([status]) => status < 300).reduce((sum, [, n]) => sum + n, 0);
    console.log(`fuzz: ${succeeded} of ${answered} requests answered 2xx`);
    expect(succeeded / answered).toBeGreaterThan(0.15);
  });
});
