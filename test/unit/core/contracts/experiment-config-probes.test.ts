import { describe, expect, it } from "vitest";
import {
  defaultPublicProbeEveryRounds,
  experimentConfigSchema,
  publicProbePeriodRounds,
} from "../../../../core/contracts/experiment-config.js";

describe("public probe default", () => {
  it("is on (once a period) in runs of at least two periods, off in shorter ones", () => {
    expect(publicProbePeriodRounds).toBe(24);
    expect(defaultPublicProbeEveryRounds(47)).toBe(0);
    expect(defaultPublicProbeEveryRounds(48)).toBe(24);
    expect(experimentConfigSchema.parse({ agents: 10, rounds: 12 }).probes.publicEveryRounds).toBe(0);
    expect(experimentConfigSchema.parse({ agents: 10, rounds: 168 }).probes.publicEveryRounds).toBe(24);
  });

  it("keeps a value the config sets, and a stored config parses to the same probes", () => {
    expect(experimentConfigSchema.parse({ agents: 10, rounds: 168, probes: { publicEveryRounds: 0 } }).probes.publicEveryRounds).toBe(0);
    expect(experimentConfigSchema.parse({ agents: 10, rounds: 12, probes: { publicEveryRounds: 6 } }).probes.publicEveryRounds).toBe(6);
    const stored = experimentConfigSchema.parse({ agents: 10, rounds: 168 });
    expect(experimentConfigSchema.parse(JSON.parse(JSON.stringify(stored))).probes).toEqual(stored.probes);
  });
});
