import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { MurmurClient } from "../api-client.js";
import type { StatusView } from "../api-client.js";
import { defaultStateDir, repoRoot } from "../../node/repo-paths.js";
import { spawnLocalServer } from "../local/server-process.js";
import type { LocalServer } from "../local/local-server.js";
import { resolveConfig } from "../presets.js";
import { floorBodySchema, maxBenchObjectsPerRequest } from "../../core/contracts/bench.js";
import type { FloorResult } from "../../core/contracts/bench.js";
import { runManifestSchema } from "../../core/contracts/run-directory.js";
import { defaultLocalLiveObjectBudget, defaultTurnsInFlightPerCoordinator } from "../../core/tunables.js";
import { stepFanOut } from "../../core/round/step-fan-out.js";

/** Where, when and on what every benchmark row was measured. */
function benchStamp(): string {
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
  const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: repoRoot, encoding: "utf8" }).trim() !== "";
  const machine = `${cpus()[0]?.model ?? "cpu"} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  return `| ${new Date().toISOString().slice(0, 10)} | ${commit}${dirty ? "+" : ""} | ${machine} |`;
}

/**
 * Where results go unless `--out` says otherwise: an untracked file, so a benchmark never writes a
 * tracked file unasked (`--out bench/results.md` records a measurement in the repository).
 */
export const defaultResultsPath = join("runs", "bench", "results.md");

/**
 * Appends one block (an optional note, its own header, then rows as they are measured) to the
 * results file, so the engine and analysis tables never run into each other.
 */
function resultsTable(out: string, columns: readonly string[], note?: string): (cells: readonly (string | number)[]) => void {
  const path = resolve(out);
  mkdirSync(dirname(path), { recursive: true });
  if (!existsSync(path))
    writeFileSync(path, "# Benchmark results\n\n`npm run bench` and `npx murmur bench --analysis DIR...` append one block per call.\n");
  const all = ["date", "commit", "machine", ...columns];
  appendFileSync(path, `${note ? `\n${note}\n` : ""}\n| ${all.join(" | ")} |\n|${all.map(() => "---|").join("")}\n`);
  const stamp = benchStamp();
  return (cells) => {
    const row = `${stamp} ${cells.join(" | ")} |\n`;
    appendFileSync(path, row);
    process.stdout.write(row);
  };
}

// ---------------------------------------------------------------------------------------------
// workerd's memory and storage, read from outside (Linux /proc and the state directory)

/** Pids of every descendant of `root` (the local server's workerd runs under our own process). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 4th field of /proc/PID/stat, after the parenthesised command name.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop() ?? -1) ?? []) {
      found.push(child);
      stack.push(child);
    }
  }
  return found;
}

/** Peak and current resident memory (MiB) summed over the workerd processes below `root`. */
function workerdMemoryMb(root: number): { hwmMb: number; rssMb: number } {
  let hwmKb = 0;
  let rssKb = 0;
  for (const pid of descendants(root)) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "workerd") continue;
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      hwmKb += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rssKb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // The process ended while we looked.
    }
  }
  return { hwmMb: hwmKb / 1024, rssMb: rssKb / 1024 };
}

/** Tracks workerd's peak RSS while a run goes: VmHWM is already a peak, sampling VmRSS checks it. */
class MemoryWatch {
  peakMb = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(intervalMs: number) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }
  sample(): void {
    const { hwmMb, rssMb } = workerdMemoryMb(process.pid);
    this.peakMb = Math.max(this.peakMb, hwmMb, rssMb);
  }
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    return this.peakMb;
  }
}

/** Bytes in files under `dir` (du -sb: apparent sizes, what SQLite wrote). */
function directoryBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);
}

async function withServer<T>(label: string, task: (server: LocalServer, stateDir: string) => Promise<T>): Promise<T> {
  // tmpfs when there is one, like `murmur run` (docs/local-limits.md: ext4 is 2-4x slower).
  const stateDir = defaultStateDir(`bench-${process.pid}-${label}`);
  rmSync(stateDir, { recursive: true, force: true });
  const server = await spawnLocalServer({ port: 0, stateDir });
  try {
    return await task(server, stateDir);
  } finally {
    await server.dispose();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The floor

export interface FloorMeasurement {
  readonly mode: FloorResult["mode"];
  readonly objects: number;
  readonly coldMsPerObject: number;
  readonly warmMsPerObject: number;
  readonly coldMeanLatencyMs: number;
  readonly warmMeanLatencyMs: number;
  /** First touch and then eviction (local runs), or null. */
  readonly coldEvictedMsPerObject: number | null;
  readonly correct: number;
  readonly evicted: boolean;
}

/** Objects per floor request: all of them are alive between their cold and warm calls. */
const floorObjectsPerRequest = 500;

async function measureFloor(server: LocalServer, mode: FloorResult["mode"], objects: number): Promise<FloorMeasurement> {
  const results: FloorResult[] = [];
  for (let done = 0; done < objects;) {
    const n = Math.min(floorObjectsPerRequest, maxBenchObjectsPerRequest, objects - done);
    const response = await fetch(`${server.url}/api/bench/floor`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ objects: n, mode }),
    });
    if (!response.ok) throw new Error(`floor ${mode}: HTTP ${response.status} ${await response.text()}`);
    results.push(floorBodySchema.parse(await response.json()).floor);
    done += n;
  }
  const sum = (f: (r: FloorResult) => number): number => results.reduce((s, r) => s + f(r), 0);
  return {
    mode,
    objects,
    coldMsPerObject: sum((r) => r.cold.wallMs) / objects,
    warmMsPerObject: sum((r) => r.warm.wallMs) / objects,
    coldMeanLatencyMs: sum((r) => r.cold.meanLatencyMs * r.objects) / objects,
    coldEvictedMsPerObject: results.every((r) => r.coldEvicted !== null) ? sum((r) => r.coldEvicted?.wallMs ?? 0) / objects : null,
    warmMeanLatencyMs: sum((r) => r.warm.meanLatencyMs * r.objects) / objects,
    correct: sum((r) => r.correct),
    evicted: results.every((r) => r.evicted),
  };
}

// ---------------------------------------------------------------------------------------------
// The sim experiments

export interface ScaleCase {
  readonly agents: number;
  readonly rounds: number;
  /** Unset: the engine chooses from N (core/tunables.ts, autoScale). */
  readonly scale?: Partial<Pick<ExperimentConfig["scale"], "shards" | "agentsPerCoordinator" | "coordinatorsPerAlarm">>;
}

export interface ScaleMeasurement {
  readonly agents: number;
  readonly rounds: number;
  readonly scale: ExperimentConfig["scale"];
  /** Coordinators one alarm step drives on the local server (core/round/step-fan-out.ts). */
  readonly localCoordinatorsPerStep: number;
  readonly agentTurns: number;
  readonly actions: number;
  readonly engineWallMs: number;
  readonly meanRoundMs: number;
  readonly workerdPeakMb: number;
  readonly storageBytes: number;
  readonly status: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function measureScale(preset: string, c: ScaleCase): Promise<ScaleMeasurement> {
  const base = resolveConfig({ preset }, { agents: c.agents, rounds: c.rounds, seed: 1 });
  // The preset's config, with only the scale keys this case sets: the rest is chosen from N.
  const input = { ...base, scale: { turnTimeoutMs: base.scale.turnTimeoutMs, ...c.scale } };
  return withServer(`${c.agents}`, async (server, stateDir) => {
    const client = new MurmurClient(server.url, server.adminToken);
    const watch = new MemoryWatch(500);
    let status: StatusView = await client.create(input);
    status = await client.control(status.id, "start");
    while (status.status === "running") {
      await sleep(500);
      status = await client.status(status.id);
    }
    const workerdPeakMb = watch.stop();
    const config = await client.config(status.id);
    const rounds = await client.rounds(status.id);
    const engineWallMs = rounds.reduce((s, r) => s + r.wallMs, 0);
    const measurement: ScaleMeasurement = {
      agents: c.agents,
      rounds: rounds.length,
      scale: config.scale,
      localCoordinatorsPerStep: stepFanOut(String(defaultLocalLiveObjectBudget), config).coordinatorsPerStep,
      agentTurns: rounds.reduce((s, r) => s + r.active, 0),
      actions: rounds.reduce((s, r) => s + r.actions, 0),
      engineWallMs,
      meanRoundMs: rounds.length > 0 ? engineWallMs / rounds.length : 0,
      workerdPeakMb,
      // Read while the server still runs: the SQLite files (WAL included) of every object.
      storageBytes: directoryBytes(join(stateDir, "do")),
      status: status.status === "finished" ? "finished" : `${status.status}: ${status.reason ?? ""}`,
    };
    return measurement;
  });
}

export interface BenchOptions {
  /** The markdown file the tables are appended to. */
  readonly out: string;
  readonly preset: string;
  readonly agents: readonly number[];
  readonly rounds: number;
  readonly floorObjects: number;
  readonly scale?: ScaleCase["scale"];
}

export const defaultBenchOptions: BenchOptions = {
  out: defaultResultsPath,
  preset: "moltbook-like",
  agents: [1_000, 10_000, 100_000],
  rounds: 3,
  floorObjects: 2_000,
};

/**
 * `npm run bench`: in one run on this machine, the floor (an empty Durable Object RPC
 * and a single-row SQLite insert + read, cold and warm, over fresh objects) and the sim
 * experiments at each N, each on a fresh local server; appends both tables to bench/results.md.
 * The ratio column divides engine wall ms per agent-turn by the cold insert+read floor of the
 * same run, so machine noise mostly cancels. Timing lives here, never in tests.
 */
export async function bench(options: BenchOptions = defaultBenchOptions): Promise<void> {
  const floorRow = resultsTable(
    options.out,
    [
      "floor call",
      "objects",
      "cold ms/object",
      "warm ms/object",
      "cold mean latency ms",
      "warm mean latency ms",
      "evicted",
      "cold, then evicted ms/object",
      "workerd peak MB",
    ],
    `### \`npm run bench\`: the floor (${options.floorObjects} fresh BenchObjects per call, ${defaultTurnsInFlightPerCoordinator} in flight, one local workerd, state on tmpfs)`,
  );
  const floors = await withServer("floor", async (server) => {
    const watch = new MemoryWatch(500);
    const measured: FloorMeasurement[] = [];
    for (const mode of ["ping", "insertRead"] as const) {
      const f = await measureFloor(server, mode, options.floorObjects);
      if (f.correct !== f.objects) throw new Error(`floor ${mode}: ${f.objects - f.correct} calls answered wrongly`);
      measured.push(f);
    }
    const peak = watch.stop();
    for (const f of measured) {
      floorRow([
        f.mode === "ping" ? "empty RPC" : "insert + read 1 row",
        f.objects,
        f.coldMsPerObject.toFixed(3),
        f.warmMsPerObject.toFixed(3),
        f.coldMeanLatencyMs.toFixed(1),
        f.warmMeanLatencyMs.toFixed(1),
        f.evicted ? "after warm" : "no",
        f.coldEvictedMsPerObject === null ? "-" : f.coldEvictedMsPerObject.toFixed(3),
        peak.toFixed(0),
      ]);
    }
    return measured;
  });
  const floor = floors.find((f) => f.mode === "insertRead");
  if (!floor) throw new Error("no insert+read floor");

  const scaleRow = resultsTable(
    options.out,
    [
      "case",
      "shards / agents per coord. / coord. per alarm",
      "agent-turns",
      "agent-turns/s",
      "mean round s",
      "workerd peak MB",
      "storage bytes/agent",
      "ms/agent-turn",
      "x floor",
      "x floor, evicted",
      "status",
    ],
    `### \`npm run bench\`: ${options.preset} x ${options.rounds} rounds (engine wall = sum of the rounds' wallMs; x floor = ms/agent-turn / cold insert+read ms/object above; x floor, evicted = the same over a cold insert+read whose object is then evicted, as every local agent turn's object is; coordinators per alarm as configured, then as a local step drives them)`,
  );
  for (const agents of options.agents) {
    const m = await measureScale(options.preset, { agents, rounds: options.rounds, ...(options.scale ? { scale: options.scale } : {}) });
    const msPerTurn = m.agentTurns > 0 ? m.engineWallMs / m.agentTurns : 0;
    scaleRow([
      `${options.preset} ${agents} x ${m.rounds}`,
      `${m.scale.shards} / ${m.scale.agentsPerCoordinator} / ${m.scale.coordinatorsPerAlarm} (local ${m.localCoordinatorsPerStep})`,
      m.agentTurns,
      m.engineWallMs > 0 ? ((m.agentTurns * 1000) / m.engineWallMs).toFixed(0) : "-",
      (m.meanRoundMs / 1000).toFixed(2),
      m.workerdPeakMb.toFixed(0),
      (m.storageBytes / agents).toFixed(0),
      msPerTurn.toFixed(3),
      (msPerTurn / floor.coldMsPerObject).toFixed(2),
      floor.coldEvictedMsPerObject === null ? "-" : (msPerTurn / floor.coldEvictedMsPerObject).toFixed(2),
      m.status,
    ]);
  }
}
const resourcesSchema = z.object({ seconds: z.number(), maxRssMb: z.number() });

/**
 * Times `murmur analyze` on each run directory in a child process of its own, so that its peak
 * RSS is the analysis's alone, and appends one row per log to bench/results.md.
 */
export async function benchAnalysis(dirs: readonly string[], out: string = defaultResultsPath): Promise<void> {
  const row = resultsTable(out, ["analysis of", "events", "wall s", "peak RSS MB"]);
  for (const dir of dirs) {
    const events = runManifestSchema.parse(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))).events;
    const output = execFileSync(process.execPath, [join(repoRoot, "bin", "murmur.mjs"), "analyze", dir, "--resources"], {
      cwd: repoRoot,
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    const resources = resourcesSchema.parse(JSON.parse(output.trim().split("\n").at(-1) ?? ""));
    row([dir, events, resources.seconds.toFixed(1), resources.maxRssMb]);
  }
}
