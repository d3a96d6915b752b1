import { describe, expect, it } from "vitest";
import { clopperPearson } from "../../../../analysis/stats/binomial-interval.js";
import { betaQuantile, regularizedBeta } from "../../../../analysis/stats/incomplete-beta.js";
import { meanInterval, studentTQuantile } from "../../../../analysis/stats/mean-interval.js";

describe("regularizedBeta", () => {
  it("matches the closed forms I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b", () => {
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.3, 3, 1)).toBeCloseTo(0.027, 12);
    expect(regularizedBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 12);
    expect(regularizedBeta(0.5, 7, 7)).toBeCloseTo(0.5, 12);
  });
  it("inverts: the quantile of Beta(a, 1) at p is p^(1/a)", () => {
    expect(betaQuantile(0.2, 5, 1)).toBeCloseTo(0.2 ** (1 / 5), 12);
  });
});

describe("clopperPearson", () => {
  it("no success in 20: [0, 1 - 0.025^(1/20)]", () => {
    const [lo, hi] = clopperPearson(0, 20);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(1 - 0.025 ** (1 / 20), 10); // 0.16843
  });
  it("all successes: [0.025^(1/n), 1]", () => {
    const [lo, hi] = clopperPearson(5, 5);
    expect(lo).toBeCloseTo(0.025 ** (1 / 5), 10);
    expect(hi).toBe(1);
  });
  it("1 of 2: [1 - sqrt(0.975), sqrt(0.975)]", () => {
    const [lo, hi] = clopperPearson(1, 2);
    expect(lo).toBeCloseTo(1 - Math.sqrt(0.975), 10);
    expect(hi).toBeCloseTo(Math.sqrt(0.975), 10);
  });
  it("matches scipy's beta quantiles (independent implementation) for 1 and 3 of 20", () => {
    // scipy.stats.beta.ppf(0.025, k, n - k + 1), beta.ppf(0.975, k + 1, n - k)
    const one = clopperPearson(1, 20);
    expect(one[0]).toBeCloseTo(0.0012650894979498038, 10);
    expect(one[1]).toBeCloseTo(0.24873276277202777, 10);
    const three = clopperPearson(3, 20);
    expect(three[0]).toBeCloseTo(0.0320709371854637, 10);
    expect(three[1]).toBeCloseTo(0.37892682654531396, 10);
  });
  it("refuses impossible counts", () => {
    expect(() => clopperPearson(3, 2)).toThrow();
    expect(() => clopperPearson(0, 0)).toThrow();
  });
});

describe("studentTQuantile and meanInterval", () => {
  it("matches closed forms at df 1 (Cauchy) and df 2, and scipy at df 4 and 19", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(0.475 * Math.PI), 8); // 12.7062
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(0.95 / Math.sqrt(2 * 0.975 * 0.025), 8); // 4.3027
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764451051977934, 8);
    expect(studentTQuantile(0.975, 19)).toBeCloseTo(2.0930240544083087, 8);
    expect(studentTQuantile(0.025, 19)).toBeCloseTo(-2.0930240544083087, 8);
  });
  it("gives mean 2, sd 1 and 2 +- 4.3027/sqrt(3) for the seeds' effects 1, 2, 3", () => {
    const m = meanInterval([1, 2, 3]);
    const half = 0.95 / Math.sqrt(2 * 0.975 * 0.025) / Math.sqrt(3); // 2.48414
    expect(m?.mean).toBeCloseTo(2, 12);
    expect(m?.sd).toBeCloseTo(1, 12);
    expect(m?.ci?.[0]).toBeCloseTo(2 - half, 8);
    expect(m?.ci?.[1]).toBeCloseTo(2 + half, 8);
  });
  it("has no interval for one seed and no summary for none", () => {
    expect(meanInterval([0.4])).toEqual({ n: 1, mean: 0.4, sd: null, ci: null });
    expect(meanInterval([])).toBeNull();
  });
});
