import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MurmurClient } from "../api-client.js";
import { writeRunDirectory } from "../run-directory.js";
import { analyze } from "./analyze.js";

/** How often `murmur serve` looks for finished experiments without a stored report. */
const publishPollMs = 3_000;
/** A run that `murmur run --server` drives publishes its own report; give it this long first. */
const ownerGraceMs = 8_000;

/** Stores a run directory's report.json and graph.json with its experiment, for the pages. */
export async function uploadArtifacts(client: MurmurClient, id: string, dir: string): Promise<void> {
  for (const [name, file] of [
    ["report", "report.json"],
    ["graph", "graph.json"],
    ["html", "report.html"],
  ] as const) {
    const path = join(dir, file);
    if (existsSync(path)) await client.putArtifact(id, name, readFileSync(path, "utf8"));
  }
}

/**
 * The analysis runs in Node (docs/design.md decision 8), so the local server's own process analyses
 * experiments that finish without one - e.g. those launched from the browser - and stores the
 * report and the influence graph with them. Returns a function that stops the loop.
 */
export function publishReports(client: MurmurClient, log: (line: string) => void): () => void {
  const attempted = new Set<string>();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pass = async (): Promise<void> => {
    for (const status of await client.list()) {
      if (stopped) return;
      // A run directory of the library is analysed by the library itself (cli/library/run-library.ts).
      if (status.source) continue;
      if ((status.status !== "finished" && status.status !== "stopped") || attempted.has(status.id) || status.roundsDone === 0) continue;
      if (Date.now() - Date.parse(status.finishedAt ?? "") < ownerGraceMs) continue;
      attempted.add(status.id);
      if (await client.hasArtifact(status.id, "report")) continue;
      const dir = mkdtempSync(join(tmpdir(), "murmur-publish-"));
      try {
        await writeRunDirectory(client, status, dir, 0);
        await analyze(dir, { seed: 1, quiet: true });
        await uploadArtifacts(client, status.id, dir);
        log(`murmur: analysed ${status.id} (${status.name}); its report is on the metrics page`);
      } catch (error) {
        log(`murmur: could not analyse ${status.id}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  };
  const loop = (): void => {
    timer = setTimeout(() => {
      pass()
        .catch((error: unknown) => log(`murmur: report publisher: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          if (!stopped) loop();
        });
    }, publishPollMs);
  };
  loop();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
