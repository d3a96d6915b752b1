import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experimentConfigSchema } from "../../core/contracts/experiment-config.js";
import type { MurmurEvent } from "../../core/events/event-schema.js";
import { agentId } from "../../core/ids.js";
import { makePersona } from "../../core/sim/persona.js";
import { sensibleAnswer, serverError, startFakeLlmServer } from "../support/fake-llm-server.js";
import type { Behaviour, FakeLlmServer, ScriptedRequest } from "../support/fake-llm-server.js";
import { assertValidLog, murmur } from "../support/murmur-cli.js";

/**
 * Never wedged by one bad answer: in one run every agent is active every round, and at round
 * `badRound` each of several agents gets one kind of bad answer from its endpoint (every attempt of
 * that turn, repairs and retries included). At the next round each of them takes a normal turn:
 * its model calls succeed and its actions are in the log. A bad reflection answer is the same,
 * one round later: the agent acts in its round, and reflects and acts at the next.
 */

const agents = 15;
const rounds = 5;
const badRound = 2;
const startTime = "2026-01-28T00:00:00.000Z";
const roundMinutes = 60;
// Every call of the first test has this timeout: high enough that a good answer on a loaded CI
// machine is never late, since only the "timeout" case may fail by time.
const timeoutMs = 10_000;

/** One bad kind per agent index; the others (0 and 14) are always answered well. */
const kinds = [
  "malformed",
  "huge",
  "unknownNames",
  "refusal",
  "contentParts",
  "empty",
  "timeout",
  "serverError",
  "notJson",
  "fractionalUsage",
  "tooManyActions",
  "oddCharacters",
  "badReflection",
] as const;
type Kind = (typeof kinds)[number];
/** Kinds whose bad turn takes no action: it idles, or every action names something not shown. */
const idleAtBadRound: ReadonlySet<Kind> = new Set([
  "malformed",
  "huge",
  "unknownNames",
  "refusal",
  "contentParts",
  "empty",
  "timeout",
  "serverError",
  "notJson",
]);
/**
 * The bad turn's calls as the log must show them (after a reflection's call, if one was due): two
 * for an answer that is asked again (the repair) or retried (maxRetries 1), one for an answer that
 * was usable as JSON whatever its actions named.
 */
const badTurnCalls: Readonly<Record<Exclude<Kind, "badReflection">, readonly string[]>> = {
  malformed: ["malformed", "malformed"],
  huge: ["ok"],
  unknownNames: ["ok"],
  refusal: ["malformed", "malformed"],
  contentParts: ["malformed", "malformed"],
  empty: ["malformed", "malformed"],
  timeout: ["timeout", "timeout"],
  serverError: ["overloaded", "overloaded"],
  notJson: ["network", "network"],
  fractionalUsage: ["ok"],
  tooManyActions: ["ok"],
  oddCharacters: ["ok"],
};
const kindOf = (index: number): Kind | undefined => kinds[index - 1];

/** A 200 whose body the test writes itself (a refusal, usage the endpoint got wrong). */
function completion(message: Record<string, unknown>, usage: Record<string, unknown>): Behaviour {
  return {
    kind: "status",
    status: 200,
    body: {
      id: "chatcmpl-bad",
      object: "chat.completion",
      created: 0,
      model: "fake-model",
      choices: [{ index: 0, finish_reason: "stop", message }],
      usage,
    },
  };
}

/** Valid JSON of about 2.4 MB: many long comments naming items the prompt never showed. */
const hugeAnswer = JSON.stringify({
  actions: Array.from({ length: 1_200 }, (_, i) => ({
    type: "comment",
    on: `P${900 + (i % 90)}`,
    content: "x".repeat(1_990),
    memories: [],
  })),
  note: "",
});

function badTurn(kind: Kind, request: ScriptedRequest): Behaviour | null {
  switch (kind) {
    case "malformed":
      return { kind: "answer", content: '{"actions": [{"type": "vote", "on": "P1"' };
    case "huge":
      return { kind: "answer", content: hugeAnswer };
    case "unknownNames":
      return {
        kind: "answer",
        content: JSON.stringify({
          actions: [
            { type: "comment", on: "P99", content: "on a post never shown", memories: ["M77"] },
            { type: "vote", on: "C500", direction: "up" },
            { type: "follow", agent: "a9999" },
            { type: "subscribe", submolt: "nowhere" },
            { type: "post", submolt: "general", title: "t", content: "cites a memory never shown", memories: ["M99"] },
          ],
          note: "",
        }),
      };
    case "refusal":
      return completion(
        { role: "assistant", content: null, refusal: "I can't help with that." },
        { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      );
    case "contentParts":
      return completion(
        { role: "assistant", content: [{ type: "text", text: "{}" }] },
        { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      );
    case "empty":
      return { kind: "answer", content: "" };
    case "timeout":
      return { kind: "slow", ms: timeoutMs + 2_000, then: { kind: "answer", content: sensibleAnswer(request.userText, request.n) } };
    case "serverError":
      return serverError;
    case "notJson":
      return { kind: "raw", status: 200, contentType: "text/html", text: "<html><body>502 Bad Gateway</body></html>" };
    case "fractionalUsage":
      return completion(
        { role: "assistant", content: sensibleAnswer(request.userText, request.n) },
        { prompt_tokens: 812.5, completion_tokens: -3, total_tokens: 809.5 },
      );
    case "tooManyActions":
      return {
        kind: "answer",
        content: JSON.stringify({ actions: Array.from({ length: 40_000 }, () => ({ type: "subscribe", submolt: "general" })), note: "" }),
      };
    case "oddCharacters":
      // Valid JSON whose strings hold a NUL, control characters and lone surrogates.
      return {
        kind: "answer",
        content:
          '{"actions": [{"type": "post", "submolt": "general", "title": "nul \\u0000 lone \\ud800 end", "content": "bell \\u0007 esc \\u001b[31m \\ud83d", "memories": []}], "note": "\\udc00"}',
      };
    case "badReflection":
      return null;
  }
}

const config = {
  name: "one bad answer",
  agents,
  rounds,
  seed: 5,
  policy: "llm",
  startTime,
  roundMinutes,
  // Every agent wakes every round: a heartbeat each round, no jitter, every heartbeat wakes.
  activation: { heartbeatHours: 1, jitterHours: 0, meanBurstRounds: 1 },
  twin: { participation: { tailIndex: 1.5, maxActivity: 40, wakePerActivity: 1 } },
  // Reflection is due every round, so a failed one is asked again at the next.
  memory: { reflectionEveryRounds: 1 },
  probes: { privateEveryRounds: 0 },
  scale: { turnTimeoutMs: 120_000 },
};

/** Persona names -> agent ids: a reflection prompt names its agent only by persona. */
function agentsByPersonaName(): Map<string, string> {
  const parsed = experimentConfigSchema.parse({ ...config, llm: { providers: {}, models: {} }, policy: "sim" });
  const names = new Map<string, string>();
  for (let i = 0; i < agents; i++) names.set(makePersona(parsed, agentId(i, agents), i).name, agentId(i, agents));
  return names;
}

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server.close();
});

const actionTypes = new Set(["post", "comment", "vote", "follow", "subscribe"]);
const ofAgent = (events: MurmurEvent[], agent: string, round: number) =>
  events.filter((e) => e.round === round && "agent" in e && e.agent === agent);
const callsOf = (events: MurmurEvent[], agent: string, round: number) =>
  ofAgent(events, agent, round).filter((e): e is Extract<MurmurEvent, { type: "llmCall" }> => e.type === "llmCall");
const actedOf = (events: MurmurEvent[], agent: string, round: number) =>
  ofAgent(events, agent, round).filter((e) => actionTypes.has(e.type));

/** The round and agent of a turn request (a repair keeps the turn's user message second). */
function turnOf(request: ScriptedRequest): { agent: string; round: number } {
  const turnText = request.body.messages[1]?.content ?? "";
  const iso = /^It is (\S+)\. /.exec(turnText)?.[1] ?? startTime;
  return {
    agent: /You are (a\d+)\./.exec(turnText)?.[1] ?? "",
    round: Math.round((Date.parse(iso) - Date.parse(startTime)) / (roundMinutes * 60_000)),
  };
}

/** `murmur run` of the config against the server as scripted; its valid log's events. */
async function runWith(provider: Record<string, unknown>, scale: Record<string, unknown>, size = { rounds }): Promise<MurmurEvent[]> {
  const dir = mkdtempSync(join(tmpdir(), "murmur-llm-bad-"));
  const configPath = join(dir, "config.json");
  writeFileSync(
    configPath,
    JSON.stringify({
      ...config,
      ...size,
      scale,
      llm: {
        providers: {
          // The circuit stays closed: several agents failing in one round would open it, by design.
          local: { baseUrl: server.baseUrl, retryBaseMs: 5, maxConcurrency: 8, circuitBreakerFailures: 1000, ...provider },
        },
        models: { fake: { provider: "local", model: "fake-model", inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 } },
      },
    }),
  );
  const out = join(dir, "run");
  const run = await murmur(["run", "--config", configPath, "--out", out, "--quiet"], undefined, {
    ...process.env,
    OPENAI_API_KEY: "sk-test-never-logged-1234567890",
  });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return assertValidLog(readFileSync(join(out, "events.ndjson"), "utf8"));
}

describe("one bad answer never wedges an llm agent (real workerd, local OpenAI-compatible server)", () => {
  it("each agent given one bad answer at a round takes a normal turn at the next", async () => {
    const byName = agentsByPersonaName();
    expect(byName.size).toBe(agents);
    const reflected = new Set<string>();
    server.setScript((request) => {
      const system = request.body.messages[0]?.content ?? "";
      if (request.userText.startsWith("<memories>")) {
        const agent = [...byName].find(([name]) => system.startsWith(`You are ${name},`))?.[1];
        // The agent's first reflection with enough memories is answered with no insights at all.
        if (agent !== undefined && kindOf(Number(agent.slice(1))) === "badReflection" && !reflected.has(agent)) {
          reflected.add(agent);
          return { kind: "answer", content: '{"insights": []}' };
        }
        return { kind: "answer", content: sensibleAnswer(request.userText, request.n) };
      }
      const { agent, round } = turnOf(request);
      const kind = kindOf(Number(agent.slice(1)));
      const bad = round === badRound && kind !== undefined ? badTurn(kind, request) : null;
      return bad ?? { kind: "answer", content: sensibleAnswer(request.userText, request.n) };
    });
    const events = await runWith({ timeoutMs, maxRetries: 1 }, { turnTimeoutMs: 120_000 });
    const calls = (agent: string, round: number) => callsOf(events, agent, round);
    const acted = (agent: string, round: number) => actedOf(events, agent, round);

    for (let index = 1; index <= kinds.length; index++) {
      const agent = agentId(index, agents);
      const kind = kindOf(index);
      const recovery = kind === "badReflection" ? firstFailedRound(events, agent) + 1 : badRound + 1;
      // The bad round took none of the bad answer's actions (those that idle or name nothing shown).
      if (kind !== undefined && idleAtBadRound.has(kind)) expect(acted(agent, badRound), `${kind} at ${badRound}`).toEqual([]);
      if (kind !== undefined && kind !== "badReflection") {
        const classes = calls(agent, badRound).map((c) => c.errorClass ?? "ok");
        expect(classes.slice(-badTurnCalls[kind].length), `${kind}: calls at ${badRound}`).toEqual(badTurnCalls[kind]);
      }
      // The next round is a normal turn: every call ok, and actions in the log.
      expect(calls(agent, recovery).length, `${kind}: calls at ${recovery}`).toBeGreaterThan(0);
      expect(
        calls(agent, recovery).every((c) => c.ok),
        `${kind}: calls ok at ${recovery}`,
      ).toBe(true);
      expect(acted(agent, recovery).length, `${kind}: actions at ${recovery}`).toBeGreaterThan(0);
    }
    // Usage the endpoint got wrong is logged as whole tokens, at least 0.
    const usage = calls(agentId(kinds.indexOf("fractionalUsage") + 1, agents), badRound).at(-1);
    expect([usage?.promptTokens, usage?.completionTokens]).toEqual([813, 0]);
    // Odd characters are text like any other: the post stands with its title as the model wrote it.
    const odd = actedOf(events, agentId(kinds.indexOf("oddCharacters") + 1, agents), badRound);
    expect(odd.map((e) => (e.type === "post" ? e.title : e.type))).toEqual(["nul \u0000 lone \ud800 end"]);
    // The bad reflection failed, its turn still acted, and the next round reflected.
    const reflector = agentId(kinds.indexOf("badReflection") + 1, agents);
    const failedAt = firstFailedRound(events, reflector);
    expect(calls(reflector, failedAt).map((c) => c.errorClass ?? "ok")).toEqual(["malformed", "ok"]);
    expect(acted(reflector, failedAt).length).toBeGreaterThan(0);
    expect(ofAgent(events, reflector, failedAt + 1).some((e) => e.type === "memoryWrite" && e.kind === "reflection")).toBe(true);
  }, 300_000);

  it("an answer that comes after the turn's deadline: the turn is a turnTimeout with no action of it logged, and every later turn of the agent is a normal one", async () => {
    const late = agentId(1, agents);
    const turnTimeoutMs = 15_000;
    server.setScript((request) => {
      const good: Behaviour = { kind: "answer", content: sensibleAnswer(request.userText, request.n) };
      const { agent, round } = turnOf(request);
      // It arrives while the next rounds run, and the agent object is still awaiting it.
      return agent === late && round === badRound ? { kind: "slow", ms: turnTimeoutMs + 2_000, then: good } : good;
    });
    const events = await runWith({ timeoutMs: 60_000, maxRetries: 0 }, { turnTimeoutMs }, { rounds: 7 });
    expect(ofAgent(events, late, badRound).filter((e) => e.type === "turnTimeout")).toHaveLength(1);
    expect(actedOf(events, late, badRound)).toEqual([]);
    for (let round = badRound + 1; round < 7; round++) {
      expect(callsOf(events, late, round).length, `calls at ${round}`).toBeGreaterThan(0);
      expect(callsOf(events, late, round).every((c) => c.ok)).toBe(true);
      expect(actedOf(events, late, round).length, `actions at ${round}`).toBeGreaterThan(0);
    }
  }, 300_000);
});

function firstFailedRound(events: MurmurEvent[], agent: string): number {
  const failed = events.find((e) => e.type === "llmCall" && e.agent === agent && !e.ok);
  expect(failed, `a failed call of ${agent}`).toBeDefined();
  return failed?.round ?? -1;
}
