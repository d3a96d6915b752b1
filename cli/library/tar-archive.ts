import { createReadStream, statSync } from "node:fs";
import { pipeline, Readable } from "node:stream";
import { createGzip } from "node:zlib";

/**
 * A gzip-compressed ustar archive (POSIX.1-1988) of one directory's files, streamed: `tar -xzf`,
 * Python's tarfile and 7-Zip read it. Written by hand (headers are 512 bytes of fixed fields) so
 * the download needs no package with native code; gzip is Node's own zlib.
 */

const block = 512;

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value.slice(0, length), offset, length, "ascii");
}

/** An octal number in `length - 1` digits and a NUL, as ustar stores sizes, modes and times. */
function octal(value: number, length: number): string {
  return `${Math.floor(value)
    .toString(8)
    .padStart(length - 1, "0")}\0`;
}

/** The 512-byte header of a regular file (`typeflag` 0) or a directory (5). */
export function ustarHeader(name: string, size: number, mtimeSeconds: number, directory: boolean): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`archive entry name too long: ${name}`);
  const header = Buffer.alloc(block);
  field(header, 0, 100, name);
  field(header, 100, 8, octal(directory ? 0o755 : 0o644, 8));
  field(header, 108, 8, octal(0, 8));
  field(header, 116, 8, octal(0, 8));
  field(header, 124, 12, octal(size, 12));
  field(header, 136, 12, octal(mtimeSeconds, 12));
  field(header, 148, 8, "        ");
  field(header, 156, 1, directory ? "5" : "0");
  field(header, 257, 6, "ustar\0");
  field(header, 263, 2, "00");
  let sum = 0;
  for (const byte of header) sum += byte;
  field(header, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return header;
}

export interface ArchiveFile {
  /** The name inside the archive's top directory. */
  readonly name: string;
  readonly path: string;
}

async function* tarChunks(top: string, files: readonly ArchiveFile[]): AsyncGenerator<Buffer> {
  const now = Math.floor(Date.now() / 1000);
  yield ustarHeader(`${top}/`, 0, now, true);
  for (const file of files) {
    const stat = statSync(file.path);
    yield ustarHeader(`${top}/${file.name}`, stat.size, Math.floor(stat.mtimeMs / 1000), false);
    let written = 0;
    for await (const chunk of createReadStream(file.path)) {
      if (!Buffer.isBuffer(chunk)) throw new Error(`unexpected chunk reading ${file.path}`);
      written += chunk.length;
      yield chunk;
    }
    if (written !== stat.size) throw new Error(`${file.path} changed while it was archived`);
    const pad = (block - (written % block)) % block;
    if (pad > 0) yield Buffer.alloc(pad);
  }
  // Two zero blocks end the archive.
  yield Buffer.alloc(2 * block);
}

/** `<top>/<file>` for each file, as a .tar.gz stream. */
export function tarGz(top: string, files: readonly ArchiveFile[]): Readable {
  // pipeline, not pipe: a read error destroys the gzip stream, so a reader sees a failure, not a short archive.
  return pipeline(Readable.from(tarChunks(top, files)), createGzip(), () => undefined);
}
