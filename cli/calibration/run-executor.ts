import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { defaultStateDir, repoRoot } from "../../node/repo-paths.js";
import { spawnLocalServer } from "../local/server-process.js";
import type { LocalServer } from "../local/local-server.js";
import { calibrationConfig } from "./run-config.js";
import { formatDuration } from "./run-estimate.js";
import type { CalibrationRun } from "./run-plan.js";
import { readCalibrationReport } from "./run-report.js";
import type { CalibrationReport } from "./run-report.js";

/**
 * The analysis seed of every calibration run. `murmur run` analyses its log with seed 1; using the
 * same seed saves a second analysis per run. The runs still see independent placebo and bootstrap
 * draws in effect: the same stream applied to different logs (different sim seeds).
 */
export const calibrationAnalysisSeed = 1;

export interface ExecutorOptions {
  /** Where each run's directory goes (`<work>/<label>/`); a run whose report is there is not redone. */
  readonly work: string;
  /** Runs at once; each is a `murmur run` child on a workerd of its own (one process is one thread). */
  readonly parallel: number;
  readonly embedderUrl?: string | undefined;
  readonly embedderModel?: string | undefined;
  readonly log: (line: string) => void;
}

export interface RunResult {
  readonly run: CalibrationRun;
  readonly report: CalibrationReport;
  /** Wall seconds spent on it now; 0 when it was found done. */
  readonly seconds: number;
  /** Wall seconds it took when it ran (this session or an earlier one); null if unrecorded. */
  readonly runSeconds: number | null;
  readonly resumed: boolean;
}

/** Written beside a run's report once analysed: how, so a resume with another embedder re-analyses. */
const analysisMarkerSchema = z.object({
  seed: z.number(),
  embedderUrl: z.string().nullable(),
  embedderModel: z.string().nullable(),
  /** Wall seconds the run and its analysis took, whichever session ran them. */
  seconds: z.number().optional(),
});
type AnalysisMarker = z.infer<typeof analysisMarkerSchema>;
const markerFile = "calibration-analysis.json";

function readMarker(dir: string): AnalysisMarker | null {
  const path = join(dir, markerFile);
  if (!existsSync(path)) return null;
  const parsed = analysisMarkerSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  return parsed.success ? parsed.data : null;
}

/** Runs `node bin/murmur.mjs ARGS` to its end; rejects with the tail of its stderr on failure. */
function murmur(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, "bin", "murmur.mjs"), ...args], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4000);
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`murmur ${args[0] ?? ""} exited ${code ?? "null"}: ${stderr.trim().split("\n").slice(-5).join(" | ")}`)),
    );
  });
}

/**
 * Server starts one at a time: every start bundles the Worker and the pages into the checkout's
 * build directories, and two bundlings at once race on them (seen: a start that never finished).
 */
let startQueue: Promise<unknown> = Promise.resolve();
function startServer(label: string): Promise<{ server: LocalServer; stateDir: string }> {
  const stateDir = defaultStateDir(`calibration-${process.pid}-${label}`);
  const started = startQueue.then(async () => ({ server: await spawnLocalServer({ stateDir, port: 0 }), stateDir }));
  startQueue = started.catch(() => undefined);
  return started;
}

/**
 * One `murmur run` on a fresh server of its own: the child creates, polls, downloads and analyses
 * (in its own process, so analyses run in parallel too); the server and its state go afterwards.
 */
async function runOnFreshServer(run: CalibrationRun, configPath: string, dir: string): Promise<void> {
  const { server, stateDir } = await startServer(run.label);
  try {
    // The token goes by the environment, not the command line (which any process list shows).
    await murmur(["run", "--config", configPath, "--out", dir, "--quiet", "--server", server.url], {
      ...process.env,
      MURMUR_ADMIN_TOKEN: server.adminToken,
    });
  } finally {
    await server.dispose();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

async function executeOne(run: CalibrationRun, options: ExecutorOptions): Promise<RunResult> {
  const dir = join(options.work, run.label);
  const wanted: AnalysisMarker = {
    seed: calibrationAnalysisSeed,
    embedderUrl: options.embedderUrl ?? null,
    embedderModel: options.embedderModel ?? null,
  };
  const marker = readMarker(dir);
  const done = readCalibrationReport(dir);
  const same = (m: AnalysisMarker): boolean =>
    m.seed === wanted.seed && m.embedderUrl === wanted.embedderUrl && m.embedderModel === wanted.embedderModel;
  if (done && marker && same(marker)) return { run, report: done, seconds: 0, runSeconds: marker.seconds ?? null, resumed: true };
  const started = Date.now();
  // A complete log (its manifest is written last) is re-analysed if need be; anything less is run again.
  if (!existsSync(join(dir, "manifest.json")) || !existsSync(join(dir, "events.ndjson"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(options.work, "configs"), { recursive: true });
    const configPath = join(options.work, "configs", `${run.label}.json`);
    writeFileSync(configPath, `${JSON.stringify(calibrationConfig(run), null, 2)}\n`);
    // `murmur run` ends by analysing the log itself, with seed 1 and the default embedder.
    await runOnFreshServer(run, configPath, dir);
  }
  // Without a marker, a report can only be `murmur run`'s own analysis: the default embedder.
  const analysed = readMarker(dir) === null && readCalibrationReport(dir) !== null && wanted.embedderUrl === null;
  if (!analysed) {
    const embedder =
      options.embedderUrl && options.embedderModel
        ? ["--embedder-url", options.embedderUrl, "--embedder-model", options.embedderModel]
        : [];
    await murmur(["analyze", dir, "--seed", String(calibrationAnalysisSeed), ...embedder]);
  }
  const seconds = (Date.now() - started) / 1000;
  const report = readCalibrationReport(dir);
  if (!report) throw new Error(`no report.json in ${dir} after its analysis`);
  writeFileSync(join(dir, markerFile), `${JSON.stringify({ ...wanted, seconds })}\n`);
  return { run, report, seconds, runSeconds: seconds, resumed: false };
}

/**
 * Executes the runs with at most `parallel` at once, in plan order, and logs a line per run with
 * its verdicts and an ETA (seconds per agent-round so far, times what is left, over the workers).
 * Runs already done in --work are read, not redone. A failed run stops the calibration (rerun to resume).
 */
export async function executeRuns(runs: readonly CalibrationRun[], options: ExecutorOptions): Promise<RunResult[]> {
  mkdirSync(options.work, { recursive: true });
  const results: RunResult[] = new Array<RunResult>(runs.length);
  const weight = (run: CalibrationRun): number => run.agents * run.rounds;
  let remainingWeight = runs.reduce((a, r) => a + weight(r), 0);
  let spentSeconds = 0;
  let spentWeight = 0;
  let finished = 0;
  let next = 0;
  // After a failure no worker starts another run; the ones running finish (their logs stay resumable).
  let failed = false;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < runs.length && !failed; i = next++) {
      const run = runs[i];
      if (!run) continue;
      const result = await executeOne(run, options).catch((error: unknown) => {
        failed = true;
        throw error;
      });
      results[i] = result;
      finished++;
      remainingWeight -= weight(run);
      if (!result.resumed) {
        spentSeconds += result.seconds;
        spentWeight += weight(run);
      }
      const eta = spentWeight > 0 ? ` | ETA ${formatDuration((spentSeconds / spentWeight) * (remainingWeight / options.parallel))}` : "";
      const verdicts = result.report.verdicts.map((v) => `${v.metric}=${v.verdict}`).join(" ");
      const how = result.resumed ? "found done" : `${formatDuration(result.seconds)}`;
      options.log(
        `calibrate [${String(finished).padStart(String(runs.length).length)}/${runs.length}] ${run.label} (${how})${eta} | ${verdicts}`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, runs.length)) }, () => worker()));
  return results;
}
