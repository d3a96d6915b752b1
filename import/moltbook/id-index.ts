/**
 * An exact map from dataset ids to dense slots 0, 1, 2, ... in typed arrays, for imports of tens of
 * millions of rows. A JavaScript Map costs about 100 bytes per string key on the heap and stops at
 * 2^24 entries; here an id costs its UTF-8 bytes in one arena, a 4-byte offset, a 4-byte hash and
 * 8 bytes of open-addressing table (load <= 1/2), none of it on the garbage-collected heap. Ids are
 * compared byte for byte, so two ids never share a slot (no hash-only shortcut).
 */
export class IdIndex {
  private table = new Int32Array(1 << 12);
  private hashes = new Uint32Array(1 << 11);
  /** offsets[slot] .. offsets[slot + 1] is the slot's id in the arena. */
  private offsets = new Uint32Array((1 << 11) + 1);
  private arena = Buffer.alloc(1 << 16);
  private arenaLength = 0;
  private scratch = Buffer.alloc(256);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Bytes held by the index (its typed arrays and arena), for the memory account of an import. */
  get bytes(): number {
    return this.table.byteLength + this.hashes.byteLength + this.offsets.byteLength + this.arena.byteLength;
  }

  /** The slot of `id`, or -1. */
  lookup(id: string): number {
    const length = this.encode(id);
    const hash = hashBytes(this.scratch, length);
    const mask = this.table.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const entry = this.table[i] ?? 0;
      if (entry === 0) return -1;
      const slot = entry - 1;
      if (this.hashes[slot] === hash && this.sameBytes(slot, length)) return slot;
    }
  }

  /** The slot of `id`, adding it when new; `added` says which. */
  insert(id: string): { slot: number; added: boolean } {
    const length = this.encode(id);
    const hash = hashBytes(this.scratch, length);
    const mask = this.table.length - 1;
    let i = hash & mask;
    for (; ; i = (i + 1) & mask) {
      const entry = this.table[i] ?? 0;
      if (entry === 0) break;
      const slot = entry - 1;
      if (this.hashes[slot] === hash && this.sameBytes(slot, length)) return { slot, added: false };
    }
    const slot = this.count++;
    this.reserve(slot + 1, length);
    this.hashes[slot] = hash;
    this.scratch.copy(this.arena, this.arenaLength, 0, length);
    this.arenaLength += length;
    this.offsets[slot + 1] = this.arenaLength;
    this.table[i] = slot + 1;
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    return { slot, added: true };
  }

  idOf(slot: number): string {
    return this.arena.toString("utf8", this.offsets[slot] ?? 0, this.offsets[slot + 1] ?? 0);
  }

  private encode(id: string): number {
    const needed = Buffer.byteLength(id, "utf8");
    if (needed > this.scratch.length) this.scratch = Buffer.alloc(needed * 2);
    return this.scratch.write(id, 0, "utf8");
  }

  private sameBytes(slot: number, length: number): boolean {
    const start = this.offsets[slot] ?? 0;
    const end = this.offsets[slot + 1] ?? 0;
    return end - start === length && this.arena.compare(this.scratch, 0, length, start, end) === 0;
  }

  /** Grows by half again, not double: the spare capacity of a 10M-row index is itself hundreds of MB. */
  private reserve(slots: number, idBytes: number): void {
    if (slots > this.hashes.length) {
      const capacity = Math.ceil(slots * 1.5);
      this.hashes = grown(this.hashes, new Uint32Array(capacity));
      this.offsets = grown(this.offsets, new Uint32Array(capacity + 1));
    }
    if (this.arenaLength + idBytes > this.arena.length) {
      const arena = Buffer.alloc(Math.ceil((this.arenaLength + idBytes) * 1.5));
      this.arena.copy(arena, 0, 0, this.arenaLength);
      this.arena = arena;
    }
  }

  private rehash(size: number): void {
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let slot = 0; slot < this.count; slot++) {
      let i = (this.hashes[slot] ?? 0) & mask;
      while ((table[i] ?? 0) !== 0) i = (i + 1) & mask;
      table[i] = slot + 1;
    }
    this.table = table;
  }
}

function grown<T extends Uint32Array | Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** FNV-1a, then a final avalanche so that linear probing over `hash & mask` spreads sequential ids. */
function hashBytes(bytes: Buffer, length: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ (bytes[i] ?? 0), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** A typed array that grows with the slots of an IdIndex (per-slot state beside the ids). */
export class SlotArray<T extends Float64Array | Int32Array | Uint8Array> {
  constructor(
    private values: T,
    private readonly make: (length: number) => T,
  ) {}

  get(slot: number): number {
    return this.values[slot] ?? 0;
  }

  set(slot: number, value: number): void {
    if (slot >= this.values.length) this.values = grown(this.values, this.make(Math.ceil((slot + 1) * 1.5)));
    this.values[slot] = value;
  }

  get bytes(): number {
    return this.values.byteLength;
  }
}

export const float64Slots = (): SlotArray<Float64Array> => new SlotArray(new Float64Array(1024), (n) => new Float64Array(n));
export const int32Slots = (): SlotArray<Int32Array> => new SlotArray(new Int32Array(1024), (n) => new Int32Array(n));
export const uint8Slots = (): SlotArray<Uint8Array> => new SlotArray(new Uint8Array(1024), (n) => new Uint8Array(n));
