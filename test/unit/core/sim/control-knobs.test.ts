import { describe, expect, it } from "vitest";
import { authorAppealWeight, positionWeight } from "../../../../core/sim/control-knobs.js";

describe("positionWeight (knobs.positionBias)", () => {
  it("is 1 at strength 0 whatever the rank", () => {
    expect(positionWeight(0, 0)).toBe(1);
    expect(positionWeight(11, 0)).toBe(1);
  });
  it("falls as (1 + rank)^-1.5 at strength 1", () => {
    expect(positionWeight(0, 1)).toBe(1);
    // 4^-1.5 = 1/8; 12^-1.5 = 1 / 41.569...
    expect(positionWeight(3, 1)).toBeCloseTo(0.125, 12);
    expect(positionWeight(11, 1)).toBeCloseTo(1 / 41.569219, 6);
    // half strength: 4^-0.75 = 1 / 2.828...
    expect(positionWeight(3, 0.5)).toBeCloseTo(1 / Math.SQRT2 / 2, 12);
  });
});

describe("authorAppealWeight (knobs.authorAppeal)", () => {
  it("is 1 at strength 0 and the same for an author on every call", () => {
    expect(authorAppealWeight(7, "a01", 0)).toBe(1);
    expect(authorAppealWeight(7, "a01", 1)).toBe(authorAppealWeight(7, "a01", 1));
  });
  it("is lognormal with log-sd 1.5 at strength 1 over many authors", () => {
    const logs = Array.from({ length: 4000 }, (_, i) => Math.log(authorAppealWeight(3, `agent-${i}`, 1)));
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1));
    // standard errors: 1.5 / sqrt(4000) ~ 0.024 for the mean, ~0.017 for the sd
    expect(Math.abs(mean)).toBeLessThan(0.08);
    expect(sd).toBeGreaterThan(1.44);
    expect(sd).toBeLessThan(1.56);
  });
  it("scales the log-appeal linearly with strength", () => {
    const full = Math.log(authorAppealWeight(5, "b9", 1));
    expect(Math.log(authorAppealWeight(5, "b9", 0.5))).toBeCloseTo(full / 2, 10);
  });
});
