import { describe, expect, it } from "vitest";
import {
  edgePlan,
  fullBudget,
  gestureBudget,
  hairlineAlpha,
  mayCrossCanvas,
  wideLineWidth,
} from "../../../../../../web/src/pages/influence/edge-plan.js";
import type { Edge } from "../../../../../../web/src/pages/influence/graph-view.js";

const heaviestFirst: Edge[] = [
  [0, 1, 9],
  [1, 2, 4],
  [2, 0, 3],
  [0, 2, 2],
  [1, 0, 1],
];

describe("edgePlan", () => {
  it("keeps the heaviest edges within the budget, the head of those with 3+ comments wide", () => {
    expect(edgePlan(heaviestFirst, { edges: 4, wide: 2 })).toEqual({ limit: 4, wideEnd: 2 });
    expect(edgePlan(heaviestFirst, { edges: 10, wide: 10 })).toEqual({ limit: 5, wideEnd: 3 });
    expect(edgePlan(heaviestFirst, { edges: 1, wide: 10 })).toEqual({ limit: 1, wideEnd: 1 });
    expect(edgePlan([], fullBudget)).toEqual({ limit: 0, wideEnd: 0 });
  });

  it("draws fewer edges during a gesture", () => {
    expect(fullBudget).toEqual({ edges: 20_000, wide: 600 });
    expect(gestureBudget).toEqual({ edges: 4000, wide: 150 });
  });
});

describe("edge style", () => {
  it("hairline alpha is 0.22 sqrt(comments) in 0.05 steps, at most 0.6", () => {
    expect(hairlineAlpha(1)).toBe(0.2); // round(4.4) / 20
    expect(hairlineAlpha(4)).toBe(0.45); // round(8.8) / 20
    expect(hairlineAlpha(16)).toBe(0.6); // 0.9 capped
  });

  it("wide edges are 0.7 sqrt(comments) px, at most 6", () => {
    expect(wideLineWidth(4)).toBeCloseTo(1.4, 12);
    expect(wideLineWidth(100)).toBe(6);
  });

  it("skips a segment only when both ends are beyond the same side", () => {
    expect(mayCrossCanvas(-5, 10, -1, 90, 100, 100)).toBe(false);
    expect(mayCrossCanvas(10, 101, 90, 150, 100, 100)).toBe(false);
    expect(mayCrossCanvas(-5, 50, 105, 50, 100, 100)).toBe(true);
    expect(mayCrossCanvas(-5, -5, 50, 50, 100, 100)).toBe(true);
  });
});
