import { forceAtlasLayout } from "./layout-graph.js";
import type { LayoutInput, LayoutResult } from "./layout-graph.js";

/** The layout's web worker: one message in (the graph), one out (positions), then it is terminated. */

interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutInput>) => void) | null;
  postMessage(message: LayoutResult, transfer: Transferable[]): void;
}

// The pages are type-checked with the DOM library only; inside a worker `self` is the worker scope.
const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => {
  const result = forceAtlasLayout(event.data);
  scope.postMessage(result, [result.x.buffer, result.y.buffer]);
};
