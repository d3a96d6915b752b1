import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { MurmurClient } from "../api-client.js";
import { downloadRun } from "../run-download.js";
import { libraryHandler } from "./library-handler.js";
import { RunLibrary } from "./run-library.js";

/**
 * What the local server gives its Worker for the library of runs (docs/run-library.md): the
 * `LIBRARY` service binding - a Node handler in this process, which reads the run directories -
 * and `LIBRARY_KEY`, the secret the Worker sends with each forwarded request. The binding also
 * writes an experiment of the server as a run directory for the pages' download button, through
 * the server's own API once it is listening (`connect`).
 */

/** The directory every library includes: `./runs`, where `murmur run`, `sweep` and `import` write by default. */
export const defaultRunsRoot = "runs";

export interface LibraryBinding {
  readonly serviceBinding: { node: (req: IncomingMessage, res: ServerResponse) => Promise<void> };
  readonly key: string;
  readonly roots: readonly string[];
  /** Called once the server listens: the download needs its URL and admin token. */
  connect(url: string, adminToken: string): void;
}

export function libraryBinding(roots: readonly string[], stateDir: string, log: (line: string) => void): LibraryBinding {
  const absolute = [...new Set([defaultRunsRoot, ...roots].map((root) => resolve(root)))];
  const library = new RunLibrary(absolute, join(stateDir, "library"), log);
  const key = randomBytes(24).toString("hex");
  let client: MurmurClient | null = null;
  const downloadExperiment = async (id: string) => {
    if (client === null) throw new Error("the server is not listening yet");
    const dir = mkdtempSync(join(tmpdir(), "murmur-download-"));
    const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
    try {
      const written = await downloadRun(client, id, join(dir, id));
      return { dir: written.dir, name: id, cleanup };
    } catch (error) {
      cleanup();
      throw error;
    }
  };
  return {
    serviceBinding: { node: libraryHandler({ library, key, downloadExperiment }) },
    key,
    roots: absolute,
    connect: (url, adminToken) => {
      client = new MurmurClient(url, adminToken);
    },
  };
}
