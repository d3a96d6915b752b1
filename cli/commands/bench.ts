import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { repoRoot } from "../local/paths.js";
import { resolveConfig } from "../presets.js";
import { runExperiment } from "./run.js";

const summarySchema = z
  .object({ agentTurns: z.number(), actions: z.number(), events: z.number(), wallMs: z.number(), agentTurnsPerSecond: z.number() })
  .loose();

export interface BenchCase {
  readonly preset: string;
  readonly agents: number;
  readonly rounds: number;
}

/** The foundation's acceptance runs, as a benchmark. Scale benchmarks add cases here. */
export const defaultBenchCases: readonly BenchCase[] = [
  { preset: "moltbook-like", agents: 300, rounds: 72 },
  { preset: "moltbook-like", agents: 3000, rounds: 24 },
];

/** Where, when and on what every benchmark row was measured. */
function benchStamp(): string {
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
  const machine = `${cpus()[0]?.model ?? "cpu"} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  return `| ${new Date().toISOString().slice(0, 10)} | ${commit} | ${machine} |`;
}

/**
 * Appends one block (its own header, then rows as they are measured) to bench/results.md, so the
 * engine and analysis tables never run into each other.
 */
function resultsTable(columns: readonly string[]): (cells: readonly (string | number)[]) => void {
  const path = join(repoRoot, "bench", "results.md");
  if (!existsSync(path))
    writeFileSync(path, "# Benchmark results\n\n`npm run bench` and `npx murmur bench --analysis DIR...` append one block per call.\n");
  const all = ["date", "commit", "machine", ...columns];
  appendFileSync(path, `\n| ${all.join(" | ")} |\n|${all.map(() => "---|").join("")}\n`);
  const stamp = benchStamp();
  return (cells) => {
    const row = `${stamp} ${cells.join(" | ")} |\n`;
    appendFileSync(path, row);
    process.stdout.write(row);
  };
}

/**
 * Runs each case end to end through `murmur run` (server start, run, export) and appends one
 * row per case to bench/results.md. Timing lives here, never in tests.
 */
export async function bench(cases: readonly BenchCase[] = defaultBenchCases): Promise<void> {
  const row = resultsTable(["case", "agent-turns", "actions", "events", "wall s", "agent-turns/s"]);
  for (const c of cases) {
    const out = mkdtempSync(join(tmpdir(), "murmur-bench-"));
    const code = await runExperiment({
      config: resolveConfig({ preset: c.preset }, { agents: c.agents, rounds: c.rounds, seed: 1 }),
      out,
      port: 0,
      quiet: true,
      pollMs: 250,
    });
    if (code !== 0) throw new Error(`bench case ${c.preset} ${c.agents}x${c.rounds} exited ${code}`);
    const s = summarySchema.parse(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")));
    row([
      `${c.preset} ${c.agents} x ${c.rounds}`,
      s.agentTurns,
      s.actions,
      s.events,
      (s.wallMs / 1000).toFixed(1),
      s.agentTurnsPerSecond.toFixed(0),
    ]);
  }
}

const resourcesSchema = z.object({ seconds: z.number(), maxRssMb: z.number() });

/**
 * Times `murmur analyze` on each run directory in a child process of its own, so that its peak
 * RSS is the analysis's alone, and appends one row per log to bench/results.md.
 */
export async function benchAnalysis(dirs: readonly string[]): Promise<void> {
  const row = resultsTable(["analysis of", "events", "wall s", "peak RSS MB"]);
  for (const dir of dirs) {
    const events = z
      .object({ events: z.number() })
      .loose()
      .parse(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))).events;
    const output = execFileSync(process.execPath, [join(repoRoot, "bin", "murmur.mjs"), "analyze", dir, "--resources"], {
      cwd: repoRoot,
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    const resources = resourcesSchema.parse(JSON.parse(output.trim().split("\n").at(-1) ?? ""));
    row([dir, events, resources.seconds.toFixed(1), resources.maxRssMb]);
  }
}
