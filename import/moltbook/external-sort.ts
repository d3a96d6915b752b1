import { closeSync, openSync, readSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MoltbookRecord } from "./moltbook-records.js";
import { compareSpilled, parseSpillLine, spillLine } from "./spill-record.js";
import type { SpillKey, SpilledRecord } from "./spill-record.js";

/**
 * The bounded-memory sort of an import: records are held until about `chunkBytes` of their lines
 * have gathered, sorted (compareSpilled) and written to one temporary file, and the files are then
 * merged k ways. Memory is one chunk while reading and one read buffer per file while merging, so
 * it does not grow with the dump; a dump that is already in time order costs the same passes.
 */
export class SortedSpill {
  // The sort key only, not the record: a chunk's records would double its heap size.
  private entries: { readonly key: SpillKey; readonly line: string }[] = [];
  private bytes = 0;
  private readonly files: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly chunkBytes: number,
  ) {}

  add(record: MoltbookRecord, seq: number): void {
    const line = spillLine(record, seq);
    this.entries.push({ key: { createdMs: record.createdMs, kind: record.kind, id: record.id }, line });
    this.bytes += line.length;
    if (this.bytes >= this.chunkBytes) this.flush();
  }

  /** The sorted files written so far (the last partial chunk included). */
  finish(): string[] {
    this.flush();
    return [...this.files];
  }

  private flush(): void {
    if (this.entries.length === 0) return;
    this.entries.sort((a, b) => compareSpilled(a.key, b.key));
    const path = join(this.dir, `chunk-${String(this.files.length).padStart(5, "0")}.ndjson`);
    writeFileSync(path, `${this.entries.map((entry) => entry.line).join("\n")}\n`);
    this.files.push(path);
    this.entries = [];
    this.bytes = 0;
  }
}

/** Lines of a file, read synchronously in blocks: the merge pulls one line at a time from many files. */
class LineReader {
  private buffer = Buffer.alloc(1 << 18);
  private start = 0;
  private end = 0;
  private eof = false;
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, "r");
  }

  next(): string | null {
    for (;;) {
      const newline = this.buffer.subarray(0, this.end).indexOf(10, this.start);
      if (newline >= 0) {
        const line = this.buffer.toString("utf8", this.start, newline);
        this.start = newline + 1;
        return line;
      }
      if (this.eof) {
        if (this.start >= this.end) return null;
        const last = this.buffer.toString("utf8", this.start, this.end);
        this.start = this.end;
        return last;
      }
      this.fill();
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private fill(): void {
    if (this.start > 0) {
      this.buffer.copy(this.buffer, 0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    // A line longer than the buffer (a record with a very long text) grows it.
    if (this.end === this.buffer.length) {
      const bigger = Buffer.alloc(this.buffer.length * 2);
      this.buffer.copy(bigger, 0, 0, this.end);
      this.buffer = bigger;
    }
    const read = readSync(this.fd, this.buffer, this.end, this.buffer.length - this.end, null);
    if (read === 0) this.eof = true;
    else this.end += read;
  }
}

interface Head {
  readonly reader: LineReader;
  item: SpilledRecord;
}

/** The records of sorted files in one order (a binary min-heap over each file's next record); deletes the files as it ends. */
export function* mergeSorted(files: readonly string[]): Generator<SpilledRecord> {
  const heap: Head[] = [];
  const at = (i: number): Head => {
    const head = heap[i];
    if (head === undefined) throw new RangeError(`merge heap has no entry ${i}`);
    return head;
  };
  const less = (i: number, j: number): boolean => compareSpilled(at(i).item.record, at(j).item.record) < 0;
  const siftDown = (from: number): void => {
    for (let i = from; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < heap.length && less(l, min)) min = l;
      if (r < heap.length && less(r, min)) min = r;
      if (min === i) return;
      const swap = at(i);
      heap[i] = at(min);
      heap[min] = swap;
      i = min;
    }
  };
  for (const file of files) {
    const reader = new LineReader(file);
    const line = reader.next();
    if (line === null) reader.close();
    else heap.push({ reader, item: parseSpillLine(line) });
  }
  for (let i = Math.floor(heap.length / 2) - 1; i >= 0; i--) siftDown(i);
  try {
    while (heap.length > 0) {
      const top = at(0);
      yield top.item;
      const line = top.reader.next();
      if (line !== null && line !== "") {
        top.item = parseSpillLine(line);
      } else {
        top.reader.close();
        const last = heap.pop();
        if (last !== undefined && heap.length > 0) heap[0] = last;
      }
      siftDown(0);
    }
  } finally {
    for (const head of heap) head.reader.close();
    for (const file of files) rmSync(file, { force: true });
  }
}
