import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import Papa from "papaparse";
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

/**
 * CSV through papaparse's chunk callback: one batch of rows per read block, the parser paused until
 * the batch is consumed (backpressure: the file stream is paused with it). Papaparse's own Node stream mode hands over one row at a
 * time through an object-mode stream, which cost ~20 s per 200,000 rows here.
 */
async function* readCsv(path: string, onBytes: BytesRead): AsyncGenerator<SourceEntry> {
  const batches: unknown[][] = [];
  let parser: Papa.Parser | undefined;
  let finished = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const stream = countedStream(path, onBytes);
  Papa.parse<unknown>(stream, {
    header: true,
    skipEmptyLines: "greedy",
    chunk: (results, chunkParser) => {
      batches.push(results.data);
      parser = chunkParser;
      // Both: the parser's pause only stops parsing, while the file stream would go on filling
      // papaparse's queue with the rest of the file (1.9 GB of RSS on a 1.5 GB CSV).
      chunkParser.pause();
      stream.pause();
      wake?.();
    },
    complete: () => {
      finished = true;
      wake?.();
    },
    error: (error: Error) => {
      failure = error;
      wake?.();
    },
  });
  for (;;) {
    const batch = batches.shift();
    if (batch !== undefined) {
      for (const row of batch) yield csvEntry(row);
      parser?.resume();
      stream.resume();
      continue;
    }
    if (failure !== undefined) throw failure;
    if (finished) return;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
}

function csvEntry(row: unknown): SourceEntry {
  if (typeof row !== "object" || row === null) return { value: row };
  // CSV has no null: an empty cell is a missing field, not an empty string. (A row with more cells
  // than the header has an `__parsed_extra` array, which no field reads.)
  const value: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(row)) if (cell !== "") value[column] = cell;
  return { value };
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
