import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareSortKeys, sortKeyOf } from "../../core/events/canonical.js";
import type { UnsequencedEvent } from "../../core/events/event-schema.js";
import { buildAgentDirectory } from "./agent-ids.js";
import type { AgentDirectory } from "./agent-ids.js";
import type { ColumnMapping } from "./column-mapping.js";
import { emptyDropCounts } from "./drop-reasons.js";
import type { DropCounts } from "./drop-reasons.js";
import { mergeSorted } from "./external-sort.js";
import { codePointCompare } from "./id-alphabet.js";
import { RoundLog } from "./round-log.js";
import { scanSources } from "./scan-sources.js";
import type { ScanOptions, ScannedSources, SourceFileStats } from "./scan-sources.js";
import { roundTime } from "./source-time.js";
import { ThreadPlacer } from "./thread-placer.js";
import type { SameHourReplies } from "./thread-placer.js";
import { writeImportRunFiles } from "./write-run-directory.js";
import type { WrittenLog } from "../../node/run-directory.js";
import type { ImportRunSummary } from "../../core/contracts/run-directory.js";

/** Sort-file lines held in memory before a chunk is sorted and written: about 3x this on the heap while sorting. */
export const defaultChunkBytes = 32 * 1024 * 1024;

/** How far an import has got: bytes of the source files read, records merged, then bytes of the log copied and the sources hashed. */
export interface ImportProgress {
  readonly phase: "read" | "merge" | "write";
  readonly done: number;
  readonly total: number;
}

export interface ImportOptions {
  /** Replies that canonical order would log before what they answer; see SameHourReplies. Default `defer`. */
  readonly sameHourReplies?: SameHourReplies;
  /** Renames the dump's columns to the fields the importer reads (column-mapping.ts). */
  readonly mapping?: ColumnMapping;
  /** Where the temporary sort files go (default: the OS temp directory); they are removed at the end. */
  readonly tempDir?: string;
  readonly chunkBytes?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportSummary {
  readonly outDir: string;
  readonly files: readonly SourceFileStats[];
  /** Distinct posts and comments read (after deduplication, before links were checked). */
  readonly records: { readonly posts: number; readonly comments: number };
  readonly agents: number;
  readonly submolts: number;
  readonly rounds: number;
  readonly startTime: string;
  readonly events: number;
  readonly counts: Record<string, number>;
  readonly eventsSha256: string;
  readonly dropped: DropCounts;
  /** Replies moved to the next round so that they follow what they answer. */
  readonly deferred: number;
  /** Bytes of the in-memory per-post and per-comment index (content-table.ts), the part of memory that grows with the dump. */
  readonly indexBytes: { readonly posts: number; readonly comments: number };
}

export class ImportError extends Error {
  override readonly name = "ImportError";
}

/** Records merged between two progress reports. */
const progressEvery = 20_000;

/**
 * Imports Moltbook data (JSON, JSONL, CSV or Parquet dumps, or saved live API responses) into a run
 * directory that the analysis reads like a simulated run: authors are agents with policy
 * `imported`, one round per hour from the first timestamp's hour, the data's vote totals as
 * `scoreSnapshot`s. Files are read in the order given; where two hold the same record, the first
 * wins. Memory is bounded (README "Memory"): rows wait in sorted temporary files, and only a small
 * index per post, comment and agent stays in memory.
 */
export async function importMoltbook(files: string[], outDir: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const startedMs = Date.now();
  const sameHourReplies = options.sameHourReplies ?? "defer";
  const totalBytes = (await Promise.all(files.map(fileSize))).reduce((a, b) => a + b, 0);
  const dropped = emptyDropCounts();
  const tempDir = await mkdtemp(join(options.tempDir ?? tmpdir(), "murmur-import-"));
  try {
    const scanned = await scanSources(files, scanOptions(options, tempDir, totalBytes), dropped);
    const directory = buildAgentDirectory(scanned.authors.authors());
    await mkdir(outDir, { recursive: true });
    const placer = new ThreadPlacer(scanned.posts, scanned.comments, directory, sameHourReplies, dropped, () => undefined);
    const merged = mergeIntoLog(scanned, placer, directory, tempDir, join(outDir, "events.ndjson"), totalBytes, options.onProgress);
    if (merged === undefined || placer.originMs === undefined) {
      throw new ImportError(`no post or comment to import in ${files.join(", ")} (dropped: ${JSON.stringify(dropped)})`);
    }
    const { log: written, onBytes } = merged;
    const originMs = placer.originMs;
    const rounds = placer.lastRound + 1;
    const startTime = roundTime(originMs, 0);
    const sources = [];
    for (const file of scanned.files)
      sources.push({ path: file.path, format: file.format, items: file.items, sha256: await fileSha256(file.path, onBytes) });
    const agents = placer.placedAgents.size;
    const submolts = placer.submolts.size;
    const records = { posts: scanned.posts.index.size, comments: scanned.comments.index.size };
    const counts = { agents, submolts, posts: written.counts["post"] ?? 0, comments: written.counts["comment"] ?? 0 };
    const summary: ImportRunSummary = {
      experimentId: "import",
      policy: "imported",
      files: sources.length,
      records,
      agents,
      submolts,
      rounds,
      startTime,
      endTime: roundTime(originMs, placer.lastRound),
      events: written.events,
      counts: written.counts,
      dropped,
      deferred: placer.deferred,
      wallMs: Date.now() - startedMs,
    };
    const config = {
      policy: "imported",
      platform: "moltbook",
      source: { files: sources },
      startTime,
      roundMinutes: 60,
      sameHourReplies,
      counts,
    };
    await writeImportRunFiles(outDir, { config, startTime, rounds, log: written, summary });
    const indexBytes = { posts: scanned.posts.bytes, comments: scanned.comments.bytes };
    const { events, counts: eventCounts, sha256: eventsSha256 } = written;
    const deferred = placer.deferred;
    return {
      outDir,
      files: scanned.files,
      records,
      agents,
      submolts,
      rounds,
      startTime,
      events,
      counts: eventCounts,
      eventsSha256,
      dropped,
      deferred,
      indexBytes,
    };
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

function scanOptions(options: ImportOptions, tempDir: string, totalBytes: number): ScanOptions {
  let readBytes = 0;
  return {
    tempDir,
    chunkBytes: options.chunkBytes ?? defaultChunkBytes,
    ...(options.mapping ? { mapping: options.mapping } : {}),
    onBytes: (bytes) => {
      readBytes += bytes;
      options.onProgress?.({ phase: "read", done: Math.min(readBytes, totalBytes), total: totalBytes });
    },
  };
}

/**
 * The second pass: the sorted chunks merged in time order through the placer into events.ndjson,
 * each round written once the merge has passed its hour. Undefined when nothing was placed.
 */
function mergeIntoLog(
  scanned: ScannedSources,
  placer: ThreadPlacer,
  directory: AgentDirectory,
  tempDir: string,
  path: string,
  sourceBytes: number,
  onProgress: ImportOptions["onProgress"],
): { log: WrittenLog; onBytes: (bytes: number) => void } | undefined {
  const log = new RoundLog(tempDir);
  placer.onPlaced = (item) => log.add(item);
  const total = scanned.posts.index.size + scanned.comments.index.size;
  let merged = 0;
  for (const item of mergeSorted(scanned.chunks)) {
    placer.accept(item);
    if (placer.originMs !== undefined) log.closeBefore(placer.roundAt(item.record.createdMs));
    if (++merged % progressEvery === 0) onProgress?.({ phase: "merge", done: merged, total });
  }
  placer.finish();
  onProgress?.({ phase: "merge", done: merged, total });
  if (placer.originMs === undefined) return undefined;
  // The last phase copies the rounds after round 0 into the log, then hashes the sources for config.json.
  const writeTotal = log.bodyBytes + sourceBytes;
  let writeDone = 0;
  const onBytes = (bytes: number): void => {
    writeDone += bytes;
    onProgress?.({ phase: "write", done: Math.min(writeDone, writeTotal), total: writeTotal });
  };
  const startTime = roundTime(placer.originMs, 0);
  return { log: log.finish(path, setupEvents(placer, directory, startTime), placer.originMs, placer.lastRound, onBytes), onBytes };
}

/**
 * Round 0's frame: a `submolt` per submolt posted in (by name) and an `agent` (policy `imported`)
 * per author with kept content, in the engine's canonical order (sortKeyOf / compareSortKeys).
 */
function setupEvents(placer: ThreadPlacer, directory: AgentDirectory, t: string): UnsequencedEvent[] {
  const keyed: { k: ReturnType<typeof sortKeyOf>; e: UnsequencedEvent }[] = [];
  [...placer.submolts.keys()].sort(codePointCompare).forEach((name, index) => {
    const description = placer.submolts.get(name)?.description;
    const event: UnsequencedEvent = { type: "submolt", round: 0, t, name, ...(description !== undefined ? { description } : {}) };
    keyed.push({ k: sortKeyOf(event, index), e: event });
  });
  for (const agent of placer.placedAgents) {
    const known = directory.agents.get(agent);
    const event: UnsequencedEvent = {
      type: "agent",
      round: 0,
      t,
      agent,
      name: known?.name ?? agent,
      persona: known?.persona ?? {},
      policy: "imported",
    };
    keyed.push({ k: sortKeyOf(event, 0), e: event });
  }
  return keyed.sort((a, b) => compareSortKeys(a.k, b.k)).map((entry) => entry.e);
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ImportError(`${path}: not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`${path}: no such file`);
  }
}

async function fileSha256(path: string, onBytes: (bytes: number) => void): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    if (!(chunk instanceof Buffer)) throw new TypeError(`${path}: read a string where bytes were expected`);
    hash.update(chunk);
    onBytes(chunk.length);
  }
  return hash.digest("hex");
}
