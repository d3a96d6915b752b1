import { forceAtlasLayout } from "./layout-graph.js";
import type { LayoutInput, LayoutResult } from "./layout-graph.js";

/**
 * Runs the ForceAtlas2 layout in a web worker, so the page stays responsive while a 5,000-node
 * graph is laid out; where workers are missing it runs on the main thread after the first frame.
 */

export interface TimedLayout extends LayoutResult {
  /** Wall time from the request to the positions, worker start-up included. */
  readonly elapsedMs: number;
}

export interface BackgroundLayout {
  readonly done: Promise<TimedLayout>;
  cancel(): void;
}

export function layoutInBackground(input: LayoutInput): BackgroundLayout {
  const started = performance.now();
  const timed = (result: LayoutResult): TimedLayout => ({ ...result, elapsedMs: performance.now() - started });
  if (typeof Worker === "undefined") {
    let timer = 0;
    const done = new Promise<TimedLayout>((resolve) => {
      timer = window.setTimeout(() => resolve(timed(forceAtlasLayout(input))), 0);
    });
    return { done, cancel: () => window.clearTimeout(timer) };
  }
  const worker = new Worker(new URL("./layout-worker.ts", import.meta.url), { type: "module" });
  const done = new Promise<TimedLayout>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<LayoutResult>) => {
      resolve(timed(event.data));
      worker.terminate();
    };
    worker.onerror = (event) => {
      reject(new Error(`layout worker failed: ${event.message}`));
      worker.terminate();
    };
  });
  // Copies, not transfers: the page keeps drawing from its own positions until the new ones arrive.
  worker.postMessage({ x: input.x.slice(), y: input.y.slice(), edges: input.edges });
  return { done, cancel: () => worker.terminate() };
}
