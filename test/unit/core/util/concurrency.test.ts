import { describe, expect, it } from "vitest";
import { DeadlineExceeded, mapWithConcurrency, withDeadline } from "../../../../core/util/concurrency.js";

describe("fan-out helpers", () => {
  it("keeps at most `limit` tasks in flight and results in input order", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });

  it("turns a turn that misses its deadline into DeadlineExceeded", async () => {
    await expect(withDeadline(new Promise<never>(() => undefined), 5)).rejects.toBeInstanceOf(DeadlineExceeded);
    await expect(withDeadline(Promise.resolve(7), 1_000)).resolves.toBe(7);
  });
});
