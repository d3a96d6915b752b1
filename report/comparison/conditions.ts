/**
 * Conditions of a comparison: runs grouped by what their configs set differently. Size (agents),
 * seed and name are what a comparison varies or labels, never a condition, so two seeds of one
 * preset at three sizes are one condition with three points, and two presets are two conditions -
 * never joined by one line. `scale` is left out too: shard counts and fan-out change how a run is
 * computed, not the society it simulates.
 */

/** Config fields that never define a condition (see above). */
const notConditions = new Set(["name", "seed", "agents", "scale"]);

export interface ComparedRun<R> {
  readonly id: string;
  readonly name: string;
  readonly agents: number;
  readonly seed: number;
  /** The run's experiment config as stored (plain JSON). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly report: R;
}

export interface Condition<R> {
  /** Canonical text of the differing fields' values: equal keys mean equal conditions. */
  readonly key: string;
  /** "knobs.authorAppeal 1, knobs.positionBias 1", or "every run's config" when nothing differs. */
  readonly label: string;
  readonly runs: readonly ComparedRun<R>[];
}

export interface ConditionGroups<R> {
  /** Dotted config paths whose values differ between runs (sorted). */
  readonly differing: readonly string[];
  readonly conditions: readonly Condition<R>[];
}

/** Leaf values of a JSON object by dotted path; arrays count as one leaf (compared as JSON). */
export function flattenConfig(value: unknown, prefix = "", out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      if (prefix === "" && notConditions.has(key)) continue;
      flattenConfig(child, path, out);
    }
    return out;
  }
  if (prefix !== "") out.set(prefix, JSON.stringify(value));
  return out;
}

/** Groups runs by the values of the config fields on which any two of them differ. */
export function groupByCondition<R>(runs: readonly ComparedRun<R>[]): ConditionGroups<R> {
  const flat = runs.map((run) => flattenConfig(run.config));
  const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))].sort();
  // A path missing from a config reads as its own value ("unset"): a knob set in one run and left
  // to its default in another is a difference a reader must see.
  const differing = paths.filter((path) => new Set(flat.map((f) => f.get(path) ?? "unset")).size > 1);
  const byKey = new Map<string, { label: string; runs: ComparedRun<R>[] }>();
  runs.forEach((run, i) => {
    const values = differing.map((path) => `${path} ${flat[i]?.get(path) ?? "unset"}`);
    const key = values.join(", ");
    const label = key === "" ? "every run's config" : key.replace(/"/g, "");
    const entry = byKey.get(key) ?? { label, runs: [] };
    entry.runs.push(run);
    byKey.set(key, entry);
  });
  const conditions = [...byKey.entries()].map(([key, entry]) => ({ key, label: entry.label, runs: entry.runs }));
  return { differing, conditions };
}
