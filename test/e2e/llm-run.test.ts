import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { MurmurEvent } from "../../core/events/event-schema.js";
import { memorylessAnswer, quotaExhausted, rateLimited, sensibleAnswer, serverError } from "../support/fake-llm-server.js";
import { startFakeLlmServer } from "../support/fake-llm-server.js";
import type { Behaviour, FakeLlmServer, Script } from "../support/fake-llm-server.js";
import { assertValidLog, murmur } from "../support/murmur-cli.js";
import { simRunSummarySchema } from "../../core/contracts/run-directory.js";

/**
 * The llm policy end to end: the `murmur` CLI, real workerd, and a local OpenAI-compatible server
 * over real HTTP, scripted per request (the llm population's acceptance).
 */

/** summary.json of a run with llm agents: the contract, with its llm part present. */
const summarySchema = simRunSummarySchema.extend({ llm: simRunSummarySchema.shape.llm.unwrap() });

let server: FakeLlmServer;
const key = "sk-test-never-logged-1234567890";
const env = { ...process.env, OPENAI_API_KEY: key };

beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server.close();
});

const good: Script = ({ userText, n }) => ({ kind: "answer", content: sensibleAnswer(userText, n) });

function configFile(
  dir: string,
  extra: Record<string, unknown> = {},
  provider: Record<string, unknown> = {},
  size = { agents: 50, rounds: 12 },
): string {
  const path = join(dir, "config.input.json");
  writeFileSync(
    path,
    JSON.stringify({
      name: "llm-e2e",
      ...size,
      seed: 3,
      policy: "llm",
      llm: {
        providers: { local: { baseUrl: server.baseUrl, retryBaseMs: 5, maxConcurrency: 8, timeoutMs: 10_000, maxRetries: 4, ...provider } },
        models: { fake: { provider: "local", model: "fake-model", inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 } },
        ...extra,
      },
      scale: { turnTimeoutMs: 60_000 },
      probes: { privateEveryRounds: 6, privateSample: 20 },
      memory: { reflectionEveryRounds: 5 },
    }),
  );
  return path;
}

function llmEvents(events: MurmurEvent[]) {
  return events.filter((e): e is Extract<MurmurEvent, { type: "llmCall" }> => e.type === "llmCall");
}

/**
 * Every active agent of every round: a feed exposure, and a model call or a turn timeout. Other
 * calls in a round can only be private probes of agents that round's probe asked.
 */
function assertEveryAgentAccountedFor(events: MurmurEvent[]): void {
  const byRound = new Map<number, { shown: Set<string>; called: Set<string>; probed: Set<string> }>();
  for (const e of events) {
    const slot = byRound.get(e.round) ?? { shown: new Set<string>(), called: new Set<string>(), probed: new Set<string>() };
    byRound.set(e.round, slot);
    if (e.type === "exposure" && e.kind === "feed") slot.shown.add(e.agent);
    if ((e.type === "llmCall" || e.type === "turnTimeout") && e.agent) slot.called.add(e.agent);
    if (e.type === "probe") for (const target of e.targets) slot.probed.add(target);
  }
  for (const [, slot] of byRound) {
    for (const agent of slot.shown) expect(slot.called.has(agent)).toBe(true);
    for (const agent of slot.called) expect(slot.shown.has(agent) || slot.probed.has(agent)).toBe(true);
  }
}

describe("murmur run --policy llm (real workerd, local OpenAI-compatible server)", () => {
  it("runs 50 llm agents x 12 rounds; tokens add up; memoryRefs cite logged memory rows; the key is nowhere", async () => {
    server.setScript(good);
    const out = mkdtempSync(join(tmpdir(), "murmur-llm-"));
    const run = await murmur(
      [
        "run",
        "--policy",
        "llm",
        "--base-url",
        server.baseUrl,
        "--model",
        "fake-model",
        "--agents",
        "50",
        "--rounds",
        "12",
        "--seed",
        "3",
        "--out",
        out,
      ],
      undefined,
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/murmur: estimate - \d+ llm agents, \d+ llm agent-turns/);
    const text = readFileSync(join(out, "events.ndjson"), "utf8");
    const events = assertValidLog(text);
    const agents = events.filter((e) => e.type === "agent");
    expect(agents).toHaveLength(50);
    expect(agents.every((a) => a.type === "agent" && a.policy === "llm" && a.model === "fake-model")).toBe(true);
    const byType = (type: string) => events.filter((e) => e.type === type);
    expect(byType("post").length).toBeGreaterThan(10);
    expect(byType("comment").length).toBeGreaterThan(10);
    expect(byType("vote").length).toBeGreaterThan(10);
    expect(text).toContain("an interesting point about this");
    const calls = llmEvents(events);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.ok)).toBe(true);
    const summary = summarySchema.parse(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")));
    expect(summary.tokens.prompt).toBe(calls.reduce((n, c) => n + c.promptTokens, 0));
    expect(summary.tokens.completion).toBe(calls.reduce((n, c) => n + c.completionTokens, 0));
    expect(summary.llm.calls).toBe(calls.length);
    // The estimate before the run counted the llm agent-turns exactly and bounded the prompt size.
    const estimate = summary.llm.estimate;
    expect(estimate.llmTurns).toBe(summary.agentTurns);
    expect(Math.max(...calls.map((c) => c.promptTokens))).toBeLessThanOrEqual(estimate.promptTokensPerTurn);
    // assertValidLog checked that every memoryRef cites memoryWrite rows; make sure there are some.
    expect(byType("memoryRef").length).toBeGreaterThan(0);
    expect(byType("memoryWrite").length).toBeGreaterThan(0);
    expect(byType("memoryShown").length).toBeGreaterThan(0);
    assertEveryAgentAccountedFor(events);
    // The key travels only in the Authorization header.
    for (const file of ["events.ndjson", "summary.json", "config.json", "manifest.json", "telemetry.ndjson"]) {
      expect(readFileSync(join(out, file), "utf8")).not.toContain(key);
    }
    expect(run.stdout + run.stderr).not.toContain(key);
  });

  it("completes with 30 % malformed answers and 10 % 429s, every agent accounted for and the errors counted", async () => {
    // Deterministic mix by request number: 3 of 10 malformed, 1 of 10 rate-limited.
    server.setScript(({ userText, n }) => {
      const k = n % 10;
      if (k === 1 || k === 4 || k === 7)
        return {
          kind: "answer",
          content: k === 4 ? '```json\n{"actions": [{"type": "dance"}]}\n```' : "I think I will post something nice {",
        };
      if (k === 9) return rateLimited(20);
      return { kind: "answer", content: sensibleAnswer(userText, n) };
    });
    const dir = mkdtempSync(join(tmpdir(), "murmur-llm-"));
    const out = join(dir, "run");
    const run = await murmur(["run", "--config", configFile(dir), "--out", out, "--quiet"], undefined, env);
    expect(run.code).toBe(0);
    const events = assertValidLog(readFileSync(join(out, "events.ndjson"), "utf8"));
    assertEveryAgentAccountedFor(events);
    const calls = llmEvents(events);
    const malformed = calls.filter((c) => c.errorClass === "malformed").length;
    const limited = calls.filter((c) => c.errorClass === "rateLimited").length;
    expect(malformed / calls.length).toBeGreaterThan(0.15);
    expect(limited).toBeGreaterThan(0);
    const summary = summarySchema.parse(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")));
    expect(summary.llm.errors["malformed"]).toBe(malformed);
    expect(summary.llm.errors["rateLimited"]).toBe(limited);
    expect(summary.llm.failedCalls).toBe(calls.filter((c) => !c.ok).length);
    expect(events.filter((e) => e.type === "roundEnd")).toHaveLength(12);
  });

  it("a model that never cites memory: prompts show memory rows, no memoryRef, sharedReferences not emerged", async () => {
    server.setScript(({ userText, n }) => ({ kind: "answer", content: memorylessAnswer(userText, n) }));
    const dir = mkdtempSync(join(tmpdir(), "murmur-llm-"));
    const out = join(dir, "run");
    // Past the metric's 24-hour lookback (1 h rounds), so memory could reach beyond what was just shown.
    const run = await murmur(
      ["run", "--config", configFile(dir, {}, {}, { agents: 40, rounds: 30 }), "--out", out, "--quiet"],
      undefined,
      env,
    );
    expect(run.code).toBe(0);
    const events = assertValidLog(readFileSync(join(out, "events.ndjson"), "utf8"));
    expect(events.filter((e) => e.type === "memoryShown").length).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === "memoryRef")).toHaveLength(0);
    const report = z
      .object({
        metrics: z.object({ sharedReferences: z.object({ references: z.object({ fromMemory: z.number() }) }).loose() }).loose(),
        verdicts: z.array(z.object({ metric: z.string(), verdict: z.string() }).loose()),
      })
      .parse(JSON.parse(readFileSync(join(out, "report.json"), "utf8")));
    expect(report.metrics.sharedReferences.references.fromMemory).toBe(0);
    const verdict = report.verdicts.find((v) => v.metric === "sharedReferences")?.verdict;
    expect(verdict).toBeDefined();
    expect(verdict).not.toBe("emerged");
  });

  it("asks private probes from memory alone and logs the answers it could resolve", async () => {
    server.setScript(good);
    const before = server.requests.length;
    const dir = mkdtempSync(join(tmpdir(), "murmur-llm-"));
    const out = join(dir, "run");
    const run = await murmur(["run", "--config", configFile(dir), "--out", out, "--quiet"], undefined, env);
    expect(run.code).toBe(0);
    const events = assertValidLog(readFileSync(join(out, "events.ndjson"), "utf8"));
    const probes = events.filter((e) => e.type === "probe");
    expect(probes.map((p) => p.round)).toEqual([5, 11]);
    const answers = events.filter((e): e is Extract<MurmurEvent, { type: "probeAnswer" }> => e.type === "probeAnswer");
    expect(answers.length).toBeGreaterThan(20);
    for (const probe of probes) {
      if (probe.type !== "probe") continue;
      expect(probe.targets).toHaveLength(20);
      const answered = answers.filter((a) => a.probe === probe.id);
      for (const a of answered) expect(probe.targets).toContain(a.agent);
    }
    // The probe prompt holds memories and the question, never the feed.
    const probeRequests = server.requests.slice(before).filter((r) => r.userText.includes("\nQuestion: "));
    expect(probeRequests.length).toBe(40);
    for (const r of probeRequests) {
      expect(r.userText).toContain("<memories>");
      expect(r.userText).not.toContain("<feed>");
    }
    // Reflections come from the model, cite what their memories were about, and are logged.
    const reflections = events.filter((e) => e.type === "memoryWrite" && e.kind === "reflection");
    expect(reflections.length).toBeGreaterThan(0);
    expect(
      server.requests.slice(before).filter((r) => r.userText.startsWith("<memories>") && !r.userText.includes("Question:")).length,
    ).toBe(reflections.length);
    // Named posts resolve from the prompt's labels to real post ids.
    const posts = new Set(events.flatMap((e) => (e.type === "post" ? [e.id] : [])));
    const named = answers.flatMap((a) => a.posts);
    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(posts.has(id)).toBe(true);
  });

  it("pauses with a clear reason when the quota is exhausted, and resumes cleanly once the endpoint recovers", async () => {
    let served = 0;
    server.setScript(({ userText, n }) => (served++ < 120 ? { kind: "answer", content: sensibleAnswer(userText, n) } : quotaExhausted));
    const dir = mkdtempSync(join(tmpdir(), "murmur-llm-"));
    const out = join(dir, "run");
    const state = join(dir, "state");
    const first = await murmur(["run", "--config", configFile(dir), "--out", out, "--state", state, "--quiet"], undefined, env);
    expect(first.code).toBe(3);
    expect(first.stderr).toMatch(/paused: model quota in round \d+: quota exhausted/);
    const id = /--resume (\S+)/.exec(first.stderr)?.[1];
    expect(id).toBeDefined();

    server.setScript(good);
    const second = await murmur(["run", "--resume", id ?? "", "--state", state, "--out", out, "--quiet"], undefined, env);
    expect(second.code).toBe(0);
    const events = assertValidLog(readFileSync(join(out, "events.ndjson"), "utf8"));
    expect(events.filter((e) => e.type === "roundEnd")).toHaveLength(12);
    assertEveryAgentAccountedFor(events);
    // No action twice: content ids are unique, and no call failed in the log (the halted round was redone).
    const ids = events.flatMap((e) => (e.type === "post" || e.type === "comment" ? [e.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(llmEvents(events).some((c) => c.errorClass === "quota")).toBe(false);
  });

  it("pauses before a round that would cross the budget cap, with the spend in the reason", async () => {
    server.setScript(good);
    const dir = mkdtempSync(join(tmpdir(), "murmur-llm-"));
    const out = join(dir, "run");
    // ~1,000 prompt tokens per turn at $0.15/M and ~13 turns per round: about $0.002 per round.
    const run = await murmur(["run", "--config", configFile(dir, { budgetUsd: 0.005 }), "--out", out, "--quiet"], undefined, env);
    expect(run.code).toBe(3);
    const reason = /paused: budget cap: \$([0-9.]+) spent of \$([0-9.]+), and round (\d+) is expected to cost \$([0-9.]+)/.exec(run.stderr);
    expect(reason).not.toBeNull();
    const [spent, cap, , expected] = [Number(reason?.[1]), Number(reason?.[2]), Number(reason?.[3]), Number(reason?.[4])];
    expect(cap).toBe(0.005);
    expect(spent).toBeLessThanOrEqual(cap);
    expect(spent + expected).toBeGreaterThan(cap);
  });

  it("opens the circuit after repeated failures: later turns idle as circuitOpen without calling", async () => {
    server.setScript(() => serverError);
    const before = server.requests.length;
    const dir = mkdtempSync(join(tmpdir(), "murmur-llm-"));
    const out = join(dir, "run");
    const config = configFile(dir, {}, { maxRetries: 0, maxConcurrency: 1, circuitBreakerFailures: 3, circuitBreakerCooldownMs: 600_000 });
    const run = await murmur(["run", "--config", config, "--out", out, "--quiet"], undefined, env);
    expect(run.code).toBe(0);
    const events = assertValidLog(readFileSync(join(out, "events.ndjson"), "utf8"));
    assertEveryAgentAccountedFor(events);
    const calls = llmEvents(events);
    // One coordinator, one call at a time: exactly three calls reach the endpoint, the rest never leave.
    expect(calls.filter((c) => c.errorClass === "overloaded")).toHaveLength(3);
    expect(server.requests.length - before).toBe(3);
    expect(calls.filter((c) => c.errorClass === "circuitOpen").length).toBe(calls.length - 3);
    expect(events.filter((e) => e.type === "post" || e.type === "comment" || e.type === "vote")).toHaveLength(0);
  });

  it("replays a run exactly from the response cache, without calling the endpoint and without new spend", async () => {
    // A mix of good, malformed and rate-limited answers: the replay must reproduce the failures too.
    server.setScript(({ userText, n }) =>
      n % 7 === 3
        ? { kind: "answer", content: "not json" }
        : n % 11 === 5
          ? rateLimited(10)
          : good({ userText, n, body: { model: "", messages: [] } }),
    );
    const dir = mkdtempSync(join(tmpdir(), "murmur-llm-"));
    const state = join(dir, "state");
    const config = configFile(dir, { responseCache: true });
    const first = await murmur(["run", "--config", config, "--state", state, "--out", join(dir, "first"), "--quiet"], undefined, env);
    expect(first.code).toBe(0);
    const before = server.requests.length;
    server.setScript(() => serverError);
    const replay = await murmur(["run", "--config", config, "--state", state, "--out", join(dir, "replay"), "--quiet"], undefined, env);
    expect(replay.code).toBe(0);
    expect(server.requests.length).toBe(before);
    const original = readFileSync(join(dir, "first", "events.ndjson"), "utf8");
    expect(readFileSync(join(dir, "replay", "events.ndjson"), "utf8")).toBe(original);
    expect(original).toContain('"errorClass":"malformed"');
    const firstSummary = summarySchema.parse(JSON.parse(readFileSync(join(dir, "first", "summary.json"), "utf8")));
    const replaySummary = summarySchema.parse(JSON.parse(readFileSync(join(dir, "replay", "summary.json"), "utf8")));
    expect(firstSummary.costUsd).toBeGreaterThan(0);
    expect(replaySummary.costUsd).toBe(0);
    expect(replaySummary.llm.cachedCalls).toBe(replaySummary.llm.calls);
  });

  it("mixes policies and models by persona group: only llm agents call, each with its group's model", async () => {
    server.setScript(good);
    const before = server.requests.length;
    const dir = mkdtempSync(join(tmpdir(), "murmur-llm-"));
    const path = join(dir, "mixed.json");
    writeFileSync(
      path,
      JSON.stringify({
        agents: 40,
        rounds: 8,
        seed: 9,
        groups: [
          { name: "crowd", share: 2, policy: "sim" },
          { name: "small", share: 1, policy: "llm", model: "small" },
          { name: "large", share: 1, policy: "llm", model: "large", temperature: 0.2 },
        ],
        llm: {
          providers: { local: { baseUrl: server.baseUrl, retryBaseMs: 5 } },
          models: {
            small: { provider: "local", model: "fake-small" },
            large: { provider: "local", model: "fake-large", responseFormat: "json_object" },
          },
        },
        scale: { turnTimeoutMs: 60_000 },
      }),
    );
    const run = await murmur(["run", "--config", path, "--out", join(dir, "run"), "--quiet"], undefined, env);
    expect(run.code).toBe(0);
    const events = assertValidLog(readFileSync(join(dir, "run", "events.ndjson"), "utf8"));
    const groupOf = new Map<string, { policy: string; model?: string; group?: string }>();
    for (const e of events) if (e.type === "agent") groupOf.set(e.agent, e);
    const groups = new Set([...groupOf.values()].map((a) => `${a.group}:${a.policy}:${a.model ?? "-"}`));
    expect(groups).toEqual(new Set(["crowd:sim:-", "small:llm:small", "large:llm:large"]));
    for (const call of llmEvents(events)) expect(groupOf.get(call.agent)?.model).toBe(call.model);
    const simActors = events.filter((e) => e.type === "post" && groupOf.get(e.agent)?.policy === "sim");
    expect(simActors.length).toBeGreaterThan(0);
    const sent = server.requests.slice(before);
    expect(new Set(sent.map((r) => r.body.model))).toEqual(new Set(["fake-small", "fake-large"]));
    for (const r of sent) expect(r.body.response_format?.type).toBe(r.body.model === "fake-large" ? "json_object" : "json_schema");
  });

  it("counts answers slower than the timeout as timeouts: the turns idle, the run completes, the log says why", async () => {
    // Every other request is slower than the provider's timeout; retries are off, so each slow one idles its turn.
    let served = 0;
    server.setScript(({ userText, n }) => {
      const answer: Behaviour = { kind: "answer", content: sensibleAnswer(userText, n) };
      return served++ % 2 === 0 ? { kind: "slow", ms: 1_500, then: answer } : answer;
    });
    const dir = mkdtempSync(join(tmpdir(), "murmur-llm-"));
    const out = join(dir, "run");
    const config = configFile(dir, {}, { timeoutMs: 300, maxRetries: 0, circuitBreakerFailures: 1000 });
    const run = await murmur(["run", "--config", config, "--out", out, "--quiet"], undefined, env);
    expect(run.code).toBe(0);
    const events = assertValidLog(readFileSync(join(out, "events.ndjson"), "utf8"));
    assertEveryAgentAccountedFor(events);
    const calls = llmEvents(events);
    const timeouts = calls.filter((c) => c.errorClass === "timeout");
    expect(timeouts.length).toBeGreaterThan(calls.length / 4);
    expect(timeouts.every((c) => c.ok === false && c.promptTokens === 0)).toBe(true);
    const summary = summarySchema.parse(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")));
    expect(summary.llm.errors["timeout"]).toBe(timeouts.length);
    expect(summary.llm.idleTurns).toBeGreaterThan(0);
  });
});
