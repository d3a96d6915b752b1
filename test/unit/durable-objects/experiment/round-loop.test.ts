import { describe, expect, it } from "vitest";
import { backoffBoundMs, stepOverloadedBackoff, stepTransientBackoff } from "../../../../core/engine/retry-policy.js";
import { experimentConfigSchema } from "../../../../core/contracts/experiment-config.js";
import type { ExperimentContext } from "../../../../durable-objects/experiment/experiment-context.js";
import { ExperimentMeta } from "../../../../durable-objects/experiment/experiment-meta.js";
import { RoundLoop } from "../../../../durable-objects/experiment/round-loop.js";

/**
 * The alarm site of the retry policy, without a runtime: a `meta` table in a Map, and every other
 * statement fails with the injected error - so the turns step fails on its first read.
 */
function harness(failWith: () => unknown) {
  const meta = new Map<string, string>();
  const rows = <T>(list: T[]) => ({ toArray: () => list, one: () => list[0] });
  const sql = {
    exec(query: string, ...bindings: unknown[]) {
      const key = String(bindings[0]);
      if (query.startsWith("SELECT value FROM meta")) return rows(meta.has(key) ? [{ value: meta.get(key) }] : []);
      if (query.startsWith("INSERT INTO meta")) meta.set(key, String(bindings[1]));
      else if (query.startsWith("DELETE FROM meta")) meta.delete(key);
      else throw failWith();
      return rows([]);
    },
  } as unknown as SqlStorage;
  const alarms: number[] = [];
  let nowMs = 1_000_000;
  const storage = {
    transactionSync: <T>(run: () => T): T => run(),
    setAlarm: async (at: number) => void alarms.push(at),
  } as unknown as DurableObjectStorage;
  const typed = new ExperimentMeta(sql);
  typed.set("id", "x0123456789ab");
  typed.set("config", experimentConfigSchema.parse({ agents: 4, rounds: 2 }));
  typed.set("status", "running");
  typed.set("cursor", { round: 1, phase: "turns" });
  const context = { storage, sql, meta: typed, env: {}, now: () => nowMs } as unknown as ExperimentContext;
  const loop = new RoundLoop(context);
  return {
    meta: typed,
    alarms,
    async step(): Promise<number> {
      nowMs += 10;
      await loop.runStep();
      return nowMs;
    },
  };
}

describe("round loop: the retry policy at the alarm", () => {
  // The platform's transient failures: its `retryable` flag, a call queued behind an object reset
  // (`durableObjectReset`), a deploy's reset, and a dropped connection known by its message alone.
  const transients = [
    { rule: "retryable flag", error: () => Object.assign(new Error("Network connection lost."), { retryable: true }) },
    {
      rule: "durableObjectReset flag",
      error: () => Object.assign(new Error("Durable Object reset because its code was updated."), { durableObjectReset: true }),
    },
    { rule: 'message "reset because its code was updated"', error: () => new Error("Durable Object reset because its code was updated.") },
    { rule: 'message "network connection lost"', error: () => new Error("Network connection lost.") },
  ];

  it.each(transients)(
    "re-arms a transient failure ($rule) within its backoff bound, and fails the run once the attempts are used up",
    async ({ rule, error }) => {
      const run = harness(error);
      for (let failures = 1; failures < stepTransientBackoff.maxAttempts; failures++) {
        const started = await run.step();
        expect(run.meta.get("failedSteps")).toBe(failures);
        expect(run.meta.get("status")).toBe("running");
        const delay = (run.alarms.at(-1) ?? -1) - started;
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(backoffBoundMs(failures, stepTransientBackoff));
      }
      await run.step();
      expect(run.meta.get("status")).toBe("failed");
      expect(run.meta.get("reason")).toBe(`round 1 failed 5 times (transient, ${rule}): ${String(error())}`);
      expect(run.alarms).toHaveLength(stepTransientBackoff.maxAttempts - 1);
    },
  );

  it("backs an overloaded step off for at least half its bound, never at once", async () => {
    const run = harness(() => Object.assign(new Error("Durable Object is overloaded. Too many requests queued."), { overloaded: true }));
    for (let failures = 1; failures <= 3; failures++) {
      const started = await run.step();
      const delay = (run.alarms.at(-1) ?? -1) - started;
      expect(delay).toBeGreaterThanOrEqual(backoffBoundMs(failures, stepOverloadedBackoff) / 2);
      expect(delay).toBeLessThanOrEqual(backoffBoundMs(failures, stepOverloadedBackoff));
    }
    expect(run.meta.get("status")).toBe("running");
    expect(run.meta.get("lastError")).toBe("Error: Durable Object is overloaded. Too many requests queued.");
  });

  it("fails the run on the first poison pill, with the reason, and arms nothing", async () => {
    const run = harness(() => new TypeError("Cannot read properties of undefined (reading 'writer')"));
    await run.step();
    expect(run.meta.get("status")).toBe("failed");
    expect(run.meta.get("failedSteps")).toBe(1);
    expect(run.meta.get("reason")).toBe(
      "round 1 failed at once, a poison pill (TypeError): TypeError: Cannot read properties of undefined (reading 'writer')",
    );
    expect(run.alarms).toEqual([]);
  });
});
