import { describe, expect, it } from "vitest";
import { fitDiscretePowerLaw, hurwitzZeta } from "../../../../analysis/stats/power-law.js";

// Expected values computed independently with scipy 1.17 (scipy.special.zeta(s, q) and a bounded
// scalar minimisation of the discrete likelihood), not with the code under test.
describe("hurwitzZeta", () => {
  it("matches scipy's Hurwitz zeta", () => {
    expect(hurwitzZeta(1.5, 1)).toBeCloseTo(2.61237534868549, 11);
    expect(hurwitzZeta(1.7, 3)).toBeCloseTo(0.746502653501522, 11);
    expect(hurwitzZeta(1.05, 1)).toBeCloseTo(20.580844302037, 9);
    expect(hurwitzZeta(3, 100)).toBeCloseTo(5.0502499916675e-5, 14);
  });
  it("refuses s <= 1", () => {
    expect(() => hurwitzZeta(1, 1)).toThrow(RangeError);
  });
});

describe("fitDiscretePowerLaw", () => {
  const counts = [
    ...Array<number>(40).fill(1), ...Array<number>(20).fill(2), ...Array<number>(12).fill(3), ...Array<number>(8).fill(4),
    ...Array<number>(6).fill(5), ...Array<number>(4).fill(6), 8, 8, 8, 10, 10, 10, 15, 15, 20, 40,
  ];
  it("chooses x_min by the smallest KS distance and fits alpha exactly (scipy: x_min 4, alpha 2.58166, D 0.03876)", () => {
    const fit = fitDiscretePowerLaw(counts, 10);
    expect(fit?.xmin).toBe(4);
    expect(fit?.tail).toBe(28);
    expect(fit?.alpha).toBeCloseTo(2.581656, 4);
    expect(fit?.ks).toBeCloseTo(0.03876, 4);
  });
  it("keeps x_min = 1 when the tail must hold every agent (scipy: alpha 1.79567, D 0.12945)", () => {
    const fit = fitDiscretePowerLaw(counts, 100);
    expect(fit?.xmin).toBe(1);
    expect(fit?.alpha).toBeCloseTo(1.795671, 4);
    expect(fit?.ks).toBeCloseTo(0.12945, 4);
  });
  it("gives no fit when fewer counts than the minimum tail", () => {
    expect(fitDiscretePowerLaw([1, 2, 3], 10)).toBeNull();
  });
});
