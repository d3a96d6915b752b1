import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import { computeCentroidStability } from "../../../../../analysis/metrics/centroid-stability/centroid-stability.js";
import { buildContext } from "../../../../../analysis/context.js";
import { HashingEmbedder } from "../../../../../analysis/text/embedder.js";
import { LogFixture } from "../../fixtures.js";
import { handContext } from "../../hand-context.js";

// 18 rounds -> windows [0-5], [6-11], [12-17]; window 2 has no posts.
function fixture(): LogFixture {
  return new LogFixture().agent("x").post(0, "x", "p1", "one").post(1, "x", "p2", "two").post(6, "x", "p3", "three").roundEnd(17);
}

describe("centroidStability", () => {
  it("cosines of window centroids, null for a window without posts", () => {
    // c0 = mean((1,0), (0,1)) = (.5,.5); c1 = (1,0); cos = .5 / (.7071 x 1) = 1/sqrt 2.
    const ctx = handContext(logFromEvents(fixture().events), { p1: [1, 0], p2: [0, 1], p3: [1, 0] });
    const result = computeCentroidStability(ctx);
    if (!result.available) throw new Error(result.reason);
    expect(result.windows.map((w) => w.posts)).toEqual([2, 1, 0]);
    const s = Math.SQRT1_2;
    const rounded = result.matrix.map((row) => row.map((v) => (v === null ? null : Number(v.toFixed(12)))));
    expect(rounded).toEqual([
      [1, Number(s.toFixed(12)), null],
      [Number(s.toFixed(12)), 1, null],
      [null, null, null],
    ]);
    expect(result.consecutive[0]).toBeCloseTo(s, 12);
    expect(result.consecutive[1]).toBeNull();
    expect(result.meanConsecutive).toBeCloseTo(s, 12);
    // The shuffle keeps window sizes, so window 2 stays empty.
    expect(result.baseline.consecutive[1]).toBeNull();
    expect(result.baseline.consecutive[0]).not.toBeNull();
  });

  it("runs on a real embedder and is seeded", async () => {
    const log = logFromEvents(fixture().events);
    const a = computeCentroidStability(await buildContext(log, new HashingEmbedder(), 3));
    const b = computeCentroidStability(await buildContext(log, new HashingEmbedder(), 3));
    expect(a).toEqual(b);
  });

  it("is unavailable when the log lacks posts", () => {
    const log = logFromEvents(new LogFixture().agent("x").roundEnd(3).events);
    expect(computeCentroidStability(handContext(log))).toEqual({ available: false, reason: "log lacks post" });
  });
});
