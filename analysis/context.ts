import type { AnalysisLog } from "./log/analysis-log.js";
import { windowsOf } from "./log/windows.js";
import type { AnalysisContext } from "./metrics/metric-types.js";
import type { Embedder } from "./text/embedder.js";
import { tokenCorpusOf } from "./text/token-corpus.js";
import type { Vector } from "./text/vector.js";
import { VectorTableBuilder } from "./text/vector-table.js";

/**
 * Embeds every post and comment (two passes: fit, then embed) and fixes the windows. Vectors go
 * straight into a sparse VectorTable (the context's `vectors` map), rows in log order - posts,
 * then comments - so no dense array per item outlives its turn.
 */
export async function buildContext(log: AnalysisLog, embedder: Embedder, seed: number): Promise<AnalysisContext> {
  const items = [...log.posts, ...log.comments];
  const table = new VectorTableBuilder();
  if (embedder.embedCorpus) {
    const corpus = tokenCorpusOf(log);
    const order = new Int32Array(corpus.items);
    for (let i = 0; i < corpus.items; i++) order[corpus.logItems[i] ?? 0] = i;
    embedder.embedCorpus(corpus, order, (vector, item) => {
      const logItem = items[corpus.logItems[item] ?? 0];
      if (logItem) table.add(logItem.id, vector);
    });
  } else {
    await embedder.fit(items.map((item) => item.text));
    const batch = 2048;
    for (let i = 0; i < items.length; i += batch) {
      const slice = items.slice(i, i + batch);
      const take = (vector: Vector, j: number): void => {
        const item = slice[j];
        if (item) table.add(item.id, vector);
      };
      (await embedder.embed(slice.map((item) => item.text))).forEach(take);
    }
  }
  // A remote embedder knows its dims only after its first answer.
  return { log, windows: windowsOf(log), vectors: table.build(embedder.dims), dims: embedder.dims, seed };
}
