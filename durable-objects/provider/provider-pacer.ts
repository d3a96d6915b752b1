import type { CallPacer, LeaseUsage, ProviderBudgetLimits } from "../../core/llm/provider-budget.js";

/** The provider's ledger as a pacer uses it (the provider object's RPC, or a stand-in in tests). */
export interface ProviderLedger {
  acquire(request: { limits: ProviderBudgetLimits; maxLeaseMs: number }): Promise<string>;
  release(lease: string, usage: LeaseUsage): Promise<void> | void;
}

/**
 * A pacer over the provider's ledger: every request waits for a lease, and the lease goes back with
 * what the request used as soon as it answers (or fails). `maxLeaseMs` is how long the ledger lets
 * a lease live before taking it back from a caller that died.
 */
export function ledgerPacer(ledger: ProviderLedger, limits: ProviderBudgetLimits, maxLeaseMs: number): CallPacer {
  return {
    async run<T>(call: () => Promise<T>, usage: (result: T) => LeaseUsage): Promise<T> {
      const lease = await ledger.acquire({ limits, maxLeaseMs });
      let used: LeaseUsage = { requests: 1, tokens: 0 };
      try {
        const result = await call();
        used = usage(result);
        return result;
      } finally {
        await ledger.release(lease, used);
      }
    },
  };
}
