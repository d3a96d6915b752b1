import { AuthorLog } from "./agent-ids.js";
import { applyColumnMapping } from "./column-mapping.js";
import type { ColumnMapping } from "./column-mapping.js";
import { ContentState, ContentTable } from "./content-table.js";
import type { DropCounts } from "./drop-reasons.js";
import { SortedSpill } from "./external-sort.js";
import { toMoltbookRecord } from "./moltbook-records.js";
import { detectFormat } from "./source-format.js";
import type { SourceFormat } from "./source-format.js";
import { readSource } from "./source-readers.js";
import type { BytesRead } from "./source-readers.js";

export interface SourceFileStats {
  readonly path: string;
  readonly format: SourceFormat;
  /** Items read from the file, records or not. */
  readonly items: number;
}

export interface ScanOptions {
  /** Where the sort files go (the caller removes the directory). */
  readonly tempDir: string;
  /** Bytes of sort-file lines held before a chunk is sorted and written. */
  readonly chunkBytes: number;
  readonly mapping?: ColumnMapping;
  readonly onBytes?: BytesRead;
}

export interface ScannedSources {
  readonly files: SourceFileStats[];
  readonly posts: ContentTable;
  readonly comments: ContentTable;
  readonly authors: AuthorLog;
  /** Sorted chunk files of every distinct record, for mergeSorted. */
  readonly chunks: string[];
}

export class SourceReadError extends Error {
  override readonly name = "SourceReadError";
}

/**
 * The first pass: every file in the order given, each record validated (after the column mapping,
 * if any), deduplicated per kind by dataset id (the first copy read wins), indexed (content-table.ts)
 * and written to sorted chunks. Invalid, unparseable and duplicate items are counted in `dropped`.
 */
export async function scanSources(paths: readonly string[], options: ScanOptions, dropped: DropCounts): Promise<ScannedSources> {
  const posts = new ContentTable();
  const comments = new ContentTable();
  const authors = new AuthorLog();
  const spill = new SortedSpill(options.tempDir, options.chunkBytes);
  const files: SourceFileStats[] = [];
  let seq = 0;
  for (const path of paths) {
    const format = await detectFormat(path);
    let items = 0;
    try {
      for await (const entry of readSource(path, format, options.onBytes)) {
        items++;
        if ("unparseable" in entry) {
          dropped.unparseable++;
          continue;
        }
        const record = toMoltbookRecord(options.mapping ? applyColumnMapping(entry, options.mapping) : entry);
        if (record === null) {
          dropped.invalid++;
          continue;
        }
        const hasAuthor = record.author.id !== undefined || record.author.name !== undefined;
        const table = record.kind === "post" ? posts : comments;
        const slot = table.add(record.id, record.createdMs, hasAuthor ? ContentState.pending : ContentState.noAuthor);
        if (slot < 0) {
          dropped.duplicate++;
          continue;
        }
        authors.add(record.author, record.kind);
        spill.add(record, seq++);
      }
    } catch (error) {
      if (error instanceof SourceReadError) throw error;
      // A reader failing mid-file (a corrupt Parquet page, an I/O error) is reported with its file, on one line.
      throw new SourceReadError(`${path} (${format}, after ${items} items): ${error instanceof Error ? error.message : String(error)}`);
    }
    files.push({ path, format, items });
  }
  posts.finishReading();
  comments.finishReading();
  return { files, posts, comments, authors, chunks: spill.finish() };
}
