import { describe, expect, it } from "vitest";
import { summarizeAcrossSeeds } from "../../../../cli/calibration/seed-summary.js";
import type { VerdictCell } from "../../../../cli/calibration/seed-summary.js";

describe("summarizeAcrossSeeds", () => {
  it("averages each component over the seeds, never the deciding component's effect across components", () => {
    // Run 1 is decided by persistence (0.1), run 2 by concentration (0.03): averaging the deciding
    // effects would give 0.065, a number in no unit.
    const runs: VerdictCell[][] = [
      [{ metric: "influence", verdict: "absent", effect: 0.1, components: [{ name: "persistence", effect: 0.1 }, { name: "concentration", effect: 0.01 }] }],
      [{ metric: "influence", verdict: "inconclusive", effect: 0.03, components: [{ name: "persistence", effect: 0.3 }, { name: "concentration", effect: 0.03 }] }],
    ];
    const [influence] = summarizeAcrossSeeds(runs);
    expect(influence?.effects.map((e) => e.component)).toEqual(["persistence", "concentration"]);
    expect(influence?.effects[0]?.effect?.mean).toBeCloseTo(0.2, 12);
    expect(influence?.effects[1]?.effect?.mean).toBeCloseTo(0.02, 12);
    expect(influence?.counts).toMatchObject({ absent: 1, inconclusive: 1, emerged: 0 });
  });
});
