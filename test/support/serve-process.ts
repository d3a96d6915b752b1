import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "..", "..");

/** A `murmur serve` child process on a free port, with the base URL and token its link printed. */
export interface ServeProcess {
  readonly process: ChildProcess;
  readonly base: string;
  readonly token: string;
}

/**
 * Starts `murmur serve` on a fresh state directory (prefix `statePrefix`) and waits for its link;
 * `env` is its environment (model API keys reach the local Worker from it).
 */
export async function startServe(
  statePrefix: string,
  extraArgs: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServeProcess> {
  const state = mkdtempSync(join(tmpdir(), statePrefix));
  const child = spawn(process.execPath, [join(repo, "bin", "murmur.mjs"), "serve", "--port", "0", "--state", state, ...extraArgs], {
    cwd: repo,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  return new Promise<ServeProcess>((ready, fail) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const link = /murmur: open (http:\/\/127\.0\.0\.1:\d+)\/#token=([0-9a-f]+)/.exec(out);
      if (link?.[1] && link[2]) ready({ process: child, base: link[1], token: link[2] });
    });
    child.on("exit", (code) => fail(new Error(`murmur serve exited ${code}: ${out}`)));
  });
}

/** Polls `check` every 500 ms until it holds, or fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}
