import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MurmurClient } from "./api-client.js";
import { writeRunDirectory } from "./run-directory.js";
import type { RunDirectoryResult } from "./run-directory.js";
import { analyze } from "./commands/analyze.js";

/**
 * An experiment of a server (local or deployed) as a run directory (docs/events.md): the same
 * files `murmur run` writes - config, events and telemetry through the export API, checked against
 * the round manifests by the Worker, manifest and summary computed here - and the analysis stored
 * with it (report.json, report.html, graph.json), or, when none is stored, `murmur analyze`'s.
 * `murmur pull` and the pages' download button (through the local server) both use it.
 */

export interface DownloadedRun extends RunDirectoryResult {
  readonly name: string;
  /** Where report.json came from: stored with the experiment, or analysed here. */
  readonly analysis: "stored" | "analysed";
}

export class DownloadRefused extends Error {
  override readonly name = "DownloadRefused";
}

export async function downloadRun(client: MurmurClient, id: string, out: string): Promise<DownloadedRun> {
  const status = await client.status(id);
  if (status.source) throw new DownloadRefused(`${id} is already a run directory: ${status.source.path}`);
  if (status.roundsDone === 0) throw new DownloadRefused(`${id} has no finished round yet: nothing to download`);
  const written = await writeRunDirectory(client, status, out, 0);
  let stored = 0;
  for (const [name, file] of [
    ["report", "report.json"],
    ["graph", "graph.json"],
    ["html", "report.html"],
  ] as const) {
    const text = await client.artifact(id, name);
    if (text !== null) {
      writeFileSync(join(out, file), text);
      stored++;
    }
  }
  if (stored === 0) await analyze(out, { seed: 1, quiet: true });
  return { ...written, name: status.name, analysis: stored > 0 ? "stored" : "analysed" };
}
