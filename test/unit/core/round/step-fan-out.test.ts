import { describe, expect, it } from "vitest";
import { experimentConfigSchema } from "../../../../core/contracts/experiment-config.js";
import { localCoordinatorsPerStep } from "../../../../core/tunables.js";
import { stepFanOut } from "../../../../core/round/step-fan-out.js";

const config = (agents: number, scale: Record<string, number> = {}) => experimentConfigSchema.parse({ agents, rounds: 3, scale });

describe("one alarm step's fan-out", () => {
  it("is the config's on Cloudflare, where no live-object budget is set", () => {
    const c = config(10_000);
    expect(stepFanOut("", c)).toEqual({
      coordinatorsPerStep: c.scale.coordinatorsPerAlarm,
      turnsInFlight: c.scale.turnsInFlightPerCoordinator,
      evictAfterTurn: false,
    });
    expect(stepFanOut(undefined, c).evictAfterTurn).toBe(false);
  });

  it("drives fewer coordinators per step locally and keeps their turns within the budget", () => {
    const c = config(10_000, { coordinatorsPerAlarm: 8, turnsInFlightPerCoordinator: 4_000 });
    const local = stepFanOut("1500", c);
    expect(local.coordinatorsPerStep).toBe(localCoordinatorsPerStep);
    expect(local.evictAfterTurn).toBe(true);
    // Agents in flight plus the shards, coordinators and experiment never exceed the budget.
    expect(local.coordinatorsPerStep * local.turnsInFlight + c.scale.shards + local.coordinatorsPerStep + 1).toBeLessThanOrEqual(1500);
    expect(local.turnsInFlight).toBeGreaterThan(100);
  });

  it("never drives more coordinators than the run has or the config allows", () => {
    expect(stepFanOut("1500", config(300)).coordinatorsPerStep).toBe(1);
    expect(stepFanOut("1500", config(10_000, { coordinatorsPerAlarm: 1 })).coordinatorsPerStep).toBe(1);
  });
});
