import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { z } from "zod";
import { repoRoot } from "../../node/repo-paths.js";
import type { LocalServer } from "./local-server.js";

const readySchema = z.strictObject({ url: z.string().url(), adminToken: z.string().min(16) });

/**
 * Starts `murmur serve` as a child in its own process group. A Ctrl-C in the terminal reaches
 * the whole foreground group; with workerd out of that group, the CLI can still pause the
 * experiment cleanly over HTTP before it stops the server. The child exits when our end of its
 * stdin closes, so a killed CLI leaves no server behind.
 */
export async function spawnLocalServer(options: { stateDir: string; port: number }): Promise<LocalServer> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, "bin", "murmur.mjs"), "serve", "--port", String(options.port), "--state", options.stateDir, "--ready-json"],
    {
      cwd: repoRoot,
      detached: true,
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise<z.infer<typeof readySchema>>((resolve, reject) => {
    lines.once("line", (line) => {
      try {
        resolve(readySchema.parse(JSON.parse(line)));
      } catch (error) {
        reject(new Error(`the local server did not start: ${line} (${String(error)})`));
      }
    });
    void exited.then((code) => reject(new Error(`the local server exited with code ${code ?? "null"} before it was ready`)));
  });
  return {
    url: ready.url,
    adminToken: ready.adminToken,
    dispose: async () => {
      if (child.exitCode === null) {
        child.stdin.end();
        child.kill("SIGTERM");
      }
      await exited;
    },
  };
}
