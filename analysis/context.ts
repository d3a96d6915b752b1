import type { AnalysisLog } from "./log/analysis-log.js";
import { windowsOf } from "./log/windows.js";
import type { AnalysisContext } from "./metrics/metric-types.js";
import type { Embedder } from "./text/embedder.js";
import type { Vector } from "./text/vector.js";

/** Embeds every post and comment (two passes: fit, then embed) and fixes the windows. */
export async function buildContext(log: AnalysisLog, embedder: Embedder, seed: number): Promise<AnalysisContext> {
  const items = [...log.posts, ...log.comments];
  await embedder.fit(items.map((item) => item.text));
  const vectors = new Map<string, Vector>();
  const batch = 2048;
  for (let i = 0; i < items.length; i += batch) {
    const slice = items.slice(i, i + batch);
    const embedded = await embedder.embed(slice.map((item) => item.text));
    slice.forEach((item, j) => {
      const vector = embedded[j];
      if (vector) vectors.set(item.id, vector);
    });
  }
  return { log, windows: windowsOf(log), vectors, dims: embedder.dims, seed };
}
