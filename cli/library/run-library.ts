import { createReadStream, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import type { ExperimentStatusView } from "../../core/contracts/experiment-status.js";
import type { LibraryAnalysis } from "../../core/contracts/run-library.js";
import { analyze } from "../commands/analyze.js";
import { replayLog } from "./run-replay.js";
import type { RunReplay } from "./run-replay.js";
import { scanRuns } from "./run-scan.js";
import type { LibraryRun, ScanCache } from "./run-scan.js";
import { statusOf } from "./run-status.js";

/**
 * The run directories `murmur serve` serves (docs/run-library.md). Directories are only read: a run
 * without report.json is analysed into this server's state (`<state>/library/<id>-<log sha256 prefix>/`, beside a link
 * to its events.ndjson), one at a time, in the background. The replayed log of the runs opened last
 * is kept in memory.
 */

/** Replayed logs kept in memory: the pages of one run read it many times; a second run is a comparison. */
const replayedRunsKept = 2;
/** What the library needs of report.json: why the influence graph is missing. */
const reportInfluenceSchema = z.looseObject({
  metrics: z.looseObject({ influence: z.looseObject({ available: z.boolean(), reason: z.string().optional() }) }),
});

/**
 * A run's id and the hash of its log: a directory written again (the same path, another log) gets
 * its own analysis and replay instead of the old one's.
 */
function versionKey(run: LibraryRun): string {
  return `${run.id}-${run.manifest.eventsSha256.slice(0, 12)}`;
}

export class RunLibrary {
  private runs = new Map<string, LibraryRun>();
  /** Validated directories by path, reused while their manifest is unchanged (the list is polled). */
  private readonly scanned: ScanCache = new Map();
  private readonly replays = new Map<string, Promise<RunReplay>>();
  private readonly failures = new Map<string, string>();
  private analysing: Promise<void> = Promise.resolve();
  private readonly queued = new Set<string>();

  constructor(
    readonly roots: readonly string[],
    private readonly cacheDir: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Scans the roots again (new runs appear without a restart) and queues the analysis of unanalysed ones. */
  list(): ExperimentStatusView[] {
    const { runs, rejected } = scanRuns(this.roots, this.scanned);
    for (const r of rejected) {
      if (!this.failures.has(r.dir)) this.log(`murmur: library: skipped ${r.dir}: ${r.reason}`);
      this.failures.set(r.dir, r.reason);
    }
    this.runs = new Map(runs.map((run) => [run.id, run]));
    return runs.map((run) => statusOf(run, this.analysisOf(run)));
  }

  /** A run by id; opening one queues its analysis when it has none (never at listing: a big import costs minutes). */
  run(id: string): LibraryRun | null {
    if (!this.runs.has(id)) this.list();
    const run = this.runs.get(id) ?? null;
    if (run && this.analysisOf(run).state === "pending") this.queueAnalysis(run);
    return run;
  }

  status(run: LibraryRun): ExperimentStatusView {
    return statusOf(run, this.analysisOf(run));
  }

  /** The directory the analysis files are read from: the run's own, or this server's copy. */
  artifactDir(run: LibraryRun): string {
    return existsSync(join(run.dir, "report.json")) ? run.dir : join(this.cacheDir, versionKey(run));
  }

  analysisOf(run: LibraryRun): LibraryAnalysis {
    const dir = this.artifactDir(run);
    const failed = this.failures.get(versionKey(run));
    if (!existsSync(join(dir, "report.json"))) {
      return failed === undefined ? { state: "pending", graph: false, note: null } : { state: "failed", graph: false, note: failed };
    }
    const graph = existsSync(join(dir, "graph.json"));
    let note: string | null = null;
    if (!graph) {
      const report = reportInfluenceSchema.safeParse(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")));
      note =
        report.success && report.data.metrics.influence.reason
          ? `No influence graph: ${report.data.metrics.influence.reason}`
          : "No influence graph in this run directory.";
    }
    return { state: "ready", graph, note };
  }

  private queueAnalysis(run: LibraryRun): void {
    if (this.queued.has(versionKey(run))) return;
    this.queued.add(versionKey(run));
    this.analysing = this.analysing.then(async () => {
      const dir = join(this.cacheDir, versionKey(run));
      try {
        mkdirSync(dir, { recursive: true });
        const link = join(dir, "events.ndjson");
        if (!existsSync(link)) symlinkSync(join(run.dir, "events.ndjson"), link);
        writeFileSync(join(dir, "source.txt"), `${run.dir}\n`);
        await analyze(dir, { seed: 1, quiet: true });
        this.log(`murmur: library: analysed ${run.dir} (its report is on the metrics page)`);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.failures.set(versionKey(run), `The analysis failed: ${reason}`);
        this.log(`murmur: library: could not analyse ${run.dir}: ${reason}`);
      }
    });
  }

  /** The run's replayed log, read once and kept while it is among the last opened. */
  replay(run: LibraryRun): Promise<RunReplay> {
    const kept = this.replays.get(versionKey(run));
    if (kept) {
      this.replays.delete(versionKey(run));
      this.replays.set(versionKey(run), kept);
      return kept;
    }
    const lines = createInterface({ input: createReadStream(join(run.dir, "events.ndjson"), { encoding: "utf8" }), crlfDelay: Infinity });
    const replay = replayLog(lines);
    this.replays.set(versionKey(run), replay);
    replay.catch(() => this.replays.delete(versionKey(run)));
    while (this.replays.size > replayedRunsKept) {
      const oldest = this.replays.keys().next().value;
      if (oldest === undefined) break;
      this.replays.delete(oldest);
    }
    return replay;
  }
}
