import type { LlmProvider } from "../../core/contracts/llm-config.js";
import { CircuitBreaker } from "../../core/llm/circuit-breaker.js";
import { isRetryableErrorClass } from "../../core/llm/llm-errors.js";
import type { LeaseUsage, ProviderBudgetLimits } from "../../core/llm/provider-budget.js";
import type { LlmCallRecordRow } from "../../core/round/round-types.js";
import { Semaphore } from "../../core/util/concurrency.js";
import { providerObjectName } from "../common/names.js";

/** What a gate needs of a provider's settings. */
export type ProviderLimits = Pick<
  LlmProvider,
  "maxConcurrency" | "requestsPerMinute" | "tokensPerMinute" | "circuitBreakerFailures" | "circuitBreakerCooldownMs"
>;

/**
 * How long a lease may be held before the ledger takes it back: twice the turn deadline, which
 * bounds a turn with all its retries - only a coordinator that died holding it gets there.
 */
export function leaseLimitMs(config: { readonly scale: { readonly turnTimeoutMs: number } }): number {
  return 2 * config.scale.turnTimeoutMs;
}

/** The provider's ledger as a gate uses it (the provider object's RPC, or a stand-in in tests). */
export interface ProviderLedger {
  acquire(request: { limits: ProviderBudgetLimits; maxLeaseMs: number }): Promise<string>;
  release(lease: string, usage: LeaseUsage): Promise<void> | void;
}

/** What a call used, from the llm calls its answer records. */
export function usageOf(calls: readonly LlmCallRecordRow[]): LeaseUsage {
  return { requests: calls.length, tokens: calls.reduce((sum, c) => sum + c.promptTokens + c.completionTokens, 0) };
}

/**
 * One model provider as this coordinator sees it. Its limits are the provider's across the whole
 * experiment: every call first takes a lease from the provider's object (one per experiment and
 * provider), which counts calls in flight, requests and tokens per minute for every coordinator.
 * A local semaphore at the same concurrency keeps this coordinator from queueing more there than
 * could ever run. The circuit breaker stays per coordinator: it reacts to what this coordinator's
 * calls saw. Turns and private probes both go through the gate.
 */
export class ProviderGate {
  private readonly slots: Semaphore;
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly provider: ProviderLimits,
    private readonly ledger: ProviderLedger,
    private readonly maxLeaseMs: number,
  ) {
    this.slots = new Semaphore(provider.maxConcurrency);
    this.breaker = new CircuitBreaker(provider.circuitBreakerFailures, provider.circuitBreakerCooldownMs);
  }

  /**
   * Runs `task` under a lease of the provider. The circuit is read inside the task (when the call
   * gets its lease, not when it was queued), and the outcome is recorded there too, before the
   * lease ends, so the next call in line sees it. `usage` says what the task's calls used.
   */
  inSlot<T>(task: () => Promise<T>, usage: (result: T) => LeaseUsage): Promise<T> {
    return this.slots.run(async () => {
      const { maxConcurrency, requestsPerMinute, tokensPerMinute } = this.provider;
      const lease = await this.ledger.acquire({ limits: { maxConcurrency, requestsPerMinute, tokensPerMinute }, maxLeaseMs: this.maxLeaseMs });
      let used: LeaseUsage = { requests: 1, tokens: 0 };
      try {
        const result = await task();
        used = usage(result);
        return result;
      } finally {
        await this.ledger.release(lease, used);
      }
    });
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

  constructor(private readonly ledgerOf: (name: string) => ProviderLedger) {}

  of(experimentId: string, llm: { readonly providerKey: string; readonly provider: ProviderLimits }, maxLeaseMs: number): ProviderGate {
    const key = `${experimentId}/${llm.providerKey}`;
    let gate = this.gates.get(key);
    if (!gate) {
      gate = new ProviderGate(llm.provider, this.ledgerOf(providerObjectName(experimentId, llm.providerKey)), maxLeaseMs);
      this.gates.set(key, gate);
    }
    return gate;
  }
}
