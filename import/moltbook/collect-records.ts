import { detectFormat } from "./source-format.js";
import type { SourceFormat } from "./source-format.js";
import { readSource } from "./source-readers.js";
import { toMoltbookRecord } from "./moltbook-records.js";
import type { MoltbookComment, MoltbookPost } from "./moltbook-records.js";
import type { DropCounts } from "./drop-reasons.js";

export interface SourceFileStats {
  readonly path: string;
  readonly format: SourceFormat;
  /** Items read from the file, records or not. */
  readonly items: number;
}

export interface CollectedRecords {
  /** By dataset id, in first-read order. */
  readonly posts: Map<string, MoltbookPost>;
  readonly comments: Map<string, MoltbookComment>;
  readonly files: SourceFileStats[];
}

/**
 * Every post and comment of the files, in the order given, deduplicated by dataset id per kind:
 * the first copy read wins (the caller orders files by preference). Invalid and duplicate items
 * are counted in `dropped`.
 */
export async function collectRecords(paths: readonly string[], dropped: DropCounts): Promise<CollectedRecords> {
  const posts = new Map<string, MoltbookPost>();
  const comments = new Map<string, MoltbookComment>();
  const files: SourceFileStats[] = [];
  for (const path of paths) {
    const format = await detectFormat(path);
    let items = 0;
    for await (const entry of readSource(path, format)) {
      items++;
      if ("unparseable" in entry) {
        dropped.unparseable++;
        continue;
      }
      const record = toMoltbookRecord(entry);
      if (record === null) {
        dropped.invalid++;
        continue;
      }
      const table = record.kind === "post" ? posts : comments;
      if (table.has(record.id)) {
        dropped.duplicate++;
        continue;
      }
      if (record.kind === "post") posts.set(record.id, record);
      else comments.set(record.id, record);
    }
    files.push({ path, format, items });
  }
  return { posts, comments, files };
}
