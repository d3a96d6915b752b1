import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ProviderGate, ProviderGates } from "../../../../durable-objects/coordinator/provider-gate.js";

const call = (errorClass?: string) => ({
  model: "m",
  promptTokens: 0,
  completionTokens: 0,
  ok: errorClass === undefined,
  latencyMs: 0,
  ...(errorClass !== undefined ? { errorClass } : {}),
});

describe("a provider gate", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it("opens after consecutive retryable failures for the cooldown, and ignores calls idled on it", () => {
    const gate = new ProviderGate({ maxConcurrency: 1, circuitBreakerFailures: 2, circuitBreakerCooldownMs: 500 });
    gate.recordCalls([call("timeout")]);
    // The last call decides: an earlier failure followed by a success is a success.
    gate.recordCalls([call("timeout"), call()]);
    gate.recordCalls([call("rateLimited")]);
    expect(gate.isOpen()).toBe(false);
    // A failure retrying cannot fix (quota) says the provider answered: it resets the count.
    gate.recordCalls([call("quota")]);
    gate.recordCalls([call("network")]);
    // A turn that idled on the open circuit says nothing about the provider.
    gate.recordCalls([call("circuitOpen")]);
    expect(gate.isOpen()).toBe(false);
    gate.recordCalls([call("overloaded")]);
    expect(gate.isOpen()).toBe(true);
    vi.setSystemTime(1_000_499);
    expect(gate.isOpen()).toBe(true);
    vi.setSystemTime(1_000_500);
    expect(gate.isOpen()).toBe(false);
  });

  it("lets at most maxConcurrency tasks run at once, the rest in arrival order", async () => {
    vi.useRealTimers();
    const gate = new ProviderGate({ maxConcurrency: 2, circuitBreakerFailures: 5, circuitBreakerCooldownMs: 0 });
    const started: number[] = [];
    const release: (() => void)[] = [];
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        started.push(n);
        release.push(() => resolve(n));
      });
    const runs = [1, 2, 3].map((n) => gate.inSlot(task(n)));
    await Promise.resolve();
    expect(started).toEqual([1, 2]);
    release[0]?.();
    await runs[0];
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toEqual([1, 2, 3]);
    release[1]?.();
    release[2]?.();
    expect(await Promise.all(runs)).toEqual([1, 2, 3]);
  });

  it("is one per provider key in a coordinator", () => {
    const gates = new ProviderGates();
    const provider = { maxConcurrency: 1, circuitBreakerFailures: 1, circuitBreakerCooldownMs: 1 };
    expect(gates.of({ providerKey: "a", provider })).toBe(gates.of({ providerKey: "a", provider }));
    expect(gates.of({ providerKey: "a", provider })).not.toBe(gates.of({ providerKey: "b", provider }));
  });
});
