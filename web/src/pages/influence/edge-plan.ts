import type { Edge } from "./graph-view.js";

/**
 * Which edges a frame draws and how: pure, so the budget rules are tested without a canvas.
 *
 * Edges with `wideFrom` comments or more are drawn wider than a hairline, at most `wide` of them
 * per frame. Measured with Chromium's CPU rasteriser (the slow case, no GPU): 20,000
 * one-device-pixel lines take ~40-120 ms, while a translucent 3-device-pixel line costs 15-25 us
 * each stroked alone and seconds for 20,000 batched in one path.
 */

/** Above this many edges a frame draws only the heaviest: a canvas stroke costs per segment. */
export const edgeCap = 20_000;
const wideFrom = 3;
/** Alpha of a one-comment edge; heavier hairlines are more opaque (sqrt of the comments). */
const hairAlpha = 0.22;

export interface EdgeBudget {
  /** Segments drawn at most (the heaviest). */
  readonly edges: number;
  /** Of those, stroked wide at most. */
  readonly wide: number;
}

export const fullBudget: EdgeBudget = { edges: edgeCap, wide: 600 };
/** While a zoom or pan gesture is under way: fewer edges keep it fluid, full detail follows when it ends. */
export const gestureBudget: EdgeBudget = { edges: 4000, wide: 150 };

export interface EdgePlan {
  /** Edges [0, limit) of the heaviest-first list are drawn. */
  readonly limit: number;
  /** Edges [0, wideEnd) are drawn wide, [wideEnd, limit) as hairlines. */
  readonly wideEnd: number;
}

/** The list is heaviest first, so the wide edges are its head and the hairlines the rest of the budget. */
export function edgePlan(edges: readonly Edge[], budget: EdgeBudget): EdgePlan {
  const limit = Math.min(edges.length, budget.edges);
  let wideEnd = 0;
  while (wideEnd < Math.min(limit, budget.wide) && (edges[wideEnd]?.[2] ?? 0) >= wideFrom) wideEnd++;
  return { limit, wideEnd };
}

/** Hairline opacity in steps of 0.05, so the light tail forms long runs that share one stroke. */
export function hairlineAlpha(comments: number): number {
  return Math.min(0.6, Math.round(20 * hairAlpha * Math.sqrt(comments)) / 20);
}

/** Width in CSS pixels of a wide edge. */
export function wideLineWidth(comments: number): number {
  return Math.min(6, 0.7 * Math.sqrt(comments));
}

/** False when both ends lie beyond the same side of the canvas: the segment cannot cross it. */
export function mayCrossCanvas(x1: number, y1: number, x2: number, y2: number, width: number, height: number): boolean {
  return !((x1 < 0 && x2 < 0) || (x1 > width && x2 > width) || (y1 < 0 && y2 < 0) || (y1 > height && y2 > height));
}
