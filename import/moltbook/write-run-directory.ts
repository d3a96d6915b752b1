import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ImportRunSummary } from "../../core/contracts/run-directory.js";
import { canonicalLine } from "../../core/events/canonical.js";
import { writeConfigFile, writeManifestFile, writeSummaryFile } from "../../node/run-directory.js";
import type { WrittenLog } from "../../node/run-directory.js";
import type { RoundEvents } from "./to-events.js";

export interface ImportRunDirectory {
  readonly config: Record<string, unknown>;
  readonly startTime: string;
  readonly rounds: number;
  readonly events: Iterable<RoundEvents>;
  /** summary.json, from what the log turned out to hold. */
  readonly summary: (log: WrittenLog) => ImportRunSummary;
}

/**
 * The run directory (docs/events.md) for an import: config.json, events.ndjson (streamed, hashed as
 * written), an empty telemetry.ndjson (an import has no wall-clock events), manifest.json in the
 * same shape as a simulated run's (experiment id `import`, no seed, no models) and summary.json.
 */
export async function writeImportRunDirectory(outDir: string, run: ImportRunDirectory): Promise<WrittenLog> {
  await mkdir(outDir, { recursive: true });
  const configHash = await writeConfigFile(outDir, run.config);
  const log = await writeEvents(join(outDir, "events.ndjson"), run.events);
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
  await writeManifestFile(outDir, configHash, manifestRun, log);
  await writeSummaryFile(outDir, run.summary(log));
  return log;
}

/** Canonical lines, `seq` numbered per round from 0; written round by round with backpressure. */
async function writeEvents(path: string, rounds: Iterable<RoundEvents>): Promise<WrittenLog> {
  const hash = createHash("sha256");
  const counts: Record<string, number> = {};
  let events = 0;
  const out = createWriteStream(path, { encoding: "utf8" });
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  failed.catch(() => undefined);
  for (const { events: roundEvents } of rounds) {
    if (roundEvents.length === 0) continue;
    let chunk = "";
    roundEvents.forEach((event, seq) => {
      chunk += `${canonicalLine(event, seq)}\n`;
      counts[event.type] = (counts[event.type] ?? 0) + 1;
    });
    events += roundEvents.length;
    hash.update(chunk);
    if (!out.write(chunk)) await Promise.race([new Promise<void>((resolve) => out.once("drain", () => resolve())), failed]);
  }
  await Promise.race([
    new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve()))),
    failed,
  ]);
  return { events, counts, sha256: hash.digest("hex") };
}
