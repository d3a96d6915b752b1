import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ProviderGate, ProviderGates } from "../../../../durable-objects/coordinator/provider-gate.js";
import type { ProviderLedger } from "../../../../durable-objects/coordinator/provider-gate.js";

/** A ledger that grants every lease at once and records what was released. */
function openLedger(): ProviderLedger & { released: [string, { requests: number; tokens: number }][] } {
  let n = 0;
  const released: [string, { requests: number; tokens: number }][] = [];
  return {
    released,
    acquire: () => Promise.resolve(`l${n++}`),
    release: (lease, usage) => {
      released.push([lease, usage]);
    },
  };
}
const limits = { requestsPerMinute: null, tokensPerMinute: null };

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
    const gate = new ProviderGate({ maxConcurrency: 1, ...limits, circuitBreakerFailures: 2, circuitBreakerCooldownMs: 500 }, openLedger(), 1_000);
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
    const ledger = openLedger();
    const gate = new ProviderGate({ maxConcurrency: 2, ...limits, circuitBreakerFailures: 5, circuitBreakerCooldownMs: 0 }, ledger, 1_000);
    const started: number[] = [];
    const release: (() => void)[] = [];
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        started.push(n);
        release.push(() => resolve(n));
      });
    const runs = [1, 2, 3].map((n) => gate.inSlot(task(n), (result) => ({ requests: 1, tokens: 100 * result })));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toEqual([1, 2]);
    release[0]?.();
    await runs[0];
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toEqual([1, 2, 3]);
    release[1]?.();
    release[2]?.();
    expect(await Promise.all(runs)).toEqual([1, 2, 3]);
    // Every lease went back with what its task used.
    expect(ledger.released).toEqual([
      ["l0", { requests: 1, tokens: 100 }],
      ["l1", { requests: 1, tokens: 200 }],
      ["l2", { requests: 1, tokens: 300 }],
    ]);
  });

  it("is one per experiment and provider key in a coordinator, each on its provider's ledger", () => {
    const names: string[] = [];
    const gates = new ProviderGates((name) => {
      names.push(name);
      return openLedger();
    });
    const provider = { maxConcurrency: 1, ...limits, circuitBreakerFailures: 1, circuitBreakerCooldownMs: 1 };
    expect(gates.of("x1", { providerKey: "a", provider }, 10)).toBe(gates.of("x1", { providerKey: "a", provider }, 10));
    expect(gates.of("x1", { providerKey: "a", provider }, 10)).not.toBe(gates.of("x1", { providerKey: "b", provider }, 10));
    expect(gates.of("x1", { providerKey: "a", provider }, 10)).not.toBe(gates.of("x2", { providerKey: "a", provider }, 10));
    expect(names).toEqual(["x1:p:a", "x1:p:b", "x2:p:a"]);
  });

  it("gives the lease back with one request and no tokens when the task throws", async () => {
    vi.useRealTimers();
    const ledger = openLedger();
    const gate = new ProviderGate({ maxConcurrency: 1, ...limits, circuitBreakerFailures: 1, circuitBreakerCooldownMs: 1 }, ledger, 10);
    await expect(gate.inSlot(() => Promise.reject(new Error("boom")), () => ({ requests: 9, tokens: 9 }))).rejects.toThrow("boom");
    expect(ledger.released).toEqual([["l0", { requests: 1, tokens: 0 }]]);
  });
});
