import { resolve } from "node:path";
import { join } from "node:path";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { repoRoot } from "../../node/repo-paths.js";
import { startLocalServer } from "../local/local-server.js";
import type { LocalServer } from "../local/local-server.js";
import { MurmurClient } from "../api-client.js";
import { publishReports } from "./publish-reports.js";

/**
 * The local admin token lives beside the persisted state (never in the repository), so a
 * restarted `murmur serve` keeps the same token for the same state.
 */
function localAdminToken(stateDir: string): string {
  const path = join(stateDir, "admin-token");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  mkdirSync(stateDir, { recursive: true });
  const token = randomBytes(24).toString("hex");
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return token;
}

export interface ServeOptions {
  readonly port: number;
  readonly stateDir?: string | undefined;
  readonly readyJson?: boolean;
  /** More directories of run directories for the library, beside ./runs (docs/run-library.md). */
  readonly runs?: readonly string[] | undefined;
}

export async function serve(options: ServeOptions): Promise<LocalServer> {
  const stateDir = resolve(options.stateDir ?? join(repoRoot, ".murmur", "state"));
  const server = await startLocalServer({
    port: options.port,
    stateDir,
    adminToken: localAdminToken(stateDir),
    runRoots: options.runs ?? [],
  });
  if (options.readyJson) {
    // Machine-readable first line for a parent CLI (server-process.ts); nothing else on stdout.
    process.stdout.write(`${JSON.stringify({ url: server.url, adminToken: server.adminToken })}\n`);
    return server;
  }
  console.log(`murmur: serving on ${server.url}  (state in ${stateDir})`);
  console.log(`murmur: admin token ${server.adminToken}`);
  console.log(`murmur: run directories from ${(server.runRoots ?? []).join(", ")}`);
  console.log(`murmur: open ${server.url}/#token=${server.adminToken}`);
  const stopPublishing = publishReports(new MurmurClient(server.url, server.adminToken), (line) => console.log(line));
  return {
    ...server,
    dispose: async () => {
      stopPublishing();
      await server.dispose();
    },
  };
}
