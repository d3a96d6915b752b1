import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { buildAgentDirectory } from "./agent-ids.js";
import { collectRecords } from "./collect-records.js";
import type { SourceFileStats } from "./collect-records.js";
import { emptyDropCounts } from "./drop-reasons.js";
import type { DropCounts } from "./drop-reasons.js";
import { placeContent } from "./placement.js";
import type { SameHourReplies } from "./placement.js";
import { roundTime } from "./source-time.js";
import { linkThreads } from "./thread-links.js";
import { importEvents } from "./to-events.js";
import { writeImportRunDirectory } from "./write-run-directory.js";

export interface ImportOptions {
  /** Replies that canonical order would log before what they answer; see SameHourReplies. Default `defer`. */
  readonly sameHourReplies?: SameHourReplies;
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
}

export class ImportError extends Error {
  override readonly name = "ImportError";
}

/**
 * Imports Moltbook data (JSON, JSONL, CSV or Parquet dumps, or saved live API responses) into a run
 * directory that the analysis reads like a simulated run: authors are agents with policy
 * `imported`, one round per hour from the first timestamp's hour, the data's vote totals as
 * `scoreSnapshot`s. Files are read in the order given; where two hold the same record, the first wins.
 */
export async function importMoltbook(files: string[], outDir: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const startedMs = Date.now();
  const sameHourReplies = options.sameHourReplies ?? "defer";
  const dropped = emptyDropCounts();
  const collected = await collectRecords(files, dropped);
  const directory = buildAgentDirectory([...collected.posts.values(), ...collected.comments.values()]);
  const links = linkThreads(collected, directory, dropped);
  const placement = placeContent(links, sameHourReplies, dropped);
  if (placement.posts.length === 0 && placement.comments.length === 0) {
    throw new ImportError(`no post or comment to import in ${files.join(", ")} (dropped: ${JSON.stringify(dropped)})`);
  }
  const agents = new Set([...placement.posts, ...placement.comments].map((content) => content.agent)).size;
  const submolts = new Set(placement.posts.map((post) => post.record.submolt)).size;
  const rounds = placement.lastRound + 1;
  const startTime = roundTime(placement.originMs, 0);
  const sources = await Promise.all(
    collected.files.map(async (file) => ({ path: file.path, format: file.format, items: file.items, sha256: await fileSha256(file.path) })),
  );
  const config = {
    policy: "imported",
    platform: "moltbook",
    source: { files: sources },
    startTime,
    roundMinutes: 60,
    sameHourReplies,
    counts: { agents, submolts, posts: placement.posts.length, comments: placement.comments.length },
  };
  const records = { posts: collected.posts.size, comments: collected.comments.size };
  const log = await writeImportRunDirectory(outDir, {
    config,
    startTime,
    rounds,
    events: importEvents(placement, directory),
    summary: (written) => ({
      experimentId: "import",
      policy: "imported",
      files: sources.length,
      records,
      agents,
      submolts,
      rounds,
      startTime,
      endTime: roundTime(placement.originMs, placement.lastRound),
      events: written.events,
      counts: written.counts,
      dropped,
      deferred: placement.deferred,
      wallMs: Date.now() - startedMs,
    }),
  });
  return {
    outDir,
    files: collected.files,
    records,
    agents,
    submolts,
    rounds,
    startTime,
    events: log.events,
    counts: log.counts,
    eventsSha256: log.sha256,
    dropped,
    deferred: placement.deferred,
  };
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest("hex");
}
