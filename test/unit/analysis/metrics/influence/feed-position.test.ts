import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import { pastPropensities, shrunkPropensity } from "../../../../../analysis/metrics/influence/author-propensity.js";
import { positionWeightsOf } from "../../../../../analysis/metrics/influence/feed-position.js";
import { windowDataOf } from "../../../../../analysis/metrics/influence/window-data.js";
import { windowsOf } from "../../../../../analysis/log/windows.js";
import { LogFixture } from "../../fixtures.js";

describe("feed-position weights", () => {
  it("fit the engagement rate per slot within item", () => {
    // Two posts X (by b1) and Y (by b2); v1-v4 see [X, Y], v5-v8 see [Y, X]. At slot 0 three of
    // four readers answer (v1-v3 on X, v5-v7 on Y), at slot 1 one (v4 on Y, v8 on X).
    // By symmetry appeal(X) = appeal(Y) = a; the fit's fixed point: w0 = (6 + 5) / (8a + 5),
    // w1 = (2 + 5) / (8a + 5) (5 = the slot prior), a = 4 / (4 w0 + 4 w1), and the weights average 1
    // over the 16 impressions: w0 + w1 = 2, so a = 1/2, w0 = 11/9, w1 = 7/9.
    const f = new LogFixture();
    for (const a of ["b1", "b2", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"]) f.agent(a);
    f.post(0, "b1", "p.0.b1.0", "x").post(0, "b2", "p.0.b2.0", "y");
    const answers: Record<string, string | null> = { v1: "b1", v2: "b1", v3: "b1", v4: "b2", v5: "b2", v6: "b2", v7: "b2", v8: "b1" };
    for (const [i, v] of ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"].entries()) {
      f.exposure(1, v, i < 4 ? ["p.0.b1.0", "p.0.b2.0"] : ["p.0.b2.0", "p.0.b1.0"]);
      const target = answers[v];
      if (target) f.comment(1, v, `c.1.${v}.0`, `p.0.${target}.0`, null, "hi");
    }
    f.roundEnd(2);
    const weights = positionWeightsOf(logFromEvents(f.events));
    expect(weights.post[0]).toBeCloseTo(11 / 9, 6);
    expect(weights.post[1]).toBeCloseTo(7 / 9, 6);
    // No comment was shown: those weights stay 1.
    expect(weights.comment[0]).toBe(1);
    expect(weights.impressions).toBe(16);
    expect(weights.engagements).toBe(8);
  });

  it("leaves the weights at 1 when every item is always shown at one slot (position is not identified)", () => {
    const f = new LogFixture();
    for (const a of ["b1", "b2", "v1", "v2"]) f.agent(a);
    f.post(0, "b1", "p.0.b1.0", "x").post(0, "b2", "p.0.b2.0", "y");
    f.exposure(1, "v1", ["p.0.b1.0", "p.0.b2.0"]).exposure(1, "v2", ["p.0.b1.0", "p.0.b2.0"]);
    f.comment(1, "v1", "c.1.v1.0", "p.0.b1.0", null, "hi").comment(1, "v2", "c.1.v2.0", "p.0.b1.0", null, "hi");
    f.roundEnd(2);
    const weights = positionWeightsOf(logFromEvents(f.events));
    expect(weights.post[0]).toBeCloseTo(1, 9);
    expect(weights.post[1]).toBeCloseTo(1, 9);
  });
});

describe("author propensity", () => {
  it("shrinks each author's received over expected comments toward 1 by the moments of their spread", () => {
    // a: 6 received of 2 expected, b: 0 of 2. Spread 1 / A = ((6 - 2)^2 - 6 + (0 - 2)^2 - 0) / (4 + 4)
    // = 14 / 8, so A = 4/7: a -> (6 + 4/7) / (2 + 4/7) = 23/9, b -> (4/7) / (2 + 4/7) = 2/9.
    const theta = shrunkPropensity(
      new Map([
        ["a", 6],
        ["b", 0],
      ]),
      new Map([
        ["a", 2],
        ["b", 2],
      ]),
    );
    expect(theta.get("a")).toBeCloseTo(23 / 9, 12);
    expect(theta.get("b")).toBeCloseTo(2 / 9, 12);
  });

  it("uses only earlier windows: none for the first", () => {
    const f = new LogFixture();
    for (const a of ["b1", "v1"]) f.agent(a);
    for (let w = 0; w < 3; w++) {
      f.post(w * 24, "b1", `p.${w * 24}.b1.0`, "x");
      f.exposure(w * 24 + 1, "v1", [`p.${w * 24}.b1.0`]);
      f.comment(w * 24 + 1, "v1", `c.${w * 24 + 1}.v1.0`, `p.${w * 24}.b1.0`, null, "hi");
    }
    f.roundEnd(71);
    const log = logFromEvents(f.events);
    const data = windowDataOf({ log, windows: windowsOf(log), vectors: new Map(), dims: 0, seed: 1 });
    const theta = pastPropensities(data);
    expect(theta[0]).toBeNull();
    // One author, received = expected (v1's only choice): propensity 1 from one window, then two.
    expect(theta[1]?.get("b1")).toBeCloseTo(1, 12);
    expect(theta[2]?.get("b1")).toBeCloseTo(1, 12);
  });
});
