import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { runManifestSchema, runSummarySchema } from "../../core/contracts/run-directory.js";
import type { RunManifest, RunSummary } from "../../core/contracts/run-directory.js";

/**
 * Finds the run directories under the library's roots (docs/run-library.md): every directory that
 * holds manifest.json and events.ndjson, at most `maxDepth` levels down (runs/<id>, runs/sweep/<run>,
 * runs/calibration/<set>/<run>). Each is validated with the run directory's contracts; one that does
 * not validate is reported, not served. Nothing here writes.
 */

/** Levels below a root searched for run directories: sweeps and calibrations nest runs two levels down. */
const maxDepth = 4;

export interface LibraryRun {
  readonly id: string;
  readonly dir: string;
  readonly manifest: RunManifest;
  readonly summary: RunSummary;
  /** The experiment config of a simulated run; null for an import (its config.json describes the import). */
  readonly config: ExperimentConfig | null;
  /** config.json as written, for the config route. */
  readonly rawConfig: unknown;
  /** When the directory was written (manifest.json's modification time). */
  readonly writtenAt: string;
}

export interface ScanResult {
  readonly runs: LibraryRun[];
  /** Directories that look like run directories but did not validate, with the reason. */
  readonly rejected: { dir: string; reason: string }[];
}

/** `r` + 12 hex digits of the sha256 of the real path: stable across restarts, distinct across roots. */
export function libraryId(realDir: string): string {
  return `r${createHash("sha256").update(realDir).digest("hex").slice(0, 12)}`;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** One run directory, validated; throws with the first reason it is not one. */
export function readRunDirectory(dir: string): LibraryRun {
  const real = realpathSync(dir);
  const manifest = runManifestSchema.safeParse(readJson(join(real, "manifest.json")));
  if (!manifest.success) throw new Error(`manifest.json: ${manifest.error.issues[0]?.message ?? "invalid"}`);
  const summary = runSummarySchema.safeParse(readJson(join(real, "summary.json")));
  if (!summary.success) throw new Error(`summary.json: ${summary.error.issues[0]?.message ?? "invalid"}`);
  const rawConfig = readJson(join(real, "config.json"));
  const imported = manifest.data.experimentId === "import";
  const parsed = imported ? null : parseExperimentConfig(rawConfig);
  if (parsed && !parsed.ok) throw new Error(`config.json: ${parsed.issues[0] ?? "invalid"}`);
  return {
    id: libraryId(real),
    dir: real,
    manifest: manifest.data,
    summary: summary.data,
    config: parsed?.ok ? parsed.config : null,
    rawConfig,
    writtenAt: statSync(join(real, "manifest.json")).mtime.toISOString(),
  };
}

function isRunDirectory(dir: string): boolean {
  return existsSync(join(dir, "manifest.json")) && existsSync(join(dir, "events.ndjson"));
}

function walk(dir: string, depth: number, found: string[]): void {
  if (isRunDirectory(dir)) {
    found.push(dir);
    return;
  }
  if (depth >= maxDepth) return;
  let entries: string[];
  try {
    entries = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith("."))
      .map((e) => e.name)
      .sort();
  } catch {
    return;
  }
  for (const name of entries) walk(join(dir, name), depth + 1, found);
}

/** Validated runs by directory, with the manifest's modification time they were read at. */
export type ScanCache = Map<string, { readonly mtimeMs: number; readonly run: LibraryRun }>;

function cachedRead(dir: string, cache: ScanCache): LibraryRun {
  const mtimeMs = statSync(join(dir, "manifest.json")).mtimeMs;
  const hit = cache.get(dir);
  if (hit && hit.mtimeMs === mtimeMs) return hit.run;
  const run = readRunDirectory(dir);
  cache.set(dir, { mtimeMs, run });
  return run;
}

/** Every run directory under the roots (a root may itself be one); roots that do not exist are skipped. */
export function scanRuns(roots: readonly string[], cache: ScanCache = new Map()): ScanResult {
  const dirs: string[] = [];
  for (const root of roots) if (existsSync(resolve(root))) walk(resolve(root), 0, dirs);
  const runs = new Map<string, LibraryRun>();
  const rejected: ScanResult["rejected"] = [];
  for (const dir of dirs) {
    try {
      const run = cachedRead(dir, cache);
      runs.set(run.id, run);
    } catch (error) {
      rejected.push({ dir, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { runs: [...runs.values()].sort((a, b) => (a.writtenAt < b.writtenAt ? 1 : -1)), rejected };
}
