/**
 * What the llm benches share (bench/llm-hybrid.ts, bench/llm-long-run.ts): the stated price, the
 * llm settings that point every agent at one local server, the machine and commit a row names, and
 * one `murmur run` in a child process with its summary.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { simRunSummarySchema } from "../core/contracts/run-directory.js";
import type { SimRunSummary } from "../core/contracts/run-directory.js";

/** The stated price: gpt-4o-mini's list price (USD per million tokens, in / out). */
export const price = { model: "gpt-4o-mini list price", inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 };

/** The `llm` block of a config whose one model `fake` is served at `baseUrl`. */
export function localLlmSettings(
  baseUrl: string,
  provider: { readonly maxConcurrency: number; readonly timeoutMs?: number },
): Record<string, unknown> {
  return {
    providers: { local: { baseUrl, maxConcurrency: provider.maxConcurrency, timeoutMs: provider.timeoutMs ?? 60_000, maxRetries: 2 } },
    models: {
      fake: { provider: "local", model: "fake-model", inputUsdPerMTok: price.inputUsdPerMTok, outputUsdPerMTok: price.outputUsdPerMTok },
    },
  };
}

export function usdAtPrice(tokens: { readonly prompt: number; readonly completion: number }): number {
  return (tokens.prompt * price.inputUsdPerMTok + tokens.completion * price.outputUsdPerMTok) / 1e6;
}

/** The commit the code was run at; `+dirty` when tracked files differ from it. Read it before the run. */
export function codeCommit(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
  const dirty = spawnSync("git", ["diff", "--quiet", "HEAD"]).status !== 0;
  return dirty ? `${head}+dirty` : head;
}

export function machineLine(): string {
  return `${cpus()[0]?.model ?? "cpu"} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export interface MurmurRun {
  /** The run directory (events.ndjson, summary.json, ...). */
  readonly runDir: string;
  readonly exitStatus: number | null;
  readonly wallS: number;
  readonly summary: SimRunSummary;
}

/**
 * `murmur run` of `config` in a child process, in a fresh temporary directory. Not spawnSync: a
 * local server answering the run's model calls lives on this process's event loop.
 */
export async function runMurmur(config: Record<string, unknown>, prefix: string): Promise<MurmurRun> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, "config.json");
  writeFileSync(file, JSON.stringify(config));
  const runDir = join(dir, "run");
  const started = Date.now();
  const child = spawn(process.execPath, ["bin/murmur.mjs", "run", "--config", file, "--out", runDir, "--quiet"], {
    stdio: "inherit",
    env: { ...process.env, OPENAI_API_KEY: "sk-bench-not-a-key-000000" },
  });
  const exitStatus = await new Promise<number | null>((done) => child.on("exit", (status) => done(status)));
  const wallS = (Date.now() - started) / 1000;
  const summary = simRunSummarySchema.parse(JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")));
  return { runDir, exitStatus, wallS, summary };
}
