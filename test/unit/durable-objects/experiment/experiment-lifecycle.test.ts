import { describe, expect, it } from "vitest";
import {
  applyLifecycleEvent,
  canApply,
  LifecycleConflict,
  lifecycleEvents,
  nextStatus,
  noStatus,
} from "../../../../durable-objects/experiment/experiment-lifecycle.js";
import { experimentStatuses } from "../../../../core/contracts/experiment-status.js";
import type { ExperimentStatus } from "../../../../core/contracts/experiment-status.js";

describe("experiment lifecycle table", () => {
  it("creates an experiment from no status, and only from there", () => {
    expect(nextStatus(noStatus, "create")).toBe("created");
    for (const from of experimentStatuses) expect(canApply(from, "create")).toBe(false);
    expect(() => nextStatus("created", "create")).toThrow("cannot create an experiment that is created");
    for (const event of lifecycleEvents) expect(canApply(noStatus, event)).toBe(event === "create");
    expect(() => nextStatus(noStatus, "start")).toThrow("cannot start an experiment that does not exist");
  });

  it("moves through the operator's verbs", () => {
    expect(nextStatus("created", "start")).toBe("running");
    expect(nextStatus("running", "pause")).toBe("paused");
    expect(nextStatus("paused", "resume")).toBe("running");
    expect(nextStatus("failed", "resume")).toBe("running");
    expect(nextStatus("running", "resume")).toBe("running");
    for (const from of ["created", "running", "paused", "failed"] as const) expect(nextStatus(from, "stop")).toBe("stopped");
  });

  it("moves through the round loop's events", () => {
    expect(nextStatus("running", "finish")).toBe("finished");
    expect(nextStatus("running", "fail")).toBe("failed");
    expect(nextStatus("running", "halt")).toBe("paused");
    expect(nextStatus("running", "budgetCap")).toBe("paused");
    // A step in flight when the operator paused still ends the way it ends.
    expect(nextStatus("paused", "fail")).toBe("failed");
    expect(nextStatus("paused", "finish")).toBe("finished");
  });

  it("refuses every other move with a clear error", () => {
    expect(() => nextStatus("created", "pause")).toThrow("cannot pause an experiment that is created");
    expect(() => nextStatus("finished", "resume")).toThrow(LifecycleConflict);
    expect(() => nextStatus("stopped", "finish")).toThrow("cannot finish an experiment that is stopped");
    for (const from of ["finished", "stopped"] as const) {
      for (const event of lifecycleEvents) expect(canApply(from, event)).toBe(false);
    }
    let legal = 0;
    for (const from of experimentStatuses) for (const event of lifecycleEvents) if (canApply(from, event)) legal++;
    expect(legal).toBe(16);
  });

  it("writes the new status to its store, and nothing on a refused move", () => {
    let status: ExperimentStatus | undefined;
    const store = { get: () => status, set: (_: "status", value: ExperimentStatus) => void (status = value) };
    expect(() => applyLifecycleEvent(store, "start")).toThrow(LifecycleConflict);
    expect(status).toBeUndefined();
    expect(applyLifecycleEvent(store, "create")).toBe("created");
    expect(status).toBe("created");
    expect(() => applyLifecycleEvent(store, "create")).toThrow("cannot create an experiment that is created");
    expect(applyLifecycleEvent(store, "start")).toBe("running");
    expect(status).toBe("running");
    expect(() => applyLifecycleEvent(store, "start")).toThrow("cannot start an experiment that is running");
    expect(status).toBe("running");
  });
});
