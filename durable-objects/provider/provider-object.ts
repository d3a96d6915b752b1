import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { ProviderBudget } from "../../core/llm/provider-budget.js";
import type { LeaseUsage, ProviderBudgetLimits } from "../../core/llm/provider-budget.js";
import { defaultLlmTokensPerCallEstimate } from "../../core/tunables.js";

const limitsSchema = z.strictObject({
  maxConcurrency: z.number().int().min(1),
  requestsPerMinute: z.number().int().min(1).nullable(),
  tokensPerMinute: z.number().int().min(1).nullable(),
});
const acquireSchema = z.strictObject({ limits: limitsSchema, maxLeaseMs: z.number().int().min(1) });
const usageSchema = z.strictObject({ requests: z.number().int().min(0), tokens: z.number().min(0) });

interface Waiter {
  readonly resolve: (lease: string) => void;
}

/**
 * One model provider of one experiment (named by experiment and provider key): the ledger of its
 * limits that every coordinator asks before a call, so concurrency, requests per minute and tokens
 * per minute hold for the whole experiment - every coordinator and, deployed, every isolate -
 * rather than per coordinator. Callers wait in one FIFO queue and a released lease passes to the
 * next at once, which keeps the provider busy up to its limits.
 *
 * The ledger lives in memory: it only paces wall-clock calls, and the object stays alive while any
 * caller waits or holds a lease. A lease held longer than `maxLeaseMs` (its coordinator died) ends.
 */
export class ProviderObject extends DurableObject<Env> {
  private budget: ProviderBudget | null = null;
  private limitsKey = "";
  private readonly waiting: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private maxLeaseMs = 60_000;
  /** Tokens per finished lease so far, the estimate a new lease reserves. */
  private tokensSeen = 0;
  private leasesSeen = 0;

  /** A lease on one call; resolves when the call may start. */
  acquire(request: { limits: ProviderBudgetLimits; maxLeaseMs: number }): Promise<string> {
    const { limits, maxLeaseMs } = acquireSchema.parse(request);
    const key = JSON.stringify(limits);
    if (this.budget === null || key !== this.limitsKey) {
      // The first caller's limits, or a changed config's: leases held under the old ones end with it.
      this.budget = new ProviderBudget(limits);
      this.limitsKey = key;
    }
    this.maxLeaseMs = maxLeaseMs;
    return new Promise<string>((resolve) => {
      this.waiting.push({ resolve });
      this.drain();
    });
  }

  /** Ends a lease with what its call used. */
  release(lease: string, usage: LeaseUsage): void {
    const parsed = usageSchema.parse(usage);
    this.budget?.release(z.string().parse(lease), parsed, Date.now());
    this.tokensSeen += parsed.tokens;
    this.leasesSeen += 1;
    this.drain();
  }

  /** Calls in flight and the minute's use, for tests and the bench. */
  snapshot(): { inFlight: number; waiting: number; requests: number; tokens: number } {
    const used = this.budget?.used(Date.now()) ?? { requests: 0, tokens: 0 };
    return { inFlight: this.budget?.inFlight ?? 0, waiting: this.waiting.length, ...used };
  }

  private estimate(): number {
    return this.leasesSeen > 0 ? this.tokensSeen / this.leasesSeen : defaultLlmTokensPerCallEstimate;
  }

  /** Grants leases in arrival order while the limits allow; otherwise wakes when they might. */
  private drain(): void {
    const budget = this.budget;
    if (budget === null) return;
    const now = Date.now();
    budget.expire(now, this.maxLeaseMs);
    let waitMs = Number.POSITIVE_INFINITY;
    while (this.waiting.length > 0) {
      const granted = budget.tryAcquire(now, this.estimate());
      if ("waitMs" in granted) {
        waitMs = granted.waitMs;
        break;
      }
      this.waiting.shift()?.resolve(granted.lease);
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiting.length === 0) return;
    // A full window frees itself with time; full slots free on release, or when a lost lease expires.
    const wake = Number.isFinite(waitMs) ? waitMs : this.maxLeaseMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, wake);
  }
}
