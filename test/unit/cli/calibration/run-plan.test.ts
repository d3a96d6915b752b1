import { describe, expect, it } from "vitest";
import { calibrationConfig } from "../../../../cli/calibration/run-config.js";
import { planCalibration } from "../../../../cli/calibration/run-plan.js";
import type { CalibrationPlanOptions } from "../../../../cli/calibration/run-plan.js";
import { isTuningSeed } from "../../../../cli/calibration/seed-sets.js";

const defaults: CalibrationPlanOptions = {
  sizes: [1000, 300],
  rounds: 168,
  nullSeeds: 20,
  controlSeeds: 5,
  doseAgents: 300,
  strengths: [0, 0.25, 0.5, 1],
  doseReplicates: 3,
};

describe("planCalibration", () => {
  const runs = planCalibration(defaults);
  const count = (family: string, agents: number): number => runs.filter((r) => r.family.name === family && r.agents === agents).length;

  it("has 20 knobs-off seeds per size, 5 seeds per control per size, and 3 replicates per knob and non-zero strength", () => {
    // 2 sizes x 20 + 5 controls x 2 sizes x 5 + socialized 2 x 5 + 4 knobs x 3 strengths x 3 = 136
    expect(runs.length).toBe(136);
    for (const agents of [300, 1000]) {
      expect(count("knobs-off", agents)).toBe(20);
      for (const family of ["author-appeal", "position-bias", "appeal-and-position", "memory-off", "private-recall", "socialized"])
        expect(count(family, agents)).toBe(5);
    }
    expect(runs.filter((r) => r.dose !== null).length).toBe(36);
    expect(runs.some((r) => r.dose?.strength === 0)).toBe(false);
    expect(runs.filter((r) => r.dose?.knob === "partnerImitation" && r.dose.strength === 0.5).map((r) => r.seed)).toEqual([
      1001, 1002, 1003,
    ]);
  });

  it("turns citation memory off only in the private-recall control", () => {
    const recall = runs.find((r) => r.family.name === "private-recall");
    const knobsOff = runs.find((r) => r.family.name === "knobs-off");
    if (!recall || !knobsOff) throw new Error("families");
    const config = calibrationConfig(recall);
    expect(config.memory.rememberCitations).toBe(false);
    expect(config.knobs.memoryReferences).toBe(1);
    expect(calibrationConfig(knobsOff).memory.rememberCitations).toBe(true);
  });

  it("uses evaluation seeds only, unique labels, 168 rounds, smaller populations first", () => {
    expect(runs.every((r) => r.seed >= 1001 && !isTuningSeed(r.seed))).toBe(true);
    expect(new Set(runs.map((r) => r.label)).size).toBe(runs.length);
    expect(runs.every((r) => r.rounds === 168)).toBe(true);
    expect(runs.findIndex((r) => r.agents === 1000)).toBe(runs.filter((r) => r.agents === 300).length);
    expect(runs.filter((r) => r.family.name === "knobs-off" && r.agents === 300).map((r) => r.seed)).toEqual(
      Array.from({ length: 20 }, (_, i) => 1001 + i),
    );
  });

  it("adds the knobs-off runs strength 0 reads when the dose size is not a calibration size", () => {
    const plan = planCalibration({ ...defaults, sizes: [1000], doseAgents: 150, nullSeeds: 2, doseReplicates: 3 });
    expect(plan.filter((r) => r.family.name === "knobs-off" && r.agents === 150).map((r) => r.seed)).toEqual([1001, 1002, 1003]);
  });
});

describe("calibrationConfig", () => {
  const runs = planCalibration({ ...defaults, sizes: [300] });
  const first = (family: string) => {
    const run = runs.find((r) => r.family.name === family);
    if (!run) throw new Error(`no ${family} run`);
    return calibrationConfig(run);
  };

  it("turns both negative-control knobs on and every social knob off for appeal-and-position", () => {
    const config = first("appeal-and-position");
    expect(config.knobs).toEqual({
      feedbackLearning: 0,
      partnerImitation: 0,
      memoryReferences: 0,
      preferentialAttention: 0,
      authorAppeal: 1,
      positionBias: 1,
    });
    expect(config.agents).toBe(300);
    expect(config.rounds).toBe(168);
    expect(config.seed).toBe(1001);
  });

  it("keeps the socialized knobs and switches memory off for memory-off", () => {
    const config = first("memory-off");
    expect(config.memory.enabled).toBe(false);
    expect(config.knobs.feedbackLearning).toBe(0.8);
    expect(config.knobs.memoryReferences).toBe(0.6);
  });

  it("sets one knob to its strength for a dose run", () => {
    const run = runs.find((r) => r.dose?.knob === "memoryReferences" && r.dose.strength === 0.25);
    if (!run) throw new Error("no dose run");
    expect(calibrationConfig(run).knobs).toMatchObject({ memoryReferences: 0.25, feedbackLearning: 0, preferentialAttention: 0 });
  });
});
