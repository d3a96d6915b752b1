import { describe, expect, it } from "vitest";
import { callTurnWithRetry } from "../../../../durable-objects/coordinator/turn-call.js";
import { DeadlineExceeded } from "../../../../core/util/concurrency.js";

const objectReset = (): Error => Object.assign(new Error("reset"), { durableObjectReset: true });
const overloaded = (): Error => Object.assign(new Error("Durable Object is overloaded"), { overloaded: true });

/** A call that fails with the given errors, in order, then answers "turn". */
function failing(...errors: Error[]): { call: () => Promise<string>; calls: () => number } {
  let n = 0;
  return {
    call: () => {
      const error = errors[n++];
      return error ? Promise.reject(error) : Promise.resolve("turn");
    },
    calls: () => n,
  };
}

describe("a turn call under the engine's retry policy", () => {
  it("repeats a call queued behind an object reset", async () => {
    const turn = failing(objectReset());
    expect(await callTurnWithRetry("e:1:turn:a0", turn.call, 5_000)).toBe("turn");
    expect(turn.calls()).toBe(2);
  });

  it("repeats a lost connection (a transient message without flags)", async () => {
    const turn = failing(new Error("Network connection lost."), objectReset());
    expect(await callTurnWithRetry("e:1:turn:a1", turn.call, 5_000)).toBe("turn");
    expect(turn.calls()).toBe(3);
  });

  it("gives up after three attempts in all (the policy's in-place bound)", async () => {
    const turn = failing(objectReset(), objectReset(), objectReset(), objectReset());
    await expect(callTurnWithRetry("e:1:turn:a2", turn.call, 5_000)).rejects.toThrow("reset");
    expect(turn.calls()).toBe(3);
  });

  it("never repeats an overloaded agent in place", async () => {
    const turn = failing(overloaded());
    await expect(callTurnWithRetry("e:1:turn:a3", turn.call, 5_000)).rejects.toThrow("overloaded");
    expect(turn.calls()).toBe(1);
  });

  it("never repeats a poison pill", async () => {
    const turn = failing(new TypeError("bug"));
    await expect(callTurnWithRetry("e:1:turn:a4", turn.call, 5_000)).rejects.toThrow(TypeError);
    expect(turn.calls()).toBe(1);
  });

  it("calls no more once the deadline has passed, even with retries left", async () => {
    const started: number[] = [];
    const slowReset = (): Promise<string> => {
      started.push(Date.now());
      return new Promise((_, reject) => setTimeout(() => reject(objectReset()), 20));
    };
    const begun = Date.now();
    await expect(callTurnWithRetry("e:1:turn:a6", slowReset, 30)).rejects.toBeInstanceOf(DeadlineExceeded);
    const deadlineAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(deadlineAt - begun).toBeGreaterThanOrEqual(29);
    expect(started.every((t) => t < deadlineAt)).toBe(true);
    expect(started.length).toBeLessThanOrEqual(2);
  });

  it("fails with DeadlineExceeded when no answer comes within the deadline", async () => {
    await expect(callTurnWithRetry("e:1:turn:a5", () => new Promise<string>(() => {}), 5)).rejects.toBeInstanceOf(DeadlineExceeded);
  });
});
