import { closeSync, openSync, writeSync } from "node:fs";

/** Bytes gathered before one write: large enough that a table of millions of rows costs few syscalls. */
const flushBytes = 1 << 20;

/**
 * A file written front to back in ~1 MB writes, so an export holds one buffer per open table and
 * never a whole table. Synchronous: the export is a one-shot CLI step with nothing else to serve.
 */
export class BufferedFile {
  private readonly fd: number;
  private chunks: string[] = [];
  private pending = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, "w");
  }

  write(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending >= flushBytes) this.flush();
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    writeSync(this.fd, this.chunks.join(""));
    this.chunks = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
