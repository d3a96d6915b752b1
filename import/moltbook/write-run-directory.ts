import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ImportRunSummary } from "../../core/contracts/run-directory.js";
import { writeConfigFile, writeManifestFile, writeSummaryFile } from "../../node/run-directory.js";
import type { WrittenLog } from "../../node/run-directory.js";

export interface ImportRunFiles {
  readonly config: Record<string, unknown>;
  readonly startTime: string;
  readonly rounds: number;
  /** events.ndjson as round-log.ts wrote it. */
  readonly log: WrittenLog;
  readonly summary: ImportRunSummary;
}

/**
 * The rest of an import's run directory (docs/events.md) once events.ndjson is written (by
 * round-log.ts, streamed and hashed): config.json, an empty telemetry.ndjson (an import has no
 * wall-clock events), manifest.json in the same shape as a simulated run's (experiment id `import`,
 * no seed, no models) and summary.json.
 */
export async function writeImportRunFiles(outDir: string, run: ImportRunFiles): Promise<void> {
  const configHash = await writeConfigFile(outDir, run.config);
  await writeFile(join(outDir, "telemetry.ndjson"), "");
  const manifestRun = {
    experimentId: "import",
    seed: null,
    promptVersion: null,
    policies: ["imported"],
    models: [],
    startTime: run.startTime,
    rounds: run.rounds,
  };
  await writeManifestFile(outDir, configHash, manifestRun, run.log);
  await writeSummaryFile(outDir, run.summary);
}
