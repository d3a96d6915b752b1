import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runManifestSchema, runSummarySchema } from "../core/contracts/run-directory.js";
import type { RunManifest, RunSummary } from "../core/contracts/run-directory.js";
import { eventFormatVersion } from "../core/tunables.js";
import { sortedJson } from "../core/util/sorted-json.js";
import { codeCommit } from "./code-commit.js";

/**
 * The files of a run directory (docs/events.md) that `murmur run` and `murmur import` both write:
 * config.json, manifest.json and summary.json, each validated against its contract
 * (core/contracts/run-directory.ts) and written with sorted keys. events.ndjson comes from each
 * writer's own source (the experiment API's stream, or the importer's rounds).
 */

/** What a written events.ndjson turned out to hold. */
export interface WrittenLog {
  readonly events: number;
  readonly counts: Record<string, number>;
  readonly sha256: string;
}

/** What the manifest records of the run itself; the rest is the log's, the config's and the checkout's. */
export type ManifestRun = Pick<RunManifest, "experimentId" | "seed" | "promptVersion" | "policies" | "models" | "startTime" | "rounds">;

/** Writes config.json; returns the sha256 of its bytes (the manifest's configHash). */
export async function writeConfigFile(dir: string, config: unknown): Promise<string> {
  const text = sortedJson(config);
  await writeFile(join(dir, "config.json"), text);
  return createHash("sha256").update(text).digest("hex");
}

export async function writeManifestFile(dir: string, configHash: string, run: ManifestRun, log: WrittenLog): Promise<void> {
  const manifest: RunManifest = {
    formatVersion: eventFormatVersion,
    experimentId: run.experimentId,
    configHash,
    seed: run.seed,
    codeCommit: codeCommit(),
    promptVersion: run.promptVersion,
    embedderVersion: null,
    policies: run.policies,
    models: run.models,
    fork: null,
    startTime: run.startTime,
    rounds: run.rounds,
    counts: log.counts,
    events: log.events,
    eventsSha256: log.sha256,
  };
  await writeFile(join(dir, "manifest.json"), sortedJson(runManifestSchema.parse(manifest)));
}

export async function writeSummaryFile(dir: string, summary: RunSummary): Promise<void> {
  await writeFile(join(dir, "summary.json"), sortedJson(runSummarySchema.parse(summary)));
}
