import { describe, expect, it } from "vitest";
import { callTurnWithRetry } from "../../../../durable-objects/coordinator/turn-call.js";
import { DeadlineExceeded } from "../../../../core/util/concurrency.js";

const objectReset = (): Error => Object.assign(new Error("reset"), { durableObjectReset: true });

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

describe("a turn call with its retries", () => {
  it("repeats a call once after an object reset", async () => {
    const turn = failing(objectReset());
    expect(await callTurnWithRetry(turn.call, 1_000)).toBe("turn");
    expect(turn.calls()).toBe(2);
  });

  it("gives up after a second reset", async () => {
    const turn = failing(objectReset(), objectReset());
    await expect(callTurnWithRetry(turn.call, 1_000)).rejects.toThrow("reset");
    expect(turn.calls()).toBe(2);
  });

  it("never repeats any other error", async () => {
    const turn = failing(new TypeError("bug"));
    await expect(callTurnWithRetry(turn.call, 1_000)).rejects.toThrow(TypeError);
    expect(turn.calls()).toBe(1);
  });

  it("fails with DeadlineExceeded when no answer comes within the deadline", async () => {
    await expect(callTurnWithRetry(() => new Promise<string>(() => {}), 5)).rejects.toBeInstanceOf(DeadlineExceeded);
  });
});
