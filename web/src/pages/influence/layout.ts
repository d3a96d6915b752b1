import type { InfluenceGraphNode } from "../../../../core/contracts/graph.js";
import type { View } from "./graph-view.js";

/**
 * Where and how big each node is on screen: pure arithmetic over typed arrays (no DOM), shared by
 * painting and hit testing. The layout itself is precomputed by `murmur analyze`; this only fits
 * it to the canvas, applies the zoom and sizes nodes by PageRank.
 */

const fitPadding = 28;
const maxRadius = 30;
const absentRadius = 1.5;

/** The zoom as d3-zoom reports it: screen = offset + scale * base. */
export interface ViewTransform {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

/** Screen geometry of the last frame, reused between frames to avoid garbage at 60 fps. */
export interface Geometry {
  readonly baseX: Float32Array;
  readonly baseY: Float32Array;
  readonly screenX: Float32Array;
  readonly screenY: Float32Array;
  /** 0 for nodes outside the canvas (not drawn, not hittable). */
  readonly radius: Float32Array;
}

export interface Bounds {
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
}

export function createGeometry(nodeCount: number): Geometry {
  return {
    baseX: new Float32Array(nodeCount),
    baseY: new Float32Array(nodeCount),
    screenX: new Float32Array(nodeCount),
    screenY: new Float32Array(nodeCount),
    radius: new Float32Array(nodeCount),
  };
}

/**
 * The extent the first view fits. Disconnected agents drift to the rim of a force layout, and
 * fitting the true extent would shrink the connected crowd to a corner of the canvas, so the
 * outermost 0.5% on each side may start just off-canvas (zooming out brings them back).
 */
export function boundsOf(nodes: readonly InfluenceGraphNode[]): Bounds {
  const xs = nodes.map((node) => node.x).sort((a, b) => a - b);
  const ys = nodes.map((node) => node.y).sort((a, b) => a - b);
  const trim = Math.floor(nodes.length * 0.005);
  const at = (values: readonly number[], i: number): number => values[Math.min(values.length - 1, Math.max(0, i))] ?? 0;
  return { minX: at(xs, trim), maxX: at(xs, xs.length - 1 - trim), minY: at(ys, trim), maxY: at(ys, ys.length - 1 - trim) };
}

/** Fits the precomputed layout into the canvas at zoom 1, keeping its aspect ratio. */
export function fit(nodes: readonly InfluenceGraphNode[], bounds: Bounds, width: number, height: number, geometry: Geometry): void {
  const spanX = bounds.maxX - bounds.minX;
  const spanY = bounds.maxY - bounds.minY;
  const scale = Math.min(spanX > 0 ? (width - 2 * fitPadding) / spanX : Infinity, spanY > 0 ? (height - 2 * fitPadding) / spanY : Infinity);
  const s = Number.isFinite(scale) && scale > 0 ? scale : 1;
  const cx = (bounds.minX + bounds.maxX) / 2;
  const cy = (bounds.minY + bounds.maxY) / 2;
  nodes.forEach((node, i) => {
    geometry.baseX[i] = width / 2 + (node.x - cx) * s;
    geometry.baseY[i] = height / 2 + (node.y - cy) * s;
  });
}

/** The factors of a node's radius that are the same for every node of a frame. */
export interface NodeSizing {
  /** Nodes grow a little when zoomed in, so crowds separate. */
  readonly grow: number;
  /** Nodes shrink when the canvas is crowded (many present nodes per pixel). */
  readonly density: number;
  readonly gain: number;
  readonly present: number;
}

export function nodeSizing(present: number, zoom: number, width: number, height: number): NodeSizing {
  const grow = Math.min(3, Math.max(0.6, Math.sqrt(zoom)));
  const density = Math.min(1, Math.max(0.45, Math.sqrt((width * height) / (Math.max(1, present) * 900))));
  return { grow, density, gain: 2.2 * density, present };
}

/** Area grows with PageRank (sqrt), scaled so an average node keeps the same size in any window. NaN: absent. */
export function nodeRadius(pagerank: number, sizing: NodeSizing): number {
  const { grow, density, gain, present } = sizing;
  return (
    (Number.isNaN(pagerank) ? absentRadius : Math.min(maxRadius, 2 * density + gain * Math.sqrt(Math.max(0, pagerank) * present))) * grow
  );
}

/**
 * Places every node for one frame: screen position under the zoom, and its radius, or 0 when its
 * disc lies entirely outside the canvas. Returns how many nodes are on the canvas.
 */
export function placeNodes(geometry: Geometry, view: View, t: ViewTransform, width: number, height: number): number {
  const { baseX, baseY, screenX, screenY, radius } = geometry;
  const sizing = nodeSizing(view.present, t.k, width, height);
  let onCanvas = 0;
  for (let i = 0; i < baseX.length; i++) {
    const x = t.x + t.k * (baseX[i] ?? 0);
    const y = t.y + t.k * (baseY[i] ?? 0);
    screenX[i] = x;
    screenY[i] = y;
    const r = nodeRadius(view.pagerank[i] ?? Number.NaN, sizing);
    const inside = x + r >= 0 && x - r <= width && y + r >= 0 && y - r <= height;
    radius[i] = inside ? r : 0;
    if (inside) onCanvas++;
  }
  return onCanvas;
}
