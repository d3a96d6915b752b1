import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

/**
 * A local OpenAI-compatible endpoint (`POST /v1/chat/completions`) for tests - real HTTP, scripted
 * per request. No test touches the internet.
 */

const chatBodySchema = z.looseObject({
  model: z.string(),
  messages: z.array(z.looseObject({ role: z.string(), content: z.string() })),
  response_format: z.looseObject({ type: z.string() }).optional(),
});
export type ChatBody = z.infer<typeof chatBodySchema>;

export type Behaviour =
  | { readonly kind: "answer"; readonly content: string }
  | { readonly kind: "status"; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body: unknown }
  /** A body sent as it is, under its own content type (a proxy's HTML error page, say). */
  | { readonly kind: "raw"; readonly status: number; readonly contentType: string; readonly text: string }
  | { readonly kind: "slow"; readonly ms: number; readonly then: Behaviour }
  /** Answered only when `until` resolves: holds a round in its turns for as long as a test needs. */
  | { readonly kind: "held"; readonly until: Promise<void>; readonly then: Behaviour };

export interface ScriptedRequest {
  /** 0-based count of requests so far. */
  readonly n: number;
  readonly body: ChatBody;
  /** The last user message (the turn's data, or a repair request). */
  readonly userText: string;
}

export type Script = (request: ScriptedRequest) => Behaviour;

/** One request as the server served it: when it arrived and when its answer was sent (ms). */
export interface Flight {
  readonly startMs: number;
  endMs: number | null;
}

export interface FakeLlmServer {
  readonly baseUrl: string;
  readonly requests: ScriptedRequest[];
  /** Every chat completion's time in the server, in arrival order. */
  readonly flights: Flight[];
  /** The most requests the server held at once. */
  maxInFlight(): number;
  setScript(script: Script): void;
  close(): Promise<void>;
}

/** A deterministic, sensible answer to a turn prompt: comments on the first post shown, votes on a
 * comment, posts now and then, and cites the first memory when there is one (unless `cite` is false). */
export function sensibleAnswer(userText: string, n: number, cite = true): string {
  if (userText.includes("\nQuestion: ")) return probeAnswer(userText);
  if (userText.startsWith("<memories>")) return reflectionAnswer(userText);
  const posts = [...userText.matchAll(/^(P\d+) in /gm)].map((m) => m[1] ?? "");
  const comments = [...userText.matchAll(/^\s*(C\d+) by /gm)].map((m) => m[1] ?? "");
  const memory = cite ? /^(M\d+) \(/m.exec(userText)?.[1] : undefined;
  const community = /Communities: ([a-z0-9]+)/.exec(userText)?.[1] ?? "general";
  const actions: unknown[] = [];
  const firstPost = posts[n % Math.max(1, posts.length)];
  if (firstPost)
    actions.push({
      type: "comment",
      on: firstPost,
      content: `Reply ${n}: an interesting point about this.`,
      memories: memory ? [memory] : [],
    });
  const firstComment = comments[0];
  if (firstComment) actions.push({ type: "vote", on: firstComment, direction: n % 3 === 0 ? "down" : "up" });
  if (posts.length < 2 || n % 4 === 0) {
    actions.push({
      type: "post",
      submolt: community,
      title: `Thoughts number ${n}`,
      content: `Post ${n} on agent societies and memory.`,
      memories: memory ? [memory] : [],
    });
  }
  return JSON.stringify({ actions, note: `visit ${n}` });
}

/** The same answers from a model that never uses memory: every `memories` list is empty. */
export function memorylessAnswer(userText: string, n: number): string {
  return sensibleAnswer(userText, n, false);
}

/** A reflection: one insight citing the first two memories. */
function reflectionAnswer(userText: string): string {
  const labels = [...userText.matchAll(/^(M\d+) \(/gm)].map((m) => m[1] ?? "").slice(0, 2);
  return JSON.stringify({ insights: [{ text: "The same few agents keep coming up.", memories: labels }] });
}

/** A private probe's answer: the first agent and the first post its memories mention. */
function probeAnswer(userText: string): string {
  const agent = /\b(a\d+)\b/.exec(userText)?.[1];
  const post = /about (P\d+)/.exec(userText)?.[1];
  return JSON.stringify({ agents: agent ? [agent] : [], posts: post ? [post] : [], text: "From what I remember." });
}

const tokens = (text: string): number => Math.ceil(text.length / 4);

function send(res: ServerResponse, body: ChatBody, behaviour: Behaviour): void {
  if (behaviour.kind === "slow") {
    setTimeout(() => send(res, body, behaviour.then), behaviour.ms);
    return;
  }
  if (behaviour.kind === "held") {
    void behaviour.until.then(() => send(res, body, behaviour.then));
    return;
  }
  if (behaviour.kind === "raw") {
    res.writeHead(behaviour.status, { "content-type": behaviour.contentType });
    res.end(behaviour.text);
    return;
  }
  if (behaviour.kind === "status") {
    res.writeHead(behaviour.status, { "content-type": "application/json", ...behaviour.headers });
    res.end(JSON.stringify(behaviour.body));
    return;
  }
  const prompt = body.messages.reduce((sum, m) => sum + tokens(m.content), 0);
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      id: "chatcmpl-fake",
      object: "chat.completion",
      created: 0,
      model: body.model,
      choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: behaviour.content } }],
      usage: { prompt_tokens: prompt, completion_tokens: tokens(behaviour.content), total_tokens: prompt + tokens(behaviour.content) },
    }),
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export const quotaExhausted: Behaviour = {
  kind: "status",
  status: 429,
  body: { error: { message: "You exceeded your current quota.", type: "insufficient_quota", code: "insufficient_quota" } },
};

export function rateLimited(retryAfterMs: number): Behaviour {
  return {
    kind: "status",
    status: 429,
    headers: { "retry-after-ms": String(retryAfterMs) },
    body: { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } },
  };
}

export const serverError: Behaviour = { kind: "status", status: 500, body: { error: { message: "internal error", type: "server_error" } } };

export async function startFakeLlmServer(
  script: Script = ({ userText, n }) => ({ kind: "answer", content: sensibleAnswer(userText, n) }),
): Promise<FakeLlmServer> {
  let current = script;
  const requests: ScriptedRequest[] = [];
  const flights: Flight[] = [];
  let inFlight = 0;
  let most = 0;
  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      const body = chatBodySchema.parse(JSON.parse(text));
      const userText = [...body.messages].reverse().find((m) => m.role === "user")?.content ?? "";
      const request = { n: requests.length, body, userText };
      requests.push(request);
      const flight: Flight = { startMs: performance.now(), endMs: null };
      flights.push(flight);
      inFlight++;
      most = Math.max(most, inFlight);
      res.on("finish", () => {
        inFlight--;
        flight.endMs = performance.now();
      });
      send(res, body, current(request));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    flights,
    maxInFlight: () => most,
    setScript: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
