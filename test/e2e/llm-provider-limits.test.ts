import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sensibleAnswer, startFakeLlmServer } from "../support/fake-llm-server.js";
import type { FakeLlmServer } from "../support/fake-llm-server.js";
import { assertValidLog, murmur } from "../support/murmur-cli.js";

/**
 * A provider's limits hold for the whole experiment: 1,200 llm agents over six coordinators against
 * a local endpoint that answers in ~1 s, with the provider configured for 16 calls at once. Each
 * coordinator alone would allow 16; the server must never hold more than 16, and the engine must
 * keep those 16 busy while a round's turns last.
 */

let server: FakeLlmServer;
// A realistic answer time for a small hosted model: at 40 ms the engine on two cores, not the pacing, is
// the bottleneck (16 slots would need 400 turns a second).
const latencyMs = 1_000;
const limit = 16;

beforeAll(async () => {
  server = await startFakeLlmServer(({ userText, n }) => ({
    kind: "slow",
    ms: latencyMs,
    then: { kind: "answer", content: sensibleAnswer(userText, n) },
  }));
});
afterAll(async () => {
  await server.close();
});

/** Busy share of the provider over a set of calls: the time they spent in the server over limit x span. */
function busy(flights: readonly { startMs: number; endMs: number | null }[]): number {
  const done = flights.filter((f): f is { startMs: number; endMs: number } => f.endMs !== null);
  const span = Math.max(...done.map((f) => f.endMs)) - Math.min(...done.map((f) => f.startMs));
  return done.reduce((sum, f) => sum + (f.endMs - f.startMs), 0) / (limit * span);
}

describe("provider limits across coordinators (real workerd, local OpenAI-compatible server)", () => {
  it("1,200 llm agents, six coordinators, a provider limited to 16: never more than 16 in flight, the provider kept busy", async () => {
    const dir = mkdtempSync(join(tmpdir(), "murmur-limits-"));
    const config = join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        name: "provider-limits",
        agents: 1_200,
        rounds: 3,
        seed: 5,
        policy: "llm",
        llm: {
          providers: { local: { baseUrl: server.baseUrl, maxConcurrency: limit, timeoutMs: 20_000, maxRetries: 2, retryBaseMs: 5 } },
          models: { fake: { provider: "local", model: "fake-model" } },
        },
        // Agents wake every 2 simulated hours: ~half the population acts each round, so a round's
        // last, uneven wave of calls is a small part of it.
        activation: { heartbeatHours: 2 },
        scale: { agentsPerCoordinator: 200, turnTimeoutMs: 180_000 },
      }),
    );
    const out = join(dir, "run");
    const run = await murmur(["run", "--config", config, "--out", out, "--quiet"], undefined, {
      ...process.env,
      OPENAI_API_KEY: "sk-test-limits-0000000000",
    });
    expect(run.code).toBe(0);
    const events = assertValidLog(readFileSync(join(out, "events.ndjson"), "utf8"));
    const calls = events.filter((e) => e.type === "llmCall");
    expect(calls.length).toBeGreaterThan(300);
    expect(server.flights.length).toBe(calls.length);
    expect(server.maxInFlight()).toBeLessThanOrEqual(limit);
    // Every round's turns: the calls of the round, from its first start to its last answer.
    const byRound = new Map<number, typeof server.flights>();
    let index = 0;
    for (const e of calls) {
      const flight = server.flights[index++];
      if (!flight) continue;
      byRound.set(e.round, [...(byRound.get(e.round) ?? []), flight]);
    }
    const perRound = [...byRound.values()].map(busy);
    console.log(
      `provider limits: ${calls.length} calls, max in flight ${server.maxInFlight()}, busy per round ${perRound.map((b) => b.toFixed(3)).join(", ")}, over the run ${busy(server.flights).toFixed(3)}`,
    );
    // The acceptance's measure, over the run: calls x latency / limit / span. A round's own share is
    // lower the fewer calls it has (its last wave of calls ends unevenly), so it is printed only.
    expect(busy(server.flights)).toBeGreaterThanOrEqual(0.9);
  }, 600_000);
});
