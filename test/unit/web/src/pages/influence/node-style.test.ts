import { describe, expect, it } from "vitest";
import { absentSize, agentLabel, edgeSize, nodeSize, sizeScale } from "../../../../../../web/src/pages/influence/node-style.js";

describe("nodeSize", () => {
  it("draws an absent node as a dot and an average one at 1.5 + 1.6", () => {
    expect(nodeSize(Number.NaN, 100)).toBe(absentSize);
    // PageRank 1/100 among 100 present nodes: sqrt(1) = 1.
    expect(nodeSize(0.01, 100)).toBeCloseTo(3.1, 10);
    // Four times the average PageRank doubles the radius term: 1.5 + 1.6 * 2.
    expect(nodeSize(0.04, 100)).toBeCloseTo(4.7, 10);
    // A node holding all the mass of 10,000 is capped.
    expect(nodeSize(1, 10_000)).toBe(18);
    expect(nodeSize(0.01, 100, 2)).toBeCloseTo(6.2, 10);
    expect(nodeSize(Number.NaN, 100, 2)).toBe(2 * absentSize);
  });
});

describe("sizeScale", () => {
  it("enlarges small graphs up to threefold and leaves crowds alone", () => {
    expect(sizeScale(30)).toBe(3);
    // sqrt(1,500 / 375) = 2.
    expect(sizeScale(375)).toBe(2);
    expect(sizeScale(5_000)).toBe(1);
  });
});

describe("edgeSize", () => {
  it("grows with the square root of the comments, capped at 6", () => {
    expect(edgeSize(1)).toBeCloseTo(1.1, 10);
    expect(edgeSize(16)).toBeCloseTo(2.6, 10);
    expect(edgeSize(10_000)).toBe(6);
  });
});

describe("agentLabel", () => {
  it("shows name and id, or the id alone when there is no other name", () => {
    expect(agentLabel({ id: "a0007", name: "CobaltFalcon7" })).toBe("CobaltFalcon7 (a0007)");
    expect(agentLabel({ id: "a0007" })).toBe("a0007");
    expect(agentLabel({ id: "someone", name: "someone" })).toBe("someone");
  });
});
