import type { Report } from "../../core/contracts/report.js";
import { analysisTables } from "./table-schema.js";
import type { Row } from "./table-schema.js";

/** report.json's verdicts: one row per diagnostic, and one per component of each. */
export function verdictRows(report: Report): { verdicts: Row[]; components: Row[] } {
  const verdicts = report.verdicts.map((v) => ({
    metric: v.metric,
    verdict: v.verdict,
    effect: v.effect,
    ci_low: v.ci?.[0] ?? null,
    ci_high: v.ci?.[1] ?? null,
    delta: v.delta,
    n: v.n,
    p: v.p,
    p_holm: v.pHolm,
    reason: v.reason,
  }));
  const components = report.verdicts.flatMap((v) =>
    v.components.map((c) => ({
      metric: v.metric,
      component: c.name,
      effect: c.effect,
      ci95_low: c.ci95[0],
      ci95_high: c.ci95[1],
      ci90_low: c.ci90[0],
      ci90_high: c.ci90[1],
      delta: c.delta,
      p: c.p,
      n: c.n,
    })),
  );
  return { verdicts, components };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A window's row of a metric (`{index, fromRound, toRound, ...}`) or a per-window record of a null (`{window, ...}`). */
function windowIndexOf(value: unknown): number | null {
  if (!isRecord(value)) return null;
  if (typeof value["index"] === "number" && typeof value["fromRound"] === "number" && typeof value["toRound"] === "number")
    return value["index"];
  if (typeof value["window"] === "number" && Number.isInteger(value["window"])) return value["window"];
  return null;
}

const windowKeys = new Set(["index", "fromRound", "toRound", "window"]);
/** Maps keyed by agent id: a value per agent, not a statistic of the window (PageRank is in influence_nodes). */
const byAgent = new Set(["pagerank"]);

/**
 * Every number report.json gives per window, as a long table (metric, statistic, window, value):
 * the scalar fields of each metric's per-window records, and the plain per-window arrays (a key
 * `windows` or ending in `ByWindow`, one value per window). The statistic is the field's path inside
 * the metric with the `windows` steps left out; an array of records is stepped into by each record's
 * `n` (`byN.n=2.birthRate`) or its position, and a record nested in a window's record by its key
 * (`exposure.gini`). Booleans are 1/0. Lists inside a window record (top-k ids) are left out; the
 * PageRank map keyed by agent is the influence tables' (influence_nodes).
 */
export function windowMetricRows(report: Pick<Report, "windows"> & { readonly metrics: Readonly<Record<string, unknown>> }): Row[] {
  const rows: Row[] = [];
  const windows = report.windows;
  const emit = (metric: string, path: readonly string[], window: number, value: unknown): void => {
    const range = windows[window];
    if (range === undefined) return;
    const number = typeof value === "boolean" ? (value ? 1 : 0) : typeof value === "number" && Number.isFinite(value) ? value : null;
    if (value !== null && number === null) return;
    rows.push({ metric, statistic: path.join("."), window, from_round: range.fromRound, to_round: range.toRound, value: number });
  };
  // A window record's numbers, and those of the records nested in it (`exposure.gini`).
  const emitScalars = (metric: string, record: Readonly<Record<string, unknown>>, path: readonly string[], window: number): void => {
    for (const [field, v] of Object.entries(record)) {
      if (windowKeys.has(field) || byAgent.has(field) || Array.isArray(v)) continue;
      if (isRecord(v)) emitScalars(metric, v, [...path, field], window);
      else emit(metric, [...path, field], window, v);
    }
  };
  const walk = (metric: string, value: unknown, path: readonly string[]): void => {
    if (Array.isArray(value)) {
      const key = path.at(-1) ?? "";
      if (value.length > 0 && value.every((v) => windowIndexOf(v) !== null)) {
        const prefix = key === "windows" ? path.slice(0, -1) : path;
        for (const record of value) {
          const window = windowIndexOf(record) ?? -1;
          if (!isRecord(record)) continue;
          emitScalars(metric, record, prefix, window);
        }
      } else if (
        (key === "windows" || key.endsWith("ByWindow")) &&
        value.length === windows.length &&
        value.every((v) => v === null || typeof v === "number")
      ) {
        const name = key === "windows" ? path.slice(0, -1) : path;
        value.forEach((v, window) => emit(metric, name.length > 0 ? name : [key], window, v));
      } else {
        value.forEach((v, i) => walk(metric, v, [...path, isRecord(v) && typeof v["n"] === "number" ? `n=${v["n"]}` : String(i)]));
      }
    } else if (isRecord(value)) {
      for (const [field, v] of Object.entries(value)) walk(metric, v, [...path, field]);
    }
  };
  for (const [metric, result] of Object.entries(report.metrics)) walk(metric, result, []);
  return rows;
}

export const reportTables = [analysisTables.verdicts, analysisTables.verdictComponents, analysisTables.windowMetrics] as const;
