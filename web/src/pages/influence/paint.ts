import { edgePlan, hairlineAlpha, mayCrossCanvas, wideLineWidth } from "./edge-plan.js";
import type { EdgeBudget } from "./edge-plan.js";
import { emphasised } from "./graph-view.js";
import type { View } from "./graph-view.js";
import { placeNodes } from "./layout.js";
import type { Geometry, ViewTransform } from "./layout.js";
import { leaderGold, unknownColour } from "./palette.js";
import type { Palette } from "./palette.js";

/**
 * Painting one frame on the canvas. Cost is linear and bounded: O(nodes) to place, at most
 * `budget.edges` segments (of which at most `budget.wide` are strokes of their own, the rest share
 * one stroke per alpha step), one fill per colour, and the few hundred emphasised nodes painted
 * individually.
 */

export const backdrop = "#0f1218";
const edgeRgb = "165, 185, 215";

export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
  readonly transform: ViewTransform;
  readonly view: View;
  readonly palette: Palette;
  readonly leaders: readonly number[];
  readonly budget: EdgeBudget;
}

export interface Painted {
  readonly nodes: number;
  readonly edges: number;
}

export function paint(ctx: CanvasRenderingContext2D, scene: Scene, geometry: Geometry): Painted {
  const { width, height, dpr, view } = scene;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = backdrop;
  ctx.fillRect(0, 0, width, height);
  const nodes = placeNodes(geometry, view, scene.transform, width, height);
  // Edges under nodes: hairlines for the light tail, then the heaviest with real width.
  const plan = edgePlan(view.edges, scene.budget);
  const edges = paintHairlines(ctx, scene, geometry, plan.wideEnd, plan.limit) + paintWideEdges(ctx, scene, geometry, plan.wideEnd);
  // Agents that sat this window out stay visible as faint dots, so the layout does not jump.
  ctx.globalAlpha = 0.3;
  fillBuckets(ctx, scene, geometry, true);
  ctx.globalAlpha = 0.9;
  fillBuckets(ctx, scene, geometry, false);
  ctx.globalAlpha = 1;
  paintEmphasised(ctx, scene, geometry);
  ringLeaders(ctx, scene.leaders, geometry);
  return { nodes, edges };
}

/**
 * Edges [from, to) as one-device-pixel lines, whatever the zoom: the rasteriser's hairline path.
 * Weight shows as alpha; drawn lightest first, the equal-alpha runs share one stroke.
 */
function paintHairlines(ctx: CanvasRenderingContext2D, scene: Scene, geometry: Geometry, from: number, to: number): number {
  const { width, height, view } = scene;
  const { screenX, screenY } = geometry;
  let drawn = 0;
  ctx.lineWidth = 1 / scene.dpr;
  let runAlpha = -1;
  ctx.beginPath();
  for (let e = to - 1; e >= from; e--) {
    const [s, target, comments] = view.edges[e] ?? [0, 0, 0];
    const x1 = screenX[s] ?? 0;
    const y1 = screenY[s] ?? 0;
    const x2 = screenX[target] ?? 0;
    const y2 = screenY[target] ?? 0;
    if (!mayCrossCanvas(x1, y1, x2, y2, width, height)) continue;
    const alpha = hairlineAlpha(comments);
    if (alpha !== runAlpha) {
      if (runAlpha > 0) ctx.stroke();
      ctx.beginPath();
      ctx.strokeStyle = `rgba(${edgeRgb}, ${alpha})`;
      runAlpha = alpha;
    }
    ctx.moveTo(x1, y1);
    ctx.lineTo(x2, y2);
    drawn++;
  }
  if (runAlpha > 0) ctx.stroke();
  return drawn;
}

/**
 * Edges [0, end) with real width, stroked one by one: a wide translucent path of many segments
 * rasterises superlinearly, single short strokes do not.
 */
function paintWideEdges(ctx: CanvasRenderingContext2D, scene: Scene, geometry: Geometry, end: number): number {
  const { width, height, view } = scene;
  const { screenX, screenY } = geometry;
  let drawn = 0;
  ctx.strokeStyle = `rgba(${edgeRgb}, 0.45)`;
  for (let e = end - 1; e >= 0; e--) {
    const [s, target, comments] = view.edges[e] ?? [0, 0, 0];
    const x1 = screenX[s] ?? 0;
    const y1 = screenY[s] ?? 0;
    const x2 = screenX[target] ?? 0;
    const y2 = screenY[target] ?? 0;
    if (!mayCrossCanvas(x1, y1, x2, y2, width, height)) continue;
    ctx.lineWidth = wideLineWidth(comments);
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x2, y2);
    ctx.stroke();
    drawn++;
  }
  return drawn;
}

/** One fill per colour for the crowd: the absent nodes, or the present ones not painted on top. */
function fillBuckets(ctx: CanvasRenderingContext2D, scene: Scene, geometry: Geometry, absent: boolean): void {
  const { view, palette } = scene;
  const { screenX, screenY, radius } = geometry;
  palette.buckets.forEach((bucket, colour) => {
    ctx.beginPath();
    let any = false;
    for (const i of bucket) {
      const r = radius[i] ?? 0;
      if (r === 0 || Number.isNaN(view.pagerank[i] ?? Number.NaN) !== absent || view.onTop[i] === 1) continue;
      const x = screenX[i] ?? 0;
      const y = screenY[i] ?? 0;
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      any = true;
    }
    if (!any) return;
    ctx.fillStyle = palette.colours[colour] ?? unknownColour;
    ctx.fill();
  });
}

/** The highest-ranked nodes one by one, smallest first, outlined so overlapping discs stay apart. */
function paintEmphasised(ctx: CanvasRenderingContext2D, scene: Scene, geometry: Geometry): void {
  const { view, palette } = scene;
  const { screenX, screenY, radius } = geometry;
  ctx.lineWidth = 1;
  ctx.strokeStyle = backdrop;
  const top = view.ranked.slice(0, emphasised);
  for (let k = top.length - 1; k >= 0; k--) {
    const i = top[k] ?? 0;
    const r = radius[i] ?? 0;
    if (r === 0) continue;
    ctx.beginPath();
    ctx.arc(screenX[i] ?? 0, screenY[i] ?? 0, r, 0, 2 * Math.PI);
    ctx.fillStyle = palette.colours[palette.byNode[i] ?? 0] ?? unknownColour;
    ctx.fill();
    ctx.stroke();
  }
}

function ringLeaders(ctx: CanvasRenderingContext2D, leaders: readonly number[], geometry: Geometry): void {
  const { screenX, screenY, radius } = geometry;
  ctx.beginPath();
  for (const i of leaders) {
    const r = radius[i] ?? 0;
    if (r === 0) continue;
    const x = screenX[i] ?? 0;
    const y = screenY[i] ?? 0;
    ctx.moveTo(x + r + 2.5, y);
    ctx.arc(x, y, r + 2.5, 0, 2 * Math.PI);
  }
  ctx.strokeStyle = leaderGold;
  ctx.lineWidth = 2;
  ctx.stroke();
}
