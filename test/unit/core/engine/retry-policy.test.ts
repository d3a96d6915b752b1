import { describe, expect, it } from "vitest";
import { classifyPlatformError, InvariantViolation } from "../../../../core/engine/platform-errors.js";
import {
  backoffBoundMs,
  decideStepRetry,
  jitterOf,
  platformCallBackoff,
  retryInPlace,
  stepOverloadedBackoff,
  stepTransientBackoff,
} from "../../../../core/engine/retry-policy.js";

const transient = classifyPlatformError(Object.assign(new Error("Network connection lost."), { retryable: true }));
const overloaded = classifyPlatformError(Object.assign(new Error("Durable Object is overloaded."), { overloaded: true }));
const poison = classifyPlatformError(new InvariantViolation("pool of round 2 is missing"));
const units = [0, 0.25, 0.5, 0.999999];

describe("decideStepRetry", () => {
  it("retries a transient step with full jitter under a doubling, capped bound, then fails it", () => {
    for (let failures = 1; failures < stepTransientBackoff.maxAttempts; failures++) {
      const bound = Math.min(stepTransientBackoff.maxDelayMs, stepTransientBackoff.baseDelayMs * 2 ** (failures - 1));
      expect(backoffBoundMs(failures, stepTransientBackoff)).toBe(bound);
      for (const unit of units) {
        const decision = decideStepRetry(transient, failures, unit);
        expect(decision.action).toBe("retry");
        if (decision.action !== "retry") continue;
        expect(decision.delayMs).toBeGreaterThanOrEqual(0);
        expect(decision.delayMs).toBeLessThan(bound);
      }
    }
    expect(decideStepRetry(transient, 1, 0)).toEqual({ action: "retry", delayMs: 0 });
    const last = decideStepRetry(transient, stepTransientBackoff.maxAttempts, 0.5);
    expect(last.action).toBe("fail");
    if (last.action === "fail") expect(last.reason).toContain("failed 5 times (transient");
  });

  it("never retries an overloaded step at once: it backs off at least half the bound", () => {
    for (let failures = 1; failures < stepOverloadedBackoff.maxAttempts; failures++) {
      const bound = backoffBoundMs(failures, stepOverloadedBackoff);
      for (const unit of units) {
        const decision = decideStepRetry(overloaded, failures, unit);
        expect(decision.action).toBe("backOff");
        if (decision.action !== "backOff") continue;
        expect(decision.delayMs).toBeGreaterThanOrEqual(Math.floor(bound / 2));
        expect(decision.delayMs).toBeLessThanOrEqual(bound);
        expect(decision.delayMs).toBeGreaterThanOrEqual(stepOverloadedBackoff.baseDelayMs / 2);
      }
    }
    expect(backoffBoundMs(30, stepOverloadedBackoff)).toBe(stepOverloadedBackoff.maxDelayMs);
    expect(decideStepRetry(overloaded, stepOverloadedBackoff.maxAttempts, 0).action).toBe("fail");
  });

  it("fails a poison pill on its first failure, with the reason", () => {
    expect(decideStepRetry(poison, 1, 0.5)).toEqual({
      action: "fail",
      reason: "failed at once, a poison pill (RangeError): RangeError: pool of round 2 is missing",
    });
  });

  it("takes its jitter from a hash, the same for the same key", () => {
    expect(jitterOf("x1:3:turns:1")).toBe(jitterOf("x1:3:turns:1"));
    expect(jitterOf("x1:3:turns:1")).not.toBe(jitterOf("x1:3:turns:2"));
    for (const key of ["a", "b", "x0123:0:pool:4"]) {
      expect(jitterOf(key)).toBeGreaterThanOrEqual(0);
      expect(jitterOf(key)).toBeLessThan(1);
    }
  });
});

describe("retryInPlace", () => {
  function failing(errors: unknown[]): { call: () => Promise<string>; calls: () => number } {
    let calls = 0;
    return {
      call: () => {
        const error = errors[calls++];
        return error === undefined ? Promise.resolve("answer") : Promise.reject(error);
      },
      calls: () => calls,
    };
  }

  it("retries transient errors with jittered waits inside the call bound, then answers", async () => {
    const waits: number[] = [];
    const reset = Object.assign(new Error("queued behind a reset"), { durableObjectReset: true });
    const flaky = failing([reset, reset]);
    const answer = await retryInPlace(flaky.call, { jitter: () => 0.75, sleep: async (ms) => void waits.push(ms) });
    expect(answer).toBe("answer");
    expect(flaky.calls()).toBe(3);
    expect(waits).toEqual([
      Math.floor(0.75 * backoffBoundMs(1, platformCallBackoff)),
      Math.floor(0.75 * backoffBoundMs(2, platformCallBackoff)),
    ]);
  });

  it("gives the last transient error up after the attempts", async () => {
    const lost = Object.assign(new Error("Network connection lost."), { retryable: true });
    const flaky = failing(Array.from({ length: 10 }, () => lost));
    await expect(retryInPlace(flaky.call, { jitter: () => 0, sleep: async () => {} })).rejects.toBe(lost);
    expect(flaky.calls()).toBe(platformCallBackoff.maxAttempts);
  });

  it("throws overloaded callees, poison pills and unclassified errors at once, without waiting", async () => {
    const errors = [
      Object.assign(new Error("Durable Object is overloaded."), { overloaded: true }),
      new TypeError("x is undefined"),
      new Error("?"),
    ];
    for (const error of errors) {
      const waits: number[] = [];
      const flaky = failing([error]);
      await expect(retryInPlace(flaky.call, { jitter: () => 0.5, sleep: async (ms) => void waits.push(ms) })).rejects.toBe(error);
      expect(flaky.calls()).toBe(1);
      expect(waits).toEqual([]);
    }
  });

  it("makes no further attempt once the caller has stopped (its deadline passed during the wait)", async () => {
    const reset = Object.assign(new Error("reset"), { durableObjectReset: true });
    const flaky = failing([reset, reset]);
    let stopped = false;
    const sleep = async (): Promise<void> => {
      stopped = true;
    };
    await expect(retryInPlace(flaky.call, { jitter: () => 0.5, sleep, stopped: () => stopped })).rejects.toBe(reset);
    expect(flaky.calls()).toBe(1);
  });
});
