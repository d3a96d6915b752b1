import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import Papa from "papaparse";
import { z } from "zod";
import { itemsOfDocument } from "./json-document.js";
import type { SourceFormat } from "./source-format.js";
import type { SourceItem } from "./source-item.js";

/** What a reader yields: a record to validate, or a JSONL line that is not JSON (counted, not fatal). */
export type SourceEntry = SourceItem | { readonly unparseable: true };

/** Told how many bytes of the file were read, for progress. */
export type BytesRead = (bytes: number) => void;

/**
 * The records of one file. JSONL and CSV stream line by line and Parquet row group by row group,
 * so only the parsed records of one line or row group are held; a JSON document is parsed whole
 * (it is one value), so multi-GB dumps come as JSONL, CSV or Parquet.
 */
export function readSource(path: string, format: SourceFormat, onBytes: BytesRead = () => undefined): AsyncGenerator<SourceEntry> {
  switch (format) {
    case "json":
      return readJson(path, onBytes);
    case "jsonl":
      return readJsonLines(path, onBytes);
    case "csv":
      return readCsv(path, onBytes);
    case "parquet":
      return readParquet(path, onBytes);
  }
}

function countedStream(path: string, onBytes: BytesRead): ReturnType<typeof createReadStream> {
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
  // Characters, not bytes, once decoded; close enough for a progress estimate of mostly-ASCII dumps.
  stream.on("data", (chunk) => onBytes(chunk.length));
  return stream;
}

async function* readJson(path: string, onBytes: BytesRead): AsyncGenerator<SourceEntry> {
  const text = await readFile(path, "utf8");
  onBytes((await stat(path)).size);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // Sniffing looks at the first line only; a JSONL file whose first record is too long to sniff lands here.
    yield* readJsonLines(path, () => undefined);
    return;
  }
  yield* itemsOfDocument(document);
}

async function* readJsonLines(path: string, onBytes: BytesRead): AsyncGenerator<SourceEntry> {
  const lines = createInterface({ input: countedStream(path, onBytes), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!/\S/.test(line)) continue;
    let document: unknown;
    try {
      document = JSON.parse(line);
    } catch {
      yield { unparseable: true };
      continue;
    }
    yield* itemsOfDocument(document);
  }
}

const csvRowSchema = z.record(z.string(), z.string());

async function* readCsv(path: string, onBytes: BytesRead): AsyncGenerator<SourceEntry> {
  const rows = countedStream(path, onBytes).pipe(
    Papa.parse(Papa.NODE_STREAM_INPUT, { header: true, skipEmptyLines: "greedy" }),
  );
  for await (const row of rows) {
    const parsed = csvRowSchema.safeParse(row);
    if (!parsed.success) {
      yield { value: row };
      continue;
    }
    // CSV has no null: an empty cell is a missing field, not an empty string.
    const value = Object.fromEntries(Object.entries(parsed.data).filter(([, cell]) => cell !== ""));
    yield { value };
  }
}

async function* readParquet(path: string, onBytes: BytesRead): AsyncGenerator<SourceEntry> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows: unknown[] = await parquetReadObjects({ file, metadata, rowStart, rowEnd });
    // Rows may hold nested threads (a `comments` list column), which the JSON rules unfold.
    for (const row of rows) yield* itemsOfDocument(row);
    onBytes(Number(group.total_compressed_size ?? 0));
    rowStart = rowEnd;
  }
}
