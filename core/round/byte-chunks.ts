/**
 * Splits items, in order, into consecutive chunks whose sizes sum to at most `maxBytes` each (an
 * item larger than that alone is a chunk of its own): one RPC message per chunk stays under the
 * runtime's message limit however much a round carries.
 */
export function chunksByBytes<T>(items: readonly T[], bytesOf: (item: T) => number, maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const bytes = bytesOf(item);
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * A bound on what a value costs in a structured-clone RPC message: V8 writes a string as one byte
 * per character when it can and two otherwise, so two bytes per UTF-16 code unit of its JSON.
 */
export function cloneBytesBound(value: unknown): number {
  return 2 * JSON.stringify(value).length;
}
