import { describe, expect, it } from "vitest";
import { flattenConfig, groupByCondition } from "../../../../report/comparison/conditions.js";
import { comparisonPanels } from "../../../../report/comparison/effect-points.js";

const base = { name: "x", seed: 1, agents: 100, rounds: 24, knobs: { feedbackLearning: 0, authorAppeal: 0 }, scale: { shards: 2 } };

function run(id: string, agents: number, seed: number, knobs: Record<string, number>, effect: number, ci: readonly [number, number]) {
  return {
    id,
    name: `run ${id}`,
    agents,
    seed,
    config: { ...base, name: `run ${id}`, agents, seed, knobs, scale: { shards: agents / 50 } },
    report: {
      verdicts: [
        {
          metric: "influence",
          verdict: "absent" as const,
          effect,
          ci,
          delta: 0.02,
          n: agents,
          reason: "hand-made",
          components: [{ name: "concentration", effect, ci95: ci, ci90: ci, delta: 0.02, p: 0.5, n: agents }],
        },
      ],
      rules: [{ metric: "influence", components: [{ name: "concentration", delta: 0.02, unit: "share of PageRank mass" }] }],
    },
  };
}

describe("conditions of a comparison", () => {
  it("flattens a config to dotted leaves, leaving out name, seed, agents and scale", () => {
    expect([...flattenConfig(base).entries()]).toEqual([
      ["rounds", "24"],
      ["knobs.feedbackLearning", "0"],
      ["knobs.authorAppeal", "0"],
    ]);
  });

  it("groups runs by the fields they set differently, never by size or seed", () => {
    const off = { feedbackLearning: 0, authorAppeal: 0 };
    const appeal = { feedbackLearning: 0, authorAppeal: 1 };
    const runs = [
      run("a", 100, 1, off, 0.01, [0, 0.02]),
      run("b", 100, 2, off, 0.03, [0.02, 0.04]),
      run("c", 400, 1, off, 0.02, [0.01, 0.03]),
      run("d", 100, 1, appeal, 0.05, [0.04, 0.06]),
      run("e", 100, 2, appeal, 0.07, [0.06, 0.08]),
    ];
    const groups = groupByCondition(runs);
    expect(groups.differing).toEqual(["knobs.authorAppeal"]);
    expect(groups.conditions.map((c) => [c.label, c.runs.map((r) => r.id)])).toEqual([
      ["knobs.authorAppeal 0", ["a", "b", "c"]],
      ["knobs.authorAppeal 1", ["d", "e"]],
    ]);
    const [panel] = comparisonPanels(groups);
    expect(panel?.unit).toBe("share of PageRank mass");
    expect(panel?.delta).toBe(0.02);
    const [offSeries, appealSeries] = panel?.series ?? [];
    // Two seeds at 100 agents: mean 0.02, sd 0.014142; t(0.975, 1) = 12.7062 -> 0.02 +- 0.127062.
    expect(offSeries?.points[0]?.agents).toBe(100);
    expect(offSeries?.points[0]?.seeds).toEqual([1, 2]);
    expect(offSeries?.points[0]?.estimate).toBeCloseTo(0.02, 12);
    expect(offSeries?.points[0]?.ci?.[1]).toBeCloseTo(0.02 + 0.127062047, 6);
    expect(offSeries?.points[0]?.interval).toBe("over seeds");
    // One seed at 400 agents keeps its own bootstrap interval.
    expect(offSeries?.points[1]).toMatchObject({
      agents: 400,
      estimate: 0.02,
      ci: [0.01, 0.03],
      interval: "bootstrap",
      verdicts: { absent: 1 },
    });
    expect(appealSeries?.points).toHaveLength(1);
    expect(appealSeries?.points[0]?.estimate).toBeCloseTo(0.06, 12);
  });

  it("calls identical configs one condition, and a knob set in one config only a difference", () => {
    const same = groupByCondition([
      run("a", 100, 1, { feedbackLearning: 0 }, 0, [0, 0]),
      run("b", 400, 2, { feedbackLearning: 0 }, 0, [0, 0]),
    ]);
    expect(same.conditions.map((c) => c.label)).toEqual(["every run's config"]);
    expect(groupByCondition([{ ...run("a", 100, 1, {}, 0, [0, 0]), name: "socialized (100 agents)" }]).conditions[0]?.label).toBe(
      "socialized",
    );
    const unset = groupByCondition([
      run("a", 100, 1, { feedbackLearning: 0 }, 0, [0, 0]),
      run("b", 100, 1, { feedbackLearning: 0, positionBias: 1 }, 0, [0, 0]),
    ]);
    expect(unset.conditions.map((c) => c.differences)).toEqual([["knobs.positionBias unset"], ["knobs.positionBias 1"]]);
    // Runs named by a sweep ("preset (N agents, seed S)") are labelled by that name when it tells
    // the conditions apart.
    expect(unset.conditions.map((c) => c.label)).toEqual(["run a", "run b"]);
  });

  it("names conditions by their runs' common name, else by up to two differences, else by letter", () => {
    const named = (id: string, name: string, knobs: Record<string, number>) => ({ ...run(id, 100, 1, knobs, 0, [0, 0]), name });
    const sweep = groupByCondition([
      named("a", "socialized (100 agents, seed 1)", { a: 1, b: 1, c: 1 }),
      named("b", "socialized (100 agents, seed 2)", { a: 1, b: 1, c: 1 }),
      named("c", "moltbook-like (100 agents, seed 1)", { a: 0, b: 0, c: 0 }),
    ]);
    expect(sweep.conditions.map((c) => c.label)).toEqual(["socialized", "moltbook-like"]);
    const mixed = groupByCondition([
      named("a", "x", { a: 1, b: 1, c: 1 }),
      named("b", "y", { a: 1, b: 1, c: 1 }),
      named("c", "z", { a: 0, b: 0, c: 0 }),
    ]);
    expect(mixed.conditions.map((c) => c.label)).toEqual(["condition A", "condition B"]);
    expect(mixed.conditions[1]?.differences).toEqual(["knobs.a 0", "knobs.b 0", "knobs.c 0"]);
  });
});
