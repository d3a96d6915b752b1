/**
 * A model provider's limits across a whole experiment - calls in flight, requests per minute and
 * tokens per minute - as one ledger that grants leases first come, first served. It is pure (the
 * caller passes the time) so the same rules run in the provider's Durable Object, which every
 * coordinator of an experiment asks (durable-objects/provider/), and in unit tests with a clock of
 * their own. Only wall-clock pacing depends on it; what an agent does in its turn does not.
 */

export interface ProviderBudgetLimits {
  readonly maxConcurrency: number;
  /** Calls started per rolling 60 s; null: no limit. */
  readonly requestsPerMinute: number | null;
  /** Prompt plus completion tokens per rolling 60 s; null: no limit. */
  readonly tokensPerMinute: number | null;
}

export interface LeaseUsage {
  /** Calls the lease's turn made (a repair or retry is a call of its own). */
  readonly requests: number;
  readonly tokens: number;
}

interface Lease {
  readonly id: string;
  readonly startedMs: number;
  readonly reservedTokens: number;
}

interface Spend {
  readonly atMs: number;
  readonly requests: number;
  readonly tokens: number;
}

export const providerWindowMs = 60_000;

export class ProviderBudget {
  private readonly leases = new Map<string, Lease>();
  private spends: Spend[] = [];
  private nextLease = 0;

  constructor(private readonly limits: ProviderBudgetLimits) {}

  get inFlight(): number {
    return this.leases.size;
  }

  /** Requests and tokens counted in the minute before `nowMs` (started calls and reservations). */
  used(nowMs: number): LeaseUsage {
    this.forget(nowMs);
    let requests = 0;
    let tokens = 0;
    for (const spend of this.spends) {
      requests += spend.requests;
      tokens += spend.tokens;
    }
    for (const lease of this.leases.values()) tokens += lease.reservedTokens;
    return { requests, tokens };
  }

  /**
   * A lease for one call expected to use `estimatedTokens`, or how long to wait before asking
   * again. A call bigger than the whole token budget is let through alone (it could never fit).
   */
  tryAcquire(nowMs: number, estimatedTokens: number): { readonly lease: string } | { readonly waitMs: number } {
    const { maxConcurrency, requestsPerMinute, tokensPerMinute } = this.limits;
    if (this.leases.size >= maxConcurrency) return { waitMs: Number.POSITIVE_INFINITY };
    const used = this.used(nowMs);
    if (requestsPerMinute !== null && used.requests + 1 > requestsPerMinute)
      return { waitMs: this.waitForRoom(nowMs, "requests", used.requests + 1 - requestsPerMinute) };
    const alone = this.leases.size === 0 && used.tokens === 0;
    if (tokensPerMinute !== null && used.tokens + estimatedTokens > tokensPerMinute && !alone) {
      return { waitMs: this.waitForRoom(nowMs, "tokens", used.tokens + estimatedTokens - tokensPerMinute) };
    }
    const id = `l${this.nextLease++}`;
    this.leases.set(id, { id, startedMs: nowMs, reservedTokens: estimatedTokens });
    this.spends.push({ atMs: nowMs, requests: 1, tokens: 0 });
    return { lease: id };
  }

  /** Ends a lease: its reservation becomes what the call really used (unknown leases are ignored). */
  release(lease: string, usage: LeaseUsage, nowMs: number): void {
    const held = this.leases.get(lease);
    if (!held) return;
    this.leases.delete(lease);
    // The call's first request was counted when it started; repairs and retries count now.
    this.spends.push({ atMs: nowMs, requests: Math.max(0, usage.requests - 1), tokens: usage.tokens });
  }

  /** Leases older than `maxAgeMs` end unused: a coordinator that died holding one gives it back. */
  expire(nowMs: number, maxAgeMs: number): number {
    let expired = 0;
    for (const lease of [...this.leases.values()]) {
      if (nowMs - lease.startedMs > maxAgeMs) {
        this.leases.delete(lease.id);
        expired++;
      }
    }
    return expired;
  }

  private forget(nowMs: number): void {
    const from = nowMs - providerWindowMs;
    if (this.spends.length > 0 && (this.spends[0]?.atMs ?? nowMs) <= from) this.spends = this.spends.filter((s) => s.atMs > from);
  }

  /** Time until enough of the window's oldest spends fall out of it to free `excess`. */
  private waitForRoom(nowMs: number, kind: "requests" | "tokens", excess: number): number {
    let freed = 0;
    for (const spend of this.spends) {
      freed += spend[kind];
      if (freed >= excess) return Math.max(1, spend.atMs + providerWindowMs - nowMs + 1);
    }
    // What is left is reserved by calls in flight: their release frees it.
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Runs one request to a provider under a lease of its experiment-wide limits: waits for the lease,
 * makes the call, and gives the lease back with what the call used (a failed call: one request, no
 * tokens). The llm client paces each HTTP request through it.
 */
export interface CallPacer {
  run<T>(call: () => Promise<T>, usage: (result: T) => LeaseUsage): Promise<T>;
}
