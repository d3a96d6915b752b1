/**
 * An open-addressing hash table from 53-bit integer keys (hash53 values) to a few int32 columns,
 * held in typed arrays. The text metrics count tens of millions of n-grams on large logs: a JS
 * Map tops out near 2^24 entries and costs ~80 bytes an entry, this costs 8 + 4 x columns bytes a
 * slot at load <= 1/2.
 */
export class NumberTable {
  private keys: Float64Array;
  private data: Int32Array;
  private mask: number;
  private count = 0;
  private readonly columns: number;

  /** `defaults` gives the number of columns and the value each column starts at in a new slot. */
  constructor(
    private readonly defaults: readonly number[],
    capacity = 1024,
  ) {
    this.columns = defaults.length;
    let size = 16;
    while (size < capacity) size *= 2;
    this.keys = new Float64Array(size);
    this.data = new Int32Array(size * this.columns);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Slot of `key`, or -1 when absent. */
  find(key: number): number {
    const k = storedKey(key);
    let slot = (k >>> 0) & this.mask;
    for (;;) {
      const at = this.keys[slot] ?? 0;
      if (at === k) return slot;
      if (at === 0) return -1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Slot of `key`, inserting it with the column defaults when absent. */
  insert(key: number): number {
    const found = this.find(key);
    if (found >= 0) return found;
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const slot = this.place(storedKey(key));
    for (let c = 0; c < this.columns; c++) this.data[slot * this.columns + c] = this.defaults[c] ?? 0;
    this.count++;
    return slot;
  }

  get(slot: number, column: number): number {
    return this.data[slot * this.columns + column] ?? 0;
  }

  set(slot: number, column: number, value: number): void {
    this.data[slot * this.columns + column] = value;
  }

  /** The key stored in an occupied slot. */
  keyAt(slot: number): number {
    const k = this.keys[slot] ?? 0;
    return k === zeroStandIn ? 0 : k;
  }

  /** Occupied slots, in slot order (stable for a given insertion history). */
  *slots(): Generator<number> {
    for (let slot = 0; slot < this.keys.length; slot++) if ((this.keys[slot] ?? 0) !== 0) yield slot;
  }

  private place(k: number): number {
    let slot = (k >>> 0) & this.mask;
    while ((this.keys[slot] ?? 0) !== 0) slot = (slot + 1) & this.mask;
    this.keys[slot] = k;
    return slot;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldData = this.data;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.data = new Int32Array(this.keys.length * this.columns);
    this.mask = this.keys.length - 1;
    for (let old = 0; old < oldKeys.length; old++) {
      const k = oldKeys[old] ?? 0;
      if (k === 0) continue;
      const slot = this.place(k);
      for (let c = 0; c < this.columns; c++) this.data[slot * this.columns + c] = oldData[old * this.columns + c] ?? 0;
    }
  }
}

/** 0 marks an empty slot; hash53 never returns 2^53, so a key of 0 is stored as that. */
const zeroStandIn = 2 ** 53;

function storedKey(key: number): number {
  return key === 0 ? zeroStandIn : key;
}
