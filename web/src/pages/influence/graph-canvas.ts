import { select, zoom, zoomIdentity } from "d3";
import type { D3ZoomEvent, ZoomTransform } from "d3";
import { fullBudget, gestureBudget } from "./edge-plan.js";
import type { InfluenceGraphNode } from "../../../../core/contracts/graph.js";
import type { View } from "./graph-view.js";
import { hitIndex } from "./hit-test.js";
import { boundsOf, createGeometry, fit } from "./layout.js";
import { paint } from "./paint.js";
import type { Palette } from "./palette.js";

/**
 * The canvas and its viewport: size and pixel density, zoom and pan, one frame per animation
 * frame however many changes asked for it, and hit testing against the last frame.
 */

const canvasHeight = 620;

/** What the next frame shows, asked for when it is painted. */
export interface FrameContent {
  readonly view: View;
  readonly palette: Palette;
  /** Position of the chosen window, and whether the cumulative view is shown (for tests). */
  readonly window: number;
  readonly cumulative: boolean;
}

export interface GraphCanvas {
  /** Paint at the next animation frame (a burst of requests costs one frame). */
  schedule(): void;
  /** The node under the pointer, or null. */
  nodeAt(event: MouseEvent): number | null;
  dispose(): void;
}

interface CanvasParts {
  readonly canvas: HTMLCanvasElement;
  readonly wrap: HTMLElement;
  readonly reset: HTMLButtonElement;
}

interface CanvasOptions {
  readonly nodes: readonly InfluenceGraphNode[];
  readonly leaders: readonly number[];
  readonly content: () => FrameContent;
  /** Called as a zoom or pan starts moving the picture (the tooltip would be stale). */
  readonly onZoom: () => void;
}

export function graphCanvas(ctx: CanvasRenderingContext2D, parts: CanvasParts, options: CanvasOptions): GraphCanvas {
  const { canvas, wrap } = parts;
  const { nodes, leaders } = options;
  let transform: ZoomTransform = zoomIdentity;
  let gesture = false;
  let width = 0;
  let dpr = 1;
  let frame = 0;
  const geometry = createGeometry(nodes.length);
  const bounds = boundsOf(nodes);
  const hits = hitIndex(geometry);

  const draw = (): void => {
    const started = performance.now();
    const { view, palette, window, cumulative } = options.content();
    const budget = gesture ? gestureBudget : fullBudget;
    const painted = paint(ctx, { width, height: canvasHeight, dpr, transform, view, palette, leaders, budget }, geometry);
    hits.invalidate();
    canvas.dataset["window"] = String(window);
    canvas.dataset["mode"] = cumulative ? "cumulative" : "window";
    canvas.dataset["drawnNodes"] = String(painted.nodes);
    canvas.dataset["drawnEdges"] = String(painted.edges);
    describeTopNode(canvas, view, nodes, geometry.screenX, geometry.screenY);
    canvas.dataset["drawMs"] = (performance.now() - started).toFixed(1);
  };
  const schedule = (): void => {
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      draw();
    });
  };

  const size = watchSize(canvas, wrap, (cssWidth, pixelRatio) => {
    width = cssWidth;
    dpr = pixelRatio;
    fit(nodes, bounds, width, canvasHeight, geometry);
    schedule();
  });
  const zoomer = attachZoom(canvas, parts.reset, {
    zoomed: (next, isGesture) => {
      transform = next;
      gesture = isGesture;
      options.onZoom();
      schedule();
    },
    ended: () => {
      gesture = false;
      schedule();
    },
  });

  return {
    schedule,
    nodeAt: (event) => {
      const rect = canvas.getBoundingClientRect();
      return hits.nodeAt(event.clientX - rect.left, event.clientY - rect.top);
    },
    dispose: () => {
      cancelAnimationFrame(frame);
      frame = 0;
      size.dispose();
      zoomer.dispose();
    },
  };
}

/**
 * Follows the wrap's width and the screen's pixel density, sizing the canvas backing store to
 * match; calls `onResize` at once and on every change.
 */
function watchSize(canvas: HTMLCanvasElement, wrap: HTMLElement, onResize: (width: number, dpr: number) => void): { dispose(): void } {
  let dpr = 1;
  // A ResizeObserver does not fire when the window moves to a screen of another pixel density.
  let densityQuery: MediaQueryList | null = null;
  const resize = (): void => {
    const width = Math.max(1, wrap.clientWidth || 800);
    if (dpr !== (window.devicePixelRatio || 1) || !densityQuery) {
      dpr = window.devicePixelRatio || 1;
      densityQuery?.removeEventListener("change", resize);
      densityQuery = window.matchMedia(`(resolution: ${dpr}dppx)`);
      densityQuery.addEventListener("change", resize);
    }
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(canvasHeight * dpr);
    canvas.style.height = `${canvasHeight}px`;
    onResize(width, dpr);
  };
  const observer = new ResizeObserver(resize);
  observer.observe(wrap);
  resize();
  return {
    dispose: () => {
      observer.disconnect();
      densityQuery?.removeEventListener("change", resize);
    },
  };
}

/** Scroll to zoom, drag to pan (d3-zoom), and the Reset view button. */
function attachZoom(
  canvas: HTMLCanvasElement,
  reset: HTMLButtonElement,
  on: { zoomed: (transform: ZoomTransform, gesture: boolean) => void; ended: () => void },
): { dispose(): void } {
  const zoomer = zoom<HTMLCanvasElement, unknown>()
    .scaleExtent([0.25, 40])
    .on("zoom", (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
      // A programmatic zoom (Reset view) has no source event and ends at once: draw it in full.
      on.zoomed(event.transform, event.sourceEvent !== null && event.sourceEvent !== undefined);
    })
    .on("end", on.ended);
  select(canvas).call(zoomer);
  const resetZoom = (): void => void select(canvas).call(zoomer.transform, zoomIdentity);
  reset.addEventListener("click", resetZoom);
  return {
    dispose: () => {
      reset.removeEventListener("click", resetZoom);
      select(canvas).on(".zoom", null);
    },
  };
}

/** The highest-ranked node and where it was drawn, so a test can click it. */
function describeTopNode(
  canvas: HTMLCanvasElement,
  view: View,
  nodes: readonly InfluenceGraphNode[],
  screenX: Float32Array,
  screenY: Float32Array,
): void {
  const top = view.ranked[0];
  if (top === undefined) {
    delete canvas.dataset["topNode"];
    delete canvas.dataset["topNodeX"];
    delete canvas.dataset["topNodeY"];
  } else {
    canvas.dataset["topNode"] = nodes[top]?.id ?? "";
    canvas.dataset["topNodeX"] = (screenX[top] ?? 0).toFixed(1);
    canvas.dataset["topNodeY"] = (screenY[top] ?? 0).toFixed(1);
  }
}
