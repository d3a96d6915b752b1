import { quadtree, schemeTableau10, select, zoom, zoomIdentity } from "d3";
import type { D3ZoomEvent, Quadtree, ZoomTransform } from "d3";
import { api, ApiFailure, graphSchema, oneSchema } from "../api.js";
import type { Experiment, InfluenceGraphData } from "../api.js";
import type { Cleanup, Page } from "../page.js";
import { append, formatCount, h } from "../ui/dom.js";

/**
 * The influence explorer (issue 5 item 5): graph.json drawn on a canvas, one comment window at a
 * time. The layout is precomputed by `murmur analyze`, so the browser only draws; everything that
 * depends on a window is derived once and cached, and a frame is a few batched canvas paths so
 * 5,000 nodes and tens of thousands of edges stay interactive.
 */

const canvasHeight = 620;
const fitPadding = 28;
const pollMs = 3000;
const playMs = 900;
/** Above this many edges a frame draws only the heaviest: a canvas stroke costs per segment. */
const edgeCap = 20_000;
/** The highest-PageRank nodes are painted one by one, smallest first, so they sit on top of the crowd. */
const emphasised = 300;
const maxRadius = 30;
const absentRadius = 1.5;
const leaderGold = "#fcc419";
const unknownColour = "#868e96";
const edgeRgb = "165, 185, 215";
/** Alpha of a one-comment edge; heavier hairlines are more opaque (sqrt of the comments). */
const hairAlpha = 0.22;
/**
 * Edges with this many comments or more are drawn wider than a hairline, at most `wideBudget` of
 * them per frame. Measured with Chromium's CPU rasteriser (the slow case, no GPU): 20,000
 * one-device-pixel lines take ~40-120 ms, while a translucent 3-device-pixel line costs
 * 15-25 us each stroked alone and seconds for 20,000 batched in one path.
 */
const wideFrom = 3;
const wideBudget = 600;
/** While a zoom or pan gesture is under way: fewer edges keep it fluid, full detail follows when it ends. */
const gestureEdgeBudget = 4000;
const gestureWideBudget = 150;
const backdrop = "#0f1218";

type GraphNode = InfluenceGraphData["nodes"][number];
type GraphWindow = InfluenceGraphData["windows"][number];
type Edge = readonly [source: number, target: number, comments: number];
type ColourMode = "community" | "group";

/** What one frame shows: a single window, or every window summed. */
interface View {
  readonly label: string;
  /** PageRank by node index; NaN where the node took no part. */
  readonly pagerank: Float64Array;
  readonly present: number;
  /** Heaviest first, so a capped frame keeps the interactions that matter most. */
  readonly edges: readonly Edge[];
  readonly comments: number;
  /** Present nodes by PageRank, highest first. */
  readonly ranked: readonly number[];
  /** 1 for the nodes painted individually on top (the head of `ranked`). */
  readonly onTop: Uint8Array;
}

interface Palette {
  /** Colour index per node into `colours`. */
  readonly byNode: Uint8Array;
  readonly colours: readonly string[];
  /** Node indices per colour, so a frame fills each colour with one path. */
  readonly buckets: readonly (readonly number[])[];
  readonly legend: readonly { readonly label: string; readonly colour: string; readonly count: number }[];
  readonly hidden: number;
}

/** Screen geometry of the last frame, reused between frames to avoid garbage at 60 fps. */
interface Geometry {
  readonly baseX: Float32Array;
  readonly baseY: Float32Array;
  readonly screenX: Float32Array;
  readonly screenY: Float32Array;
  /** 0 for nodes outside the canvas (not drawn, not hittable). */
  readonly radius: Float32Array;
}

interface Painted {
  readonly nodes: number;
  readonly edges: number;
}

export const influencePage: Page = async (root, params) => {
  const id = params["id"] ?? "";
  const graphPath = `/api/experiments/${encodeURIComponent(id)}/artifacts/graph`;
  const graph = await fetchGraph(graphPath, undefined);
  if (graph) return mountExplorer(root, id, graph, params["window"]);

  // A 404 also answers for an id that does not exist; asking once lets that fail loudly instead of polling forever.
  const { experiment } = await api(`/api/experiments/${encodeURIComponent(id)}`, oneSchema);
  const status = h("p", { class: "small muted" }, "Checking again every 3 s.");
  root.replaceChildren(h("h1", {}, "Influence explorer"), waitingCard(id, experiment, status));

  let disposed = false;
  let timer = 0;
  let explorer: Cleanup | null = null;
  const inFlight = new AbortController();
  const poll = async (): Promise<void> => {
    try {
      const found = await fetchGraph(graphPath, inFlight.signal);
      if (disposed) return;
      if (found) {
        root.replaceChildren();
        explorer = mountExplorer(root, id, found, params["window"]);
        return;
      }
      status.textContent = `Not there yet (checked ${new Date().toLocaleTimeString()}); checking again every 3 s.`;
    } catch (error) {
      if (disposed) return;
      status.textContent = `Could not check (${error instanceof Error ? error.message : String(error)}); trying again in 3 s.`;
    }
    timer = window.setTimeout(() => void poll(), pollMs);
  };
  timer = window.setTimeout(() => void poll(), pollMs);
  return () => {
    disposed = true;
    window.clearTimeout(timer);
    inFlight.abort();
    explorer?.();
  };
};

async function fetchGraph(path: string, signal: AbortSignal | undefined): Promise<InfluenceGraphData | null> {
  try {
    return await api(path, graphSchema, { signal: signal ?? null });
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 404) return null;
    throw error;
  }
}

function waitingCard(id: string, experiment: Experiment, status: HTMLElement): HTMLElement {
  const live = `#/e/${encodeURIComponent(id)}`;
  return h(
    "div",
    { class: "card" },
    h("h2", {}, "The influence graph appears once the run is analysed"),
    h(
      "p",
      {},
      `${experiment.name}: ${experiment.status}, ${formatCount(experiment.roundsDone)} of ${formatCount(experiment.rounds)} rounds done. `,
      "The graph is written by the analysis that runs when the experiment ends; this page opens it as soon as it is stored. ",
      h("a", { href: live }, "Watch the run live"),
      ".",
    ),
    status,
  );
}

/** `initialWindow` comes from `?window=i`, so a window can be linked to. */
function mountExplorer(root: HTMLElement, id: string, data: InfluenceGraphData, initialWindow: string | undefined): Cleanup {
  const nodes = data.nodes;
  const windows = data.windows;
  const leaders = nodes.flatMap((node, i) => (node.persistentLeader ? [i] : []));
  root.append(h("h1", {}, "Influence explorer"));
  if (nodes.length === 0 || windows.length === 0) {
    root.append(
      h("div", { class: "card" }, h("p", {}, "This run produced no comments between agents, so there is no influence graph to draw.")),
    );
    return () => {};
  }

  const palettes: Record<ColourMode, Palette> = {
    community: paletteBy(
      nodes,
      (node) => (node.community < 0 ? null : String(node.community)),
      (key) => `community ${key}`,
    ),
    group: paletteBy(
      nodes,
      (node) => node.group ?? `${node.policy} (no group)`,
      (key) => key,
    ),
  };
  const views = new Map<number, View>();
  let cumulativeView: View | null = null;
  const viewOf = (index: number): View => {
    const cached = views.get(index);
    if (cached) return cached;
    const made = windowView(nodes.length, windows, index);
    views.set(index, made);
    return made;
  };

  // ---- DOM ----
  const edgeStat = h("div", { class: "value" }, "0");
  const edgeLabel = h("div", { class: "label" }, "Edges in window");
  const edgeDetail = h("div", { class: "small muted" });
  const stats = h(
    "div",
    { class: "grid four" },
    stat("Nodes", formatCount(nodes.length)),
    stat("Windows", formatCount(windows.length)),
    h("div", { class: "stat" }, edgeLabel, edgeStat, edgeDetail),
    stat("Persistent leaders", formatCount(leaders.length)),
  );

  const initial = clampIndex(Number.parseInt(initialWindow ?? "0", 10), windows.length);
  const play = h("button", { type: "button", class: "primary", "data-testid": "play", "aria-pressed": "false" }, "Play");
  play.disabled = windows.length < 2;
  const scrubber = h("input", {
    type: "range",
    min: 0,
    max: windows.length - 1,
    step: 1,
    value: initial,
    "data-testid": "window-scrubber",
    "aria-label": "Window",
  });
  const windowLabel = h("span", { class: "small influence-window" });
  const cumulative = h("input", { type: "checkbox" });
  const colourSelect = h(
    "select",
    { "aria-label": "Colour by" },
    h("option", { value: "community" }, "community"),
    h("option", { value: "group" }, "persona group"),
  );
  const reset = h("button", { type: "button" }, "Reset view");
  const controls = h(
    "div",
    { class: "graph-controls" },
    play,
    scrubber,
    windowLabel,
    h("label", { class: "inline" }, cumulative, " Cumulative"),
    h("label", { class: "inline" }, "Colour by ", colourSelect),
    reset,
  );

  const canvas = h("canvas", {
    "data-testid": "influence-canvas",
    role: "img",
    "aria-label": "Influence graph: who comments on whom, node size by PageRank",
  });
  const tooltip = h("div", { class: "tooltip", "data-testid": "node-tooltip", hidden: true });
  const wrap = h("div", { class: "graph-wrap" }, canvas, tooltip);
  const capNote = h("p", { class: "small muted", hidden: true });
  const legend = h("div", { class: "legend" });
  root.append(
    stats,
    h(
      "div",
      { class: "card" },
      controls,
      wrap,
      capNote,
      legend,
      h(
        "p",
        { class: "small muted" },
        "Edges run commenter to author, brighter and wider for more comments. Scroll to zoom, drag to pan, click a node to inspect the agent.",
      ),
    ),
    leadersCard(id, nodes, leaders),
  );

  const context = canvas.getContext("2d");
  if (!context) {
    wrap.replaceWith(h("p", { class: "muted" }, "This browser cannot draw on a canvas, so the graph cannot be shown."));
    return () => {};
  }
  const ctx = context;

  // ---- state ----
  let current = initial;
  let mode: ColourMode = "community";
  let transform: ZoomTransform = zoomIdentity;
  let gesture = false;
  let width = 0;
  let dpr = 1;
  let frame = 0;
  let playTimer = 0;
  let hits: Quadtree<number> | null = null;
  let reach = 0;
  const geometry: Geometry = {
    baseX: new Float32Array(nodes.length),
    baseY: new Float32Array(nodes.length),
    screenX: new Float32Array(nodes.length),
    screenY: new Float32Array(nodes.length),
    radius: new Float32Array(nodes.length),
  };
  const bounds = boundsOf(nodes);

  const showingAll = (): boolean => cumulative.checked;
  const currentView = (): View => (showingAll() ? (cumulativeView ??= allWindowsView(nodes.length, windows)) : viewOf(current));

  const draw = (): void => {
    const started = performance.now();
    const view = currentView();
    const palette = palettes[mode];
    const budgets = gesture ? { edgeBudget: gestureEdgeBudget, wideBudget: gestureWideBudget } : { edgeBudget: edgeCap, wideBudget };
    const painted = paint(ctx, { width, height: canvasHeight, dpr, transform, view, palette, leaders, ...budgets }, geometry);
    hits = null;
    reach = 0;
    canvas.dataset["window"] = String(current);
    canvas.dataset["mode"] = showingAll() ? "cumulative" : "window";
    canvas.dataset["drawnNodes"] = String(painted.nodes);
    canvas.dataset["drawnEdges"] = String(painted.edges);
    const top = view.ranked[0];
    if (top === undefined) {
      delete canvas.dataset["topNode"];
      delete canvas.dataset["topNodeX"];
      delete canvas.dataset["topNodeY"];
    } else {
      canvas.dataset["topNode"] = nodes[top]?.id ?? "";
      canvas.dataset["topNodeX"] = (geometry.screenX[top] ?? 0).toFixed(1);
      canvas.dataset["topNodeY"] = (geometry.screenY[top] ?? 0).toFixed(1);
    }
    canvas.dataset["drawMs"] = (performance.now() - started).toFixed(1);
  };
  // Everything that changes the picture goes through here, so a burst of zoom events costs one frame.
  const schedule = (): void => {
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      draw();
    });
  };

  const describe = (): void => {
    const view = currentView();
    windowLabel.textContent = view.label;
    scrubber.setAttribute("aria-valuetext", view.label);
    edgeLabel.textContent = showingAll() ? "Edges, all windows" : "Edges in window";
    edgeStat.textContent = formatCount(view.edges.length);
    edgeDetail.textContent = `${formatCount(view.comments)} comments, ${formatCount(view.present)} agents ranked`;
    capNote.hidden = view.edges.length <= edgeCap;
    if (!capNote.hidden) {
      capNote.textContent = `Drawing the heaviest ${formatCount(edgeCap)} of ${formatCount(view.edges.length)} edges; the lightest are left out to keep the graph responsive.`;
    }
    scrubber.disabled = showingAll();
    play.disabled = showingAll() || windows.length < 2;
    renderLegend(legend, palettes[mode]);
    hideTooltip();
    schedule();
  };

  // A ResizeObserver does not fire when the window moves to a screen of another pixel density.
  let densityQuery: MediaQueryList | null = null;
  const resize = (): void => {
    width = Math.max(1, wrap.clientWidth || 800);
    if (dpr !== (window.devicePixelRatio || 1) || !densityQuery) {
      dpr = window.devicePixelRatio || 1;
      densityQuery?.removeEventListener("change", resize);
      densityQuery = window.matchMedia(`(resolution: ${dpr}dppx)`);
      densityQuery.addEventListener("change", resize);
    }
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(canvasHeight * dpr);
    canvas.style.height = `${canvasHeight}px`;
    fit(nodes, bounds, width, canvasHeight, geometry);
    schedule();
  };

  // ---- playback ----
  const stopPlaying = (): void => {
    window.clearInterval(playTimer);
    playTimer = 0;
    play.textContent = "Play";
    play.setAttribute("aria-pressed", "false");
  };
  const startPlaying = (): void => {
    if (playTimer !== 0 || play.disabled) return;
    play.textContent = "Pause";
    play.setAttribute("aria-pressed", "true");
    playTimer = window.setInterval(() => {
      current = (current + 1) % windows.length;
      scrubber.value = String(current);
      describe();
    }, playMs);
  };

  // ---- hover and click ----
  const hitAt = (event: MouseEvent): number | null => {
    const rect = canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    if (!hits) {
      const drawn: number[] = [];
      for (let i = 0; i < nodes.length; i++) {
        const r = geometry.radius[i] ?? 0;
        if (r > 0) drawn.push(i);
        if (r > reach) reach = r;
      }
      hits = quadtree<number>()
        .x((i) => geometry.screenX[i] ?? 0)
        .y((i) => geometry.screenY[i] ?? 0)
        .addAll(drawn);
    }
    return nodeUnder(hits, geometry, x, y, reach + 4);
  };
  const hideTooltip = (): void => {
    tooltip.hidden = true;
    canvas.style.cursor = "";
  };
  const showTooltip = (index: number, event: MouseEvent): void => {
    const node = nodes[index];
    if (!node) return;
    tooltip.replaceChildren(...tooltipLines(node, currentView(), index, showingAll(), windows));
    tooltip.hidden = false;
    const rect = wrap.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    // Flip towards the inside near the right and bottom edges: the wrap clips overflow.
    const left = x + 14 + tooltip.offsetWidth > rect.width ? x - 14 - tooltip.offsetWidth : x + 14;
    const top = y + 14 + tooltip.offsetHeight > rect.height ? y - 14 - tooltip.offsetHeight : y + 14;
    tooltip.style.left = `${Math.max(0, left)}px`;
    tooltip.style.top = `${Math.max(0, top)}px`;
    canvas.style.cursor = "pointer";
  };

  const listeners = new AbortController();
  const on = { signal: listeners.signal };
  canvas.addEventListener(
    "pointermove",
    (event) => {
      // While dragging the view, a tooltip chasing the pointer only gets in the way.
      const index = event.buttons === 0 ? hitAt(event) : null;
      if (index === null) hideTooltip();
      else showTooltip(index, event);
    },
    on,
  );
  canvas.addEventListener("pointerleave", hideTooltip, on);
  // d3-zoom swallows the click that ends a drag, so this only fires for a real click.
  canvas.addEventListener(
    "click",
    (event) => {
      const index = hitAt(event);
      const node = index === null ? undefined : nodes[index];
      if (node) location.hash = `#/e/${encodeURIComponent(id)}/agent/${encodeURIComponent(node.id)}`;
    },
    on,
  );
  scrubber.addEventListener(
    "input",
    () => {
      stopPlaying();
      current = clampIndex(Number(scrubber.value), windows.length);
      describe();
    },
    on,
  );
  play.addEventListener("click", () => (playTimer === 0 ? startPlaying() : stopPlaying()), on);
  cumulative.addEventListener(
    "change",
    () => {
      if (showingAll()) stopPlaying();
      describe();
    },
    on,
  );
  colourSelect.addEventListener(
    "change",
    () => {
      mode = colourSelect.value === "group" ? "group" : "community";
      describe();
    },
    on,
  );

  const zoomer = zoom<HTMLCanvasElement, unknown>()
    .scaleExtent([0.25, 40])
    .on("zoom", (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
      transform = event.transform;
      // A programmatic zoom (Reset view) has no source event and ends at once: draw it in full.
      gesture = event.sourceEvent !== null && event.sourceEvent !== undefined;
      hideTooltip();
      schedule();
    })
    .on("end", () => {
      gesture = false;
      schedule();
    });
  select(canvas).call(zoomer);
  reset.addEventListener("click", () => select(canvas).call(zoomer.transform, zoomIdentity), on);

  const observer = new ResizeObserver(resize);
  observer.observe(wrap);
  resize();
  describe();

  return () => {
    stopPlaying();
    cancelAnimationFrame(frame);
    frame = 0;
    observer.disconnect();
    densityQuery?.removeEventListener("change", resize);
    listeners.abort();
    select(canvas).on(".zoom", null);
  };
}

// ---- derived data ----

function clampIndex(value: number, length: number): number {
  return Number.isFinite(value) ? Math.min(length - 1, Math.max(0, Math.trunc(value))) : 0;
}

/**
 * The extent the first view fits. Disconnected agents drift to the rim of a force layout, and
 * fitting the true extent would shrink the connected crowd to a corner of the canvas, so the
 * outermost 0.5% on each side may start just off-canvas (zooming out brings them back).
 */
function boundsOf(nodes: readonly GraphNode[]): { minX: number; maxX: number; minY: number; maxY: number } {
  const xs = nodes.map((node) => node.x).sort((a, b) => a - b);
  const ys = nodes.map((node) => node.y).sort((a, b) => a - b);
  const trim = Math.floor(nodes.length * 0.005);
  const at = (values: readonly number[], i: number): number => values[Math.min(values.length - 1, Math.max(0, i))] ?? 0;
  return { minX: at(xs, trim), maxX: at(xs, xs.length - 1 - trim), minY: at(ys, trim), maxY: at(ys, ys.length - 1 - trim) };
}

/** Fits the precomputed layout into the canvas at zoom 1, keeping its aspect ratio. */
function fit(nodes: readonly GraphNode[], bounds: ReturnType<typeof boundsOf>, width: number, height: number, geometry: Geometry): void {
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

/** Drops edges the file should never hold (unknown nodes, self-comments, empty counts) and sorts heaviest first. */
function cleanEdges(edges: Iterable<Edge>, nodeCount: number): Edge[] {
  const kept: Edge[] = [];
  for (const edge of edges) {
    const [s, t, comments] = edge;
    if (s !== t && s >= 0 && t >= 0 && s < nodeCount && t < nodeCount && comments > 0) kept.push(edge);
  }
  return kept.sort((a, b) => b[2] - a[2]);
}

function finishView(label: string, pagerank: Float64Array, edges: Edge[]): View {
  const ranked: number[] = [];
  pagerank.forEach((value, i) => {
    if (!Number.isNaN(value)) ranked.push(i);
  });
  ranked.sort((a, b) => (pagerank[b] ?? 0) - (pagerank[a] ?? 0));
  const onTop = new Uint8Array(pagerank.length);
  for (const i of ranked.slice(0, emphasised)) onTop[i] = 1;
  const comments = edges.reduce((sum, edge) => sum + edge[2], 0);
  return { label, pagerank, present: ranked.length, edges, comments, ranked, onTop };
}

function readPagerank(slice: GraphWindow, into: (index: number, value: number) => void, nodeCount: number): void {
  for (const [key, value] of Object.entries(slice.pagerank)) {
    const index = Number(key);
    if (Number.isInteger(index) && index >= 0 && index < nodeCount && Number.isFinite(value)) into(index, value);
  }
}

function windowView(nodeCount: number, windows: readonly GraphWindow[], position: number): View {
  const slice = windows[position];
  const pagerank = new Float64Array(nodeCount).fill(Number.NaN);
  if (!slice) return finishView(`window ${position}`, pagerank, []);
  readPagerank(slice, (i, value) => (pagerank[i] = value), nodeCount);
  return finishView(`window ${slice.index}: rounds ${slice.fromRound}-${slice.toRound}`, pagerank, cleanEdges(slice.edges, nodeCount));
}

/** Every window at once: edges summed, size by mean PageRank (a window the node sat out counts as 0). */
function allWindowsView(nodeCount: number, windows: readonly GraphWindow[]): View {
  const total = new Float64Array(nodeCount);
  const seen = new Uint8Array(nodeCount);
  const summed = new Map<number, number>();
  for (const slice of windows) {
    readPagerank(
      slice,
      (i, value) => {
        total[i] = (total[i] ?? 0) + value;
        seen[i] = 1;
      },
      nodeCount,
    );
    for (const [s, t, comments] of slice.edges) {
      // Checked here because a bad index would alias another pair in the packed key.
      if (!Number.isInteger(s) || !Number.isInteger(t) || s < 0 || t < 0 || s >= nodeCount || t >= nodeCount) continue;
      const key = s * nodeCount + t;
      summed.set(key, (summed.get(key) ?? 0) + comments);
    }
  }
  const pagerank = total.map((sum, i) => (seen[i] === 1 ? sum / windows.length : Number.NaN));
  const edges = function* (): Generator<Edge> {
    for (const [key, comments] of summed) yield [Math.floor(key / nodeCount), key % nodeCount, comments];
  };
  const first = windows[0];
  const last = windows[windows.length - 1];
  const label = first && last ? `all ${windows.length} windows: rounds ${first.fromRound}-${last.toRound}` : "all windows";
  return finishView(label, pagerank, cleanEdges(edges(), nodeCount));
}

/** Colours go to categories by size, largest first, so the biggest ten always get distinct colours. */
function paletteBy(nodes: readonly GraphNode[], keyOf: (node: GraphNode) => string | null, labelOf: (key: string) => string): Palette {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const key = keyOf(node);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const ordered = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "en", { numeric: true }));
  const colours = [...schemeTableau10, unknownColour];
  const unknown = colours.length - 1;
  const rank = new Map(ordered.map(([key], i) => [key, i % schemeTableau10.length]));
  const byNode = new Uint8Array(nodes.length);
  const buckets: number[][] = colours.map(() => []);
  nodes.forEach((node, i) => {
    const key = keyOf(node);
    const colour = key === null ? unknown : (rank.get(key) ?? unknown);
    byNode[i] = colour;
    buckets[colour]?.push(i);
  });
  const shown = ordered.slice(0, schemeTableau10.length);
  const legend = shown.map(([key, count], i) => ({ label: labelOf(key), colour: colours[i] ?? unknownColour, count }));
  const unassigned = buckets[unknown]?.length ?? 0;
  if (unassigned > 0) legend.push({ label: "unassigned", colour: unknownColour, count: unassigned });
  return { byNode, colours, buckets, legend, hidden: ordered.length - shown.length };
}

// ---- drawing ----

interface Scene {
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
  readonly transform: ZoomTransform;
  readonly view: View;
  readonly palette: Palette;
  readonly leaders: readonly number[];
  readonly edgeBudget: number;
  readonly wideBudget: number;
}

/**
 * One frame. Cost is linear and bounded: O(nodes) to place, at most `edgeBudget` segments (of
 * which at most `wideBudget` are strokes of their own, the rest share one stroke per alpha step),
 * one fill per colour, and the few hundred emphasised nodes painted individually.
 */
function paint(ctx: CanvasRenderingContext2D, scene: Scene, geometry: Geometry): Painted {
  const { width, height, dpr, transform: t, view, palette } = scene;
  const { baseX, baseY, screenX, screenY, radius } = geometry;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = backdrop;
  ctx.fillRect(0, 0, width, height);

  // Nodes grow a little when zoomed in (so crowds separate) and shrink when the canvas is crowded.
  const grow = Math.min(3, Math.max(0.6, Math.sqrt(t.k)));
  const density = Math.min(1, Math.max(0.45, Math.sqrt((width * height) / (Math.max(1, view.present) * 900))));
  const gain = 2.2 * density;
  let drawnNodes = 0;
  for (let i = 0; i < baseX.length; i++) {
    const x = t.x + t.k * (baseX[i] ?? 0);
    const y = t.y + t.k * (baseY[i] ?? 0);
    screenX[i] = x;
    screenY[i] = y;
    const pr = view.pagerank[i] ?? Number.NaN;
    const r =
      (Number.isNaN(pr) ? absentRadius : Math.min(maxRadius, 2 * density + gain * Math.sqrt(Math.max(0, pr) * view.present))) * grow;
    const inside = x + r >= 0 && x - r <= width && y + r >= 0 && y - r <= height;
    radius[i] = inside ? r : 0;
    if (inside) drawnNodes++;
  }

  // Edges under nodes, heaviest first in the list, so the wide ones are its head and the light
  // tail forms contiguous runs of equal weight.
  const limit = Math.min(view.edges.length, scene.edgeBudget);
  let wideEnd = 0;
  while (wideEnd < Math.min(limit, scene.wideBudget) && (view.edges[wideEnd]?.[2] ?? 0) >= wideFrom) wideEnd++;
  const crosses = (x1: number, y1: number, x2: number, y2: number): boolean =>
    // Both ends beyond the same side: the segment cannot cross the canvas.
    !((x1 < 0 && x2 < 0) || (x1 > width && x2 > width) || (y1 < 0 && y2 < 0) || (y1 > height && y2 > height));
  let drawnEdges = 0;

  // One device pixel wide, whatever the zoom: the rasteriser's hairline path. Weight shows as alpha.
  ctx.lineWidth = 1 / dpr;
  let runAlpha = -1;
  ctx.beginPath();
  for (let e = limit - 1; e >= wideEnd; e--) {
    const [s, target, comments] = view.edges[e] ?? [0, 0, 0];
    const x1 = screenX[s] ?? 0;
    const y1 = screenY[s] ?? 0;
    const x2 = screenX[target] ?? 0;
    const y2 = screenY[target] ?? 0;
    if (!crosses(x1, y1, x2, y2)) continue;
    const alpha = Math.min(0.6, Math.round(20 * hairAlpha * Math.sqrt(comments)) / 20);
    if (alpha !== runAlpha) {
      if (runAlpha > 0) ctx.stroke();
      ctx.beginPath();
      ctx.strokeStyle = `rgba(${edgeRgb}, ${alpha})`;
      runAlpha = alpha;
    }
    ctx.moveTo(x1, y1);
    ctx.lineTo(x2, y2);
    drawnEdges++;
  }
  if (runAlpha > 0) ctx.stroke();

  // The heaviest edges get real width. Stroked one by one: a wide translucent path of many
  // segments rasterises superlinearly, single short strokes do not.
  ctx.strokeStyle = `rgba(${edgeRgb}, 0.45)`;
  for (let e = wideEnd - 1; e >= 0; e--) {
    const [s, target, comments] = view.edges[e] ?? [0, 0, 0];
    const x1 = screenX[s] ?? 0;
    const y1 = screenY[s] ?? 0;
    const x2 = screenX[target] ?? 0;
    const y2 = screenY[target] ?? 0;
    if (!crosses(x1, y1, x2, y2)) continue;
    ctx.lineWidth = Math.min(6, 0.7 * Math.sqrt(comments));
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x2, y2);
    ctx.stroke();
    drawnEdges++;
  }

  // Agents that sat this window out stay visible as faint dots, so the layout does not jump.
  const fillBuckets = (absent: boolean): void => {
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
  };
  ctx.globalAlpha = 0.3;
  fillBuckets(true);
  ctx.globalAlpha = 0.9;
  fillBuckets(false);
  ctx.globalAlpha = 1;

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

  ctx.beginPath();
  for (const i of scene.leaders) {
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
  return { nodes: drawnNodes, edges: drawnEdges };
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

// ---- small DOM pieces ----

function stat(label: string, value: string): HTMLElement {
  return h("div", { class: "stat" }, h("div", { class: "label" }, label), h("div", { class: "value" }, value));
}

function tooltipLines(node: GraphNode, view: View, index: number, cumulative: boolean, windows: readonly GraphWindow[]): HTMLElement[] {
  const pr = view.pagerank[index] ?? Number.NaN;
  const windowName = (position: number): string => String(windows[position]?.index ?? position);
  return [
    h("div", {}, h("b", {}, node.id), node.persistentLeader ? h("span", { class: "tag leader" }, "persistent leader") : null),
    h(
      "div",
      {},
      Number.isNaN(pr)
        ? cumulative
          ? "Not ranked in any window"
          : "Not active in this window"
        : `${cumulative ? "Mean PageRank" : "PageRank"} ${pr.toPrecision(3)}`,
    ),
    h("div", {}, `Community ${node.community < 0 ? "none" : node.community} · ${node.group ?? "no group"} · ${node.policy}`),
    h("div", {}, node.topWindows.length > 0 ? `Top-k in windows ${node.topWindows.map(windowName).join(", ")}` : "Never in the top-k"),
    h("div", { class: "muted" }, "Click to inspect"),
  ];
}

function renderLegend(legend: HTMLElement, palette: Palette): void {
  const swatch = (colour: string, label: string, ring = false): HTMLElement =>
    h(
      "span",
      {},
      h("i", { style: ring ? `background: transparent; box-shadow: inset 0 0 0 2px ${colour}` : `background: ${colour}` }),
      label,
    );
  legend.replaceChildren();
  append(
    legend,
    ...palette.legend.map((entry) => swatch(entry.colour, `${entry.label} (${formatCount(entry.count)})`)),
    palette.hidden > 0 ? h("span", {}, `+${formatCount(palette.hidden)} smaller (colours repeat)`) : null,
    swatch(leaderGold, "persistent leader", true),
    h("span", {}, h("i", { style: `background: ${unknownColour}; opacity: .35; width: 5px; height: 5px` }), "not active in this window"),
  );
}

function leadersCard(id: string, nodes: readonly GraphNode[], leaders: readonly number[]): HTMLElement {
  const shown = 40;
  const sorted = [...leaders].sort((a, b) => (nodes[b]?.topWindows.length ?? 0) - (nodes[a]?.topWindows.length ?? 0));
  const links = sorted.slice(0, shown).flatMap((i) => {
    const node = nodes[i];
    if (!node) return [];
    return [
      h(
        "a",
        {
          href: `#/e/${encodeURIComponent(id)}/agent/${encodeURIComponent(node.id)}`,
          class: "tag leader",
          title: `top-k in ${node.topWindows.length} windows`,
        },
        node.id,
      ),
    ];
  });
  return h(
    "div",
    { class: "card" },
    h("h2", {}, "Persistent leaders"),
    h("p", { class: "small muted" }, "Agents in the PageRank top-k of two consecutive windows or more, most often on top first."),
    links.length > 0
      ? h(
          "div",
          {},
          ...links,
          sorted.length > shown ? h("span", { class: "small muted" }, ` +${formatCount(sorted.length - shown)} more`) : null,
        )
      : h("p", { class: "muted" }, "None in this run."),
  );
}
