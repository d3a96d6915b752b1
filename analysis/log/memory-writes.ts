/** One memoryWrite event as the analysis reads it. */
export interface LogMemoryWrite {
  readonly agent: string;
  readonly id: string;
  readonly round: number;
  readonly kind: string;
  readonly importance: number;
  readonly sources: readonly string[];
}

/**
 * The log's memoryWrite rows, column by column. They are the most numerous event of a sim log
 * (~570k of 1.09M events at 3,000 agents x 144 rounds): as one object and one sources array each
 * they held ~130 MB of the heap for the whole analysis, and a bigger live heap lets V8 leave more
 * garbage uncollected in every later stage. Here they cost ~20 MB, nearly all of it in typed
 * arrays outside the heap: agents, kinds and sources as indices into tables of distinct strings,
 * all sources in one flat list, and ids of the engine's form m.<agent>.<n> kept as n alone (rebuilt
 * when asked for).
 */
export class LogMemoryWrites implements Iterable<LogMemoryWrite> {
  private count = 0;
  /** n of an id m.<agent>.<n>; NaN where the id has another form (kept in otherIds). */
  private serials = new Float64Array(1024);
  private readonly otherIds = new Map<number, string>();
  private agents = new Int32Array(1024);
  private kinds = new Int32Array(1024);
  private rounds = new Int32Array(1024);
  private importances = new Float64Array(1024);
  /** All rows' sources end to end; row i's are sources[sourceStarts[i] .. sourceStarts[i + 1]). */
  private sources = new Int32Array(2048);
  private sourceCount = 0;
  private sourceStarts = new Int32Array(1025);
  private readonly strings = new StringTable();

  get length(): number {
    return this.count;
  }

  /** Appends a row; its sources pass through `intern` (the reader's shared strings) when given. */
  push(row: LogMemoryWrite, intern: (value: string) => string = (value) => value): void {
    const i = this.count++;
    if (i === this.rounds.length) {
      const size = Math.max(1024, i * 2);
      this.serials = grownFloat64(this.serials, size);
      this.agents = grownInt32(this.agents, size);
      this.kinds = grownInt32(this.kinds, size);
      this.rounds = grownInt32(this.rounds, size);
      this.importances = grownFloat64(this.importances, size);
      this.sourceStarts = grownInt32(this.sourceStarts, size + 1);
    }
    const serial = serialOf(row.id, row.agent);
    this.serials[i] = serial;
    if (Number.isNaN(serial)) this.otherIds.set(i, row.id);
    this.agents[i] = this.strings.index(row.agent);
    this.kinds[i] = this.strings.index(row.kind);
    this.rounds[i] = row.round;
    this.importances[i] = row.importance;
    if (this.sourceCount + row.sources.length > this.sources.length)
      this.sources = grownInt32(this.sources, Math.max(this.sources.length * 2, this.sourceCount + row.sources.length));
    for (const source of row.sources) this.sources[this.sourceCount++] = this.strings.index(intern(source));
    this.sourceStarts[i + 1] = this.sourceCount;
  }

  /** Drops the unused tails of the typed columns (they double as they grow). */
  trim(): void {
    this.serials = this.serials.slice(0, this.count);
    this.agents = this.agents.slice(0, this.count);
    this.kinds = this.kinds.slice(0, this.count);
    this.rounds = this.rounds.slice(0, this.count);
    this.importances = this.importances.slice(0, this.count);
    this.sourceStarts = this.sourceStarts.slice(0, this.count + 1);
    this.sources = this.sources.slice(0, this.sourceCount);
    this.strings.forgetIndices();
  }

  idAt(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const serial = this.serials[index] ?? Number.NaN;
    return Number.isNaN(serial) ? this.otherIds.get(index) : `m.${this.strings.at(this.agents[index] ?? 0)}.${serial}`;
  }

  /** Row `index`'s sources, as a new array. */
  sourcesAt(index: number): string[] {
    const out: string[] = [];
    const end = this.sourceStarts[index + 1] ?? 0;
    for (let s = this.sourceStarts[index] ?? 0; s < end; s++) out.push(this.strings.at(this.sources[s] ?? 0));
    return out;
  }

  /** Row `index` as an object (a new one on each call); undefined outside 0 .. length - 1. */
  at(index: number): LogMemoryWrite | undefined {
    const id = this.idAt(index);
    if (id === undefined) return undefined;
    return {
      agent: this.strings.at(this.agents[index] ?? 0),
      id,
      round: this.rounds[index] ?? 0,
      kind: this.strings.at(this.kinds[index] ?? 0),
      importance: this.importances[index] ?? 0,
      sources: this.sourcesAt(index),
    };
  }

  *[Symbol.iterator](): Iterator<LogMemoryWrite> {
    for (let i = 0; i < this.count; i++) {
      const row = this.at(i);
      if (row) yield row;
    }
  }
}

/** Distinct strings, each with an index (which the rows store instead of a pointer). */
class StringTable {
  private readonly indices = new Map<string, number>();
  private readonly values: string[] = [];

  index(value: string): number {
    let index = this.indices.get(value);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indices.set(value, index);
    }
    return index;
  }

  at(index: number): string {
    return this.values[index] ?? "";
  }

  /** Drops the lookup map once no more rows come; a later index() may then repeat a string. */
  forgetIndices(): void {
    this.indices.clear();
  }
}

/** n when `id` is m.<agent>.<n> with n in canonical decimal (so it prints back the same), else NaN. */
function serialOf(id: string, agent: string): number {
  const from = agent.length + 3;
  if (!id.startsWith("m.") || !id.startsWith(agent, 2) || id.charCodeAt(from - 1) !== 46) return Number.NaN;
  const digits = id.slice(from);
  return canonicalNumber.test(digits) ? Number(digits) : Number.NaN;
}

const canonicalNumber = /^(?:0|[1-9][0-9]{0,14})$/;

function grownFloat64(array: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(size);
  out.set(array);
  return out;
}

function grownInt32(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(size);
  out.set(array);
  return out;
}
