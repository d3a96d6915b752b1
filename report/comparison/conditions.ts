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
  /**
   * A short name for legends: the runs' common name without its "(...)" suffix when that tells the
   * conditions apart (a sweep names runs "socialized (300 agents, seed 2)"), else the differing
   * values when there are at most two, else "condition A", "condition B", ...
   */
  readonly label: string;
  /** Every differing field with this condition's value ("knobs.authorAppeal 1"). */
  readonly differences: readonly string[];
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
  const byKey = new Map<string, { differences: string[]; runs: ComparedRun<R>[] }>();
  runs.forEach((run, i) => {
    const differences = differing.map((path) => `${path} ${(flat[i]?.get(path) ?? "unset").replace(/"/g, "")}`);
    const key = differences.join(", ");
    const entry = byKey.get(key) ?? { differences, runs: [] };
    entry.runs.push(run);
    byKey.set(key, entry);
  });
  const entries = [...byKey.entries()];
  const labels = shortLabels(entries.map(([, entry]) => entry));
  const conditions = entries.map(([key, entry], i) => ({ key, label: labels[i] ?? key, differences: entry.differences, runs: entry.runs }));
  return { differing, conditions };
}

function nameStem(name: string): string {
  return name.replace(/\s*\([^()]*\)\s*$/, "").trim();
}

function shortLabels(entries: readonly { differences: readonly string[]; runs: readonly { name: string }[] }[]): string[] {
  const stems = entries.map((e) => {
    const names = new Set(e.runs.map((r) => nameStem(r.name)));
    return names.size === 1 ? ([...names][0] ?? "") : "";
  });
  if (entries.length === 1 && (entries[0]?.differences.length ?? 0) === 0) return [stems[0] || "every run's config"];
  if (stems.every((stem) => stem !== "") && new Set(stems).size === stems.length) return stems;
  if (entries.every((e) => e.differences.length <= 2)) return entries.map((e) => e.differences.join(", "));
  return entries.map((_, i) => `condition ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ""}`);
}
