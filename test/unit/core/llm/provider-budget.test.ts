import { describe, expect, it } from "vitest";
import { ProviderBudget } from "../../../../core/llm/provider-budget.js";

const unlimited = { requestsPerMinute: null, tokensPerMinute: null };

describe("a provider's budget across an experiment", () => {
  it("grants at most maxConcurrency leases at once and frees one on release", () => {
    const budget = new ProviderBudget({ maxConcurrency: 2, ...unlimited });
    const a = budget.tryAcquire(0, 10);
    const b = budget.tryAcquire(0, 10);
    expect("lease" in a && "lease" in b).toBe(true);
    expect(budget.tryAcquire(0, 10)).toEqual({ waitMs: Number.POSITIVE_INFINITY });
    if ("lease" in a) budget.release(a.lease, { requests: 1, tokens: 10 }, 5);
    expect("lease" in budget.tryAcquire(5, 10)).toBe(true);
    expect(budget.inFlight).toBe(2);
  });

  it("counts requests per rolling minute, repairs and retries included, and says when the oldest leaves", () => {
    const budget = new ProviderBudget({ maxConcurrency: 10, requestsPerMinute: 3, tokensPerMinute: null });
    const first = budget.tryAcquire(1_000, 0);
    if (!("lease" in first)) throw new Error("no lease");
    // The first call needed a repair: two requests.
    budget.release(first.lease, { requests: 2, tokens: 0 }, 2_000);
    expect("lease" in budget.tryAcquire(3_000, 0)).toBe(true);
    expect(budget.used(3_000).requests).toBe(3);
    // Full: the request at 1,000 ms leaves the window at 61,000 ms (waits until just after it).
    expect(budget.tryAcquire(4_000, 0)).toEqual({ waitMs: 57_001 });
    expect("lease" in budget.tryAcquire(61_001, 0)).toBe(true);
  });

  it("reserves estimated tokens, settles them at release, and lets an oversized call run alone", () => {
    const budget = new ProviderBudget({ maxConcurrency: 10, requestsPerMinute: null, tokensPerMinute: 1_000 });
    const a = budget.tryAcquire(0, 600);
    if (!("lease" in a)) throw new Error("no lease");
    // 600 reserved: another 600 does not fit while the first is in flight (freed by its release).
    expect(budget.tryAcquire(10, 600)).toEqual({ waitMs: Number.POSITIVE_INFINITY });
    budget.release(a.lease, { requests: 1, tokens: 300 }, 20);
    expect(budget.used(20).tokens).toBe(300);
    expect("lease" in budget.tryAcquire(30, 600)).toBe(true);
    // 900 used; 200 more must wait for the 300 spent at 20 ms to leave the window.
    expect(budget.tryAcquire(40, 200)).toEqual({ waitMs: 60_000 + 20 - 40 + 1 });
    const lonely = new ProviderBudget({ maxConcurrency: 10, requestsPerMinute: null, tokensPerMinute: 100 });
    expect("lease" in lonely.tryAcquire(0, 5_000)).toBe(true);
  });

  it("takes back leases held past their limit (a coordinator that died)", () => {
    const budget = new ProviderBudget({ maxConcurrency: 1, ...unlimited });
    budget.tryAcquire(0, 0);
    expect(budget.expire(999, 1_000)).toBe(0);
    expect(budget.expire(1_001, 1_000)).toBe(1);
    expect("lease" in budget.tryAcquire(1_001, 0)).toBe(true);
  });
});
