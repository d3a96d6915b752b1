import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { usageOf } from "../../../../durable-objects/coordinator/provider-gate.js";
import { ProviderGate } from "../../../../durable-objects/coordinator/provider-gate.js";

const ledger = (name: string) => env.PROVIDER.get(env.PROVIDER.idFromName(`provider-test:${name}`));
const provider = { maxConcurrency: 4, requestsPerMinute: null, tokensPerMinute: null, circuitBreakerFailures: 5, circuitBreakerCooldownMs: 0 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a provider's object: its limits across every coordinator of an experiment", () => {
  it("never lets more than maxConcurrency calls run, however many coordinators ask, and hands each freed lease on", async () => {
    const stub = ledger("concurrency");
    // Six coordinators, each with its own gate (and its own local semaphore of 4) on the one ledger.
    const gates = Array.from({ length: 6 }, () => new ProviderGate(provider, stub, 60_000));
    let running = 0;
    let most = 0;
    const call = async (): Promise<number> => {
      running++;
      most = Math.max(most, running);
      await sleep(5);
      running--;
      return 1;
    };
    const calls = gates.flatMap((gate) => Array.from({ length: 10 }, () => gate.inSlot(call, () => ({ requests: 1, tokens: 7 }))));
    expect(await Promise.all(calls)).toHaveLength(60);
    // 6 coordinators x 4 local slots would allow 24; the experiment's limit is 4.
    expect(most).toBe(4);
    expect(await stub.snapshot()).toMatchObject({ inFlight: 0, waiting: 0, requests: 60, tokens: 60 * 7 });
  });

  it("spaces calls by requests per minute across coordinators", async () => {
    const stub = ledger("rpm");
    const limited = { ...provider, requestsPerMinute: 5 };
    const gates = [new ProviderGate(limited, stub, 60_000), new ProviderGate(limited, stub, 60_000)];
    const started: number[] = [];
    const attempts = gates.flatMap((gate) => Array.from({ length: 4 }, () => gate.inSlot(async () => started.push(Date.now()), () => ({ requests: 1, tokens: 0 }))));
    await sleep(200);
    // Eight calls asked at once: five start, three wait for the minute to roll.
    expect(started).toHaveLength(5);
    expect(await stub.snapshot()).toMatchObject({ inFlight: 0, waiting: 3, requests: 5 });
    void attempts;
  });

  it("counts a turn's calls and tokens from its llm call records", () => {
    const call = { model: "m", promptTokens: 100, completionTokens: 20, ok: true, latencyMs: 1 };
    expect(usageOf([call, { ...call, promptTokens: 50, completionTokens: 5 }])).toEqual({ requests: 2, tokens: 175 });
  });
});
