import type { AnalysisLog } from "../../../analysis/log/analysis-log.js";
import { windowsOf } from "../../../analysis/log/windows.js";
import type { AnalysisContext } from "../../../analysis/metrics/metric-types.js";
import type { Vector } from "../../../analysis/text/vector.js";

/** A context with hand-made vectors (by post/comment id), so cosines can be computed on paper. */
export function handContext(log: AnalysisLog, vectors: Record<string, readonly number[]> = {}, seed = 1): AnalysisContext {
  const map = new Map<string, Vector>(Object.entries(vectors).map(([id, v]) => [id, Float64Array.from(v)]));
  const dims = Object.values(vectors)[0]?.length ?? 2;
  return { log, windows: windowsOf(log), vectors: map, dims, seed };
}
