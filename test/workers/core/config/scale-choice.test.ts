import { describe, expect, it } from "vitest";
import { z } from "zod";
import { chooseScale, experimentConfigSchema } from "../../../../core/contracts/experiment-config.js";
import { api, createExperiment } from "../../helpers.js";

describe("scale chosen from N", () => {
  it("keeps the long-standing small settings up to 10,000 agents and grows beyond", () => {
    expect(chooseScale(300, {})).toEqual({ shards: 1, agentsPerCoordinator: 500, coordinatorsPerAlarm: 8 });
    expect(chooseScale(10_000, {})).toEqual({ shards: 1, agentsPerCoordinator: 500, coordinatorsPerAlarm: 8 });
    expect(chooseScale(100_000, {})).toEqual({ shards: 10, agentsPerCoordinator: 500, coordinatorsPerAlarm: 13 });
    expect(chooseScale(1_000_000, {})).toEqual({ shards: 64, agentsPerCoordinator: 1_000, coordinatorsPerAlarm: 63 });
    expect(chooseScale(10_000_000, {})).toEqual({ shards: 64, agentsPerCoordinator: 10_000, coordinatorsPerAlarm: 63 });
  });

  it("never overrides what a config sets, and a stored config parses to the same scale", async () => {
    expect(chooseScale(100_000, { shards: 3, coordinatorsPerAlarm: 2 })).toEqual({
      shards: 3,
      agentsPerCoordinator: 500,
      coordinatorsPerAlarm: 2,
    });
    const parsed = experimentConfigSchema.parse({ agents: 100_000, rounds: 1, scale: { agentsPerCoordinator: 2_000 } });
    expect(parsed.scale).toMatchObject({ shards: 10, agentsPerCoordinator: 2_000, coordinatorsPerAlarm: 8 });
    expect(experimentConfigSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);

    const id = await createExperiment({ agents: 20_000, rounds: 1 });
    const response = await api(`/api/experiments/${id}/config`);
    const { config } = z.object({ config: experimentConfigSchema }).parse(await response.json());
    expect(config.scale).toMatchObject({ shards: 2, agentsPerCoordinator: 500, coordinatorsPerAlarm: 8 });
  });
});
