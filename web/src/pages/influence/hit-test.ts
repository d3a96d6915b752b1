import { quadtree } from "d3";
import type { Quadtree } from "d3";
import type { Geometry } from "./layout.js";

/**
 * Which node is under the pointer, from the last frame's geometry. The quadtree is built on the
 * first hover after a frame, not per frame: most frames (zooming, playback) are never hovered.
 */
export interface HitIndex {
  /** Forget the index: the geometry changed (call after every frame). */
  invalidate(): void;
  /** The node under canvas point (x, y), or null. */
  nodeAt(x: number, y: number): number | null;
}

export function hitIndex(geometry: Geometry): HitIndex {
  let tree: Quadtree<number> | null = null;
  let reach = 0;
  return {
    invalidate: () => {
      tree = null;
      reach = 0;
    },
    nodeAt: (x, y) => {
      if (!tree) {
        const drawn: number[] = [];
        for (let i = 0; i < geometry.radius.length; i++) {
          const r = geometry.radius[i] ?? 0;
          if (r > 0) drawn.push(i);
          if (r > reach) reach = r;
        }
        tree = quadtree<number>()
          .x((i) => geometry.screenX[i] ?? 0)
          .y((i) => geometry.screenY[i] ?? 0)
          .addAll(drawn);
      }
      return nodeUnder(tree, geometry, x, y, reach + 4);
    },
  };
}

/** The node whose disc is under the pointer; the most central one when discs overlap. */
function nodeUnder(tree: Quadtree<number>, geometry: Geometry, x: number, y: number, reach: number): number | null {
  let best: number | null = null;
  let bestScore = Infinity;
  tree.visit((node, x0, y0, x1, y1) => {
    if (node.length === undefined) {
      for (let leaf: typeof node | undefined = node; leaf; leaf = leaf.next) {
        const i = leaf.data;
        const r = (geometry.radius[i] ?? 0) + 3;
        const score = Math.hypot((geometry.screenX[i] ?? 0) - x, (geometry.screenY[i] ?? 0) - y) / r;
        if (score <= 1 && score < bestScore) {
          best = i;
          bestScore = score;
        }
      }
    }
    return x0 > x + reach || x1 < x - reach || y0 > y + reach || y1 < y - reach;
  });
  return best;
}
