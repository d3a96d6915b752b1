import { statSync } from "node:fs";
import { SingleBar } from "cli-progress";
import { ImportError, MappingError, importMoltbook, loadColumnMapping } from "../../import/moltbook/index.js";
import type { ColumnMapping, ImportProgress, ImportSummary, SameHourReplies } from "../../import/moltbook/index.js";
import { ConfigFileError } from "../presets.js";

export interface ImportCommandOptions {
  readonly out: string;
  readonly map?: string;
  readonly sameHourReplies: SameHourReplies;
  readonly temp?: string;
  readonly quiet: boolean;
}

/** Seconds between two plain progress lines (stdout not a terminal: a log file, CI, nohup). */
const plainProgressEverySeconds = 10;

const phaseLabel = {
  read: "reading sources (1/3)",
  merge: "merging in time order (2/3)",
  write: "writing the log, hashing sources (3/3)",
} as const;

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const amount = (progress: ImportProgress): string =>
  progress.phase === "merge"
    ? `${progress.done.toLocaleString("en-US")} of ${progress.total.toLocaleString("en-US")} records`
    : `${megabytes(progress.done)} of ${megabytes(progress.total)}`;

/**
 * Progress of an import: a bar on a terminal, otherwise a plain line every few seconds, each with
 * the phase's ETA (the merge's length is known only once reading ends, so there is no whole-run ETA).
 */
function progressReporter(quiet: boolean): { report: (progress: ImportProgress) => void; stop: () => void } {
  if (quiet) return { report: () => undefined, stop: () => undefined };
  const started = Date.now();
  let phase: ImportProgress["phase"] | undefined;
  let phaseStarted = started;
  if (process.stdout.isTTY) {
    const bar = new SingleBar({
      format: "{phase} |{bar}| {percentage}% | {amount} | ETA {eta_formatted}",
      hideCursor: true,
      etaBuffer: 50,
    });
    return {
      report: (progress) => {
        if (progress.phase !== phase) {
          if (phase !== undefined) bar.stop();
          phase = progress.phase;
          bar.start(progress.total, 0, { phase: phaseLabel[progress.phase], amount: "" });
        }
        bar.update(progress.done, { amount: amount(progress) });
      },
      stop: () => bar.stop(),
    };
  }
  let lastLine = started;
  return {
    report: (progress) => {
      const now = Date.now();
      if (progress.phase !== phase) {
        phase = progress.phase;
        phaseStarted = now;
      }
      if (now - lastLine < plainProgressEverySeconds * 1000 || progress.total === 0) return;
      lastLine = now;
      const fraction = progress.done / progress.total;
      const elapsed = (now - phaseStarted) / 1000;
      const eta = fraction > 0 ? Math.round((elapsed * (1 - fraction)) / fraction) : undefined;
      console.log(
        `murmur: import ${phaseLabel[progress.phase]}: ${(fraction * 100).toFixed(1)}% (${amount(progress)}), ${Math.round((now - started) / 1000)} s elapsed, phase ETA ${eta === undefined ? "?" : `${eta} s`}`,
      );
    },
    stop: () => undefined,
  };
}

/**
 * `murmur import moltbook FILES --out DIR`: a missing file, a bad mapping or an unknown source is a
 * usage error (one line, exit 2); a file that fails while being read is one line naming it (exit 1,
 * through cli/main.ts). Ends with one summary line, wall time and peak RSS.
 */
export async function importCommand(source: string, files: string[], options: ImportCommandOptions): Promise<number> {
  if (source !== "moltbook") throw new ConfigFileError(`unknown source "${source}"; sources: moltbook`);
  for (const file of files) {
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      throw new ConfigFileError(`${file}: no such file`);
    }
    if (!isFile) throw new ConfigFileError(`${file}: not a file`);
  }
  let mapping: ColumnMapping | undefined;
  try {
    mapping = options.map === undefined ? undefined : await loadColumnMapping(options.map);
  } catch (error) {
    if (error instanceof MappingError) throw new ConfigFileError(error.message);
    throw error;
  }
  const started = Date.now();
  const progress = progressReporter(options.quiet);
  let summary: ImportSummary;
  try {
    summary = await importMoltbook(files, options.out, {
      sameHourReplies: options.sameHourReplies,
      ...(mapping ? { mapping } : {}),
      ...(options.temp !== undefined ? { tempDir: options.temp } : {}),
      onProgress: progress.report,
    });
  } catch (error) {
    progress.stop();
    if (error instanceof ImportError) {
      console.error(`murmur: ${error.message}`);
      return 1;
    }
    throw error;
  }
  progress.stop();
  const dropped = Object.values(summary.dropped).reduce((a, b) => a + b, 0);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const peakRss = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    `murmur: imported ${summary.records.posts} posts and ${summary.records.comments} comments by ${summary.agents} agents into ${summary.rounds} hourly rounds (${summary.events} events, ${dropped} records dropped, ${summary.deferred} replies moved one round) -> ${summary.outDir}`,
  );
  console.log(
    `murmur: import took ${seconds} s, peak RSS ${peakRss} MB (index: ${megabytes(summary.indexBytes.posts)} for posts, ${megabytes(summary.indexBytes.comments)} for comments)`,
  );
  return 0;
}
