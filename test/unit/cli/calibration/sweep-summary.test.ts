import { describe, expect, it } from "vitest";
import { renderSweep } from "../../../../cli/commands/sweep.js";
import { summarizeSweep, sweepSchema, sweepTable } from "../../../../cli/calibration/sweep-summary.js";
import type { SweepPoint } from "../../../../cli/calibration/sweep-summary.js";

function point(agents: number, seed: number, verdict: "emerged" | "absent" | "inconclusive", effect: number | null): SweepPoint {
  return {
    agents,
    seed,
    experimentId: `e-${agents}-${seed}`,
    dir: `/tmp/agents-${agents}/seed-${seed}`,
    verdicts: [
      {
        metric: "influence",
        verdict,
        effect,
        ci: effect === null ? null : [effect - 0.1, effect + 0.1],
        delta: 0.05,
        n: 100,
        reason: "hand-made",
      },
    ],
    actions: 1000 + seed,
  };
}

describe("summarizeSweep", () => {
  const points = [
    point(100, 1, "emerged", 1),
    point(100, 2, "absent", 2),
    point(100, 3, "emerged", 3),
    point(400, 1, "inconclusive", null),
  ];
  const sizes = summarizeSweep(points);

  it("counts each verdict per size and gives the mean effect with a t interval across seeds", () => {
    const [small, large] = sizes;
    expect(small?.agents).toBe(100);
    expect(small?.seeds).toEqual([1, 2, 3]);
    const influence = small?.diagnostics[0];
    expect(influence?.counts).toMatchObject({ emerged: 2, absent: 1, inconclusive: 0 });
    // effects 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.3027 -> 2 +- 4.3027 / sqrt(3) = 2 +- 2.4841
    const [effect] = influence?.effects ?? [];
    expect(effect?.component).toBe("effect");
    expect(effect?.effect?.mean).toBeCloseTo(2, 12);
    expect(effect?.effect?.ci?.[0]).toBeCloseTo(2 - 2.48413771, 6);
    expect(effect?.effect?.ci?.[1]).toBeCloseTo(2 + 2.48413771, 6);
    expect(large?.diagnostics[0]?.counts).toMatchObject({ inconclusive: 1 });
    expect(large?.diagnostics[0]?.effects).toEqual([{ component: "effect", effect: null }]);
  });

  it("validates as sweep.json and prints one table row per diagnostic per size", () => {
    expect(() => sweepSchema.parse({ preset: "socialized", seeds: [1, 2, 3], points, sizes })).not.toThrow();
    const table = sweepTable(sizes).split("\n");
    expect(table).toHaveLength(3);
    expect(table[1]).toMatch(/^influence\s+100\s+1-3\s.*2 \[-0\.484, 4\.48\]$/);
    expect(table[2]).toMatch(/^influence\s+400\s+1\s.*-$/);
  });

  it("plots the mean across seeds with its t interval when replicated, the single run's CI otherwise", () => {
    const replicated = renderSweep(points, summarizeSweep(points), "socialized");
    // The three seeds at 100 agents are one point: mean 2, t interval 2 +- 2.4841 (as above).
    expect(replicated).toContain("socialized - N 100, 3 seeds: 2 [-0.484, 4.48] (95 % t interval over seeds); emerged 2, absent 1");
    // 400 agents has no effect: no point is drawn for it, and its verdict is still listed.
    expect(replicated.match(/class="effect-point"/g)).toHaveLength(1);
    expect(replicated).toContain("100: 2 emerged, 1 absent");
    const single = renderSweep([point(100, 1, "emerged", 1), point(400, 1, "absent", 0)]);
    expect(single).toContain("N 100, seed 1: 1 [0.9, 1.1] (bootstrap 95 % CI); emerged 1");
    expect(single).toContain("N 400, seed 1: 0 [-0.1, 0.1] (bootstrap 95 % CI); absent 1");
    // N is labelled in agents on the axis, never in log10 units; the delta band is drawn.
    expect(single).toContain(">400</text>");
    expect(single).not.toContain("log10");
    expect(single).toContain('class="delta-band"');
    expect(single).toContain("100: emerged · 400: absent");
  });
});
