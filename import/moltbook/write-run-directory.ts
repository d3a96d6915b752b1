import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { canonicalLine } from "../../core/events/canonical.js";
import { eventFormatVersion } from "../../core/tunables.js";
import { sortedJson } from "../../cli/run-directory.js";
import { repoRoot } from "../../cli/local/paths.js";
import type { RoundEvents } from "./to-events.js";

export interface WrittenLog {
  readonly events: number;
  readonly counts: Record<string, number>;
  readonly sha256: string;
}

export interface ImportRunDirectory {
  readonly config: Record<string, unknown>;
  readonly startTime: string;
  readonly rounds: number;
  readonly events: Iterable<RoundEvents>;
  /** summary.json, from what the log turned out to hold. */
  readonly summary: (log: WrittenLog) => Record<string, unknown>;
}

/**
 * The run directory of EVENTS.md for an import: config.json, events.ndjson (streamed, hashed as
 * written), an empty telemetry.ndjson (an import has no wall-clock events), manifest.json in the
 * same shape as a simulated run's (experiment id `import`, no seed, no models) and summary.json.
 */
export async function writeImportRunDirectory(outDir: string, run: ImportRunDirectory): Promise<WrittenLog> {
  await mkdir(outDir, { recursive: true });
  const configText = sortedJson(run.config);
  await writeFile(join(outDir, "config.json"), configText);
  const log = await writeEvents(join(outDir, "events.ndjson"), run.events);
  await writeFile(join(outDir, "telemetry.ndjson"), "");
  await writeFile(
    join(outDir, "manifest.json"),
    sortedJson({
      formatVersion: eventFormatVersion,
      experimentId: "import",
      configHash: createHash("sha256").update(configText).digest("hex"),
      seed: null,
      codeCommit: codeCommit(),
      promptVersion: null,
      embedderVersion: null,
      policies: ["imported"],
      models: [],
      fork: null,
      startTime: run.startTime,
      rounds: run.rounds,
      counts: log.counts,
      events: log.events,
      eventsSha256: log.sha256,
    }),
  );
  await writeFile(join(outDir, "summary.json"), sortedJson(run.summary(log)));
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

function codeCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}
