import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ArchiveFile } from "./tar-archive.js";

/** The files of a run directory (docs/events.md), in the order an archive lists them. */
const runFiles = ["config.json", "manifest.json", "summary.json", "events.ndjson", "telemetry.ndjson"] as const;
const analysisFiles = ["report.json", "report.html", "graph.json"] as const;

/** What an archive of a run holds: its own files, and the analysis from `analysisDir` (the run's, or this server's). */
export function runArchiveFiles(dir: string, analysisDir: string): ArchiveFile[] {
  return [
    ...runFiles.map((name) => ({ name, path: join(dir, name) })),
    ...analysisFiles.map((name) => ({ name, path: join(analysisDir, name) })),
  ].filter((file) => existsSync(file.path));
}
