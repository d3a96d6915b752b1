import { open } from "node:fs/promises";
import { extname } from "node:path";

export type SourceFormat = "json" | "jsonl" | "csv" | "parquet";

/** How much of a file sniffing reads: enough for the first line of any JSONL record with a full thread. */
const sniffBytes = 4 * 1024 * 1024;

/**
 * A file's format, by extension where that is unambiguous. `.json`, `.jsonl` and `.ndjson` are
 * sniffed, because datasets are published with one extension holding the other format: the
 * content is JSON Lines when its first line is a whole JSON value and more content follows it.
 * Unknown extensions are sniffed too (Parquet's `PAR1` magic, then JSON, else CSV).
 */
export async function detectFormat(path: string): Promise<SourceFormat> {
  const extension = extname(path).toLowerCase();
  if (extension === ".parquet" || extension === ".pq") return "parquet";
  if (extension === ".csv" || extension === ".tsv") return "csv";
  const head = await readHead(path);
  if (head.subarray(0, 4).toString("latin1") === "PAR1") return "parquet";
  const text = head.toString("utf8").replace(/^\uFEFF/, "");
  const start = text.search(/\S/);
  const first = start < 0 ? "" : text[start];
  if (first !== "[" && first !== "{") return [".json", ".jsonl", ".ndjson"].includes(extension) ? jsonKind(extension) : "csv";
  if (first === "[") return "json";
  const newline = text.indexOf("\n", start);
  if (newline < 0) return "json";
  if (!parses(text.slice(start, newline))) return "json";
  return /\S/.test(text.slice(newline)) ? "jsonl" : "json";
}

function jsonKind(extension: string): SourceFormat {
  return extension === ".json" ? "json" : "jsonl";
}

function parses(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(sniffBytes);
    const { bytesRead } = await handle.read(buffer, 0, sniffBytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
