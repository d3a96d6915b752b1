import { describe, expect, it } from "vitest";
import { hitIndex } from "../../../../../../web/src/pages/influence/hit-test.js";
import { createGeometry } from "../../../../../../web/src/pages/influence/layout.js";

describe("hitIndex", () => {
  it("finds the disc under the point (3 px of slack), the most central when discs overlap, never an undrawn node", () => {
    const geometry = createGeometry(3);
    geometry.screenX.set([10, 16, 50]);
    geometry.screenY.set([10, 10, 50]);
    geometry.radius.set([5, 5, 0]);
    const hits = hitIndex(geometry);
    expect(hits.nodeAt(11, 10)).toBe(0);
    expect(hits.nodeAt(15, 10)).toBe(1);
    // 7 px right of node 1's centre: radius 5 + 3 slack reaches it.
    expect(hits.nodeAt(23, 10)).toBe(1);
    expect(hits.nodeAt(25, 10)).toBeNull();
    expect(hits.nodeAt(50, 50)).toBeNull();
  });

  it("rebuilds after invalidate, when the frame moved the nodes", () => {
    const geometry = createGeometry(1);
    geometry.radius.set([4]);
    const hits = hitIndex(geometry);
    expect(hits.nodeAt(0, 0)).toBe(0);
    geometry.screenX.set([100]);
    hits.invalidate();
    expect(hits.nodeAt(100, 0)).toBe(0);
    expect(hits.nodeAt(0, 0)).toBeNull();
  });
});
