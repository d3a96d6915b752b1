import type { LlmProvider } from "../../core/contracts/llm-config.js";
import { CircuitBreaker } from "../../core/llm/circuit-breaker.js";
import { isRetryableErrorClass } from "../../core/llm/llm-errors.js";
import type { LlmCallRecordRow } from "../../core/round/round-types.js";
import { Semaphore } from "../../core/util/concurrency.js";

/** What a gate needs of a provider's settings. */
export type ProviderLimits = Pick<LlmProvider, "maxConcurrency" | "circuitBreakerFailures" | "circuitBreakerCooldownMs">;

/**
 * One model provider as this coordinator sees it: its turns in flight and its circuit breaker.
 * The provider's limits themselves - calls in flight, requests and tokens per minute - hold for the
 * whole experiment at the provider's ledger (durable-objects/provider/), which the agents' llm
 * clients lease from around each HTTP request. This semaphore only bounds how many of this
 * coordinator's turns wait for a lease at once (never more than could run). Turns and private
 * probes of the provider's agents both go through it, so they share the slots and the circuit.
 */
export class ProviderGate {
  private readonly slots: Semaphore;
  private readonly breaker: CircuitBreaker;

  constructor(provider: ProviderLimits) {
    this.slots = new Semaphore(provider.maxConcurrency);
    this.breaker = new CircuitBreaker(provider.circuitBreakerFailures, provider.circuitBreakerCooldownMs);
  }

  /**
   * Runs `task` in one of the provider's slots. The circuit is read inside the task (when the call
   * gets its slot, not when it was queued), and the outcome is recorded there too, before the slot
   * is released, so the next call in line sees it.
   */
  inSlot<T>(task: () => Promise<T>): Promise<T> {
    return this.slots.run(task);
  }

  /** Open: calls are not made (wall-clock time, which only decides whether calls happen). */
  isOpen(): boolean {
    return this.breaker.isOpen(Date.now());
  }

  /**
   * Records what the last of `calls` says of the provider: a retryable error class counts as a
   * failure, anything else (success, or a failure retrying cannot fix) as the provider answering.
   * A call that idled on the open circuit itself says nothing about the provider.
   */
  recordCalls(calls: readonly LlmCallRecordRow[]): void {
    const lastClass = calls[calls.length - 1]?.errorClass;
    if (lastClass === "circuitOpen") return;
    this.breaker.record(!(lastClass !== undefined && isRetryableErrorClass(lastClass)), Date.now());
  }
}

/** The provider gates of one coordinator object, made on first use and kept while it lives. */
export class ProviderGates {
  private readonly gates = new Map<string, ProviderGate>();

  of(llm: { readonly providerKey: string; readonly provider: ProviderLimits }): ProviderGate {
    let gate = this.gates.get(llm.providerKey);
    if (!gate) {
      gate = new ProviderGate(llm.provider);
      this.gates.set(llm.providerKey, gate);
    }
    return gate;
  }
}
