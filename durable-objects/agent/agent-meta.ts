import { z } from "zod";
import { actionSchema, turnResultSchema } from "../../core/round/round-types.js";
import type { TurnResult } from "../../core/round/round-types.js";
import { compareCodePoints } from "../../core/util/compare.js";
import { agentLazyTableNames, agentLegacyTableNames } from "./agent-schema.js";
import type { AgentLazyTable, AgentLegacyTable } from "./agent-schema.js";
import { votedPageSchema } from "./voted-page.js";
import type { VotedPage } from "./voted-page.js";

/**
 * Every row of an agent's `meta (key, value)` table, each defined once with the type of its value
 * and how that value is written as text. Nothing else reads or writes meta by a string key: a turn
 * reads all rows at once into an `AgentMeta` and writes the rows it changed at its end.
 * (`schemaVersion` is the migrations' own row: shared/migrations.ts reads and writes it.)
 */
export interface MetaField<T> {
  readonly key: string;
  /** The value of an absent row. */
  readonly absent: T;
  readonly decode: (text: string) => T;
  readonly encode: (value: T) => string;
}

/** Meta rows kept per round (`<prefix><round>`): the value of one round each. */
export interface RoundMetaField<T> {
  readonly prefix: string;
  readonly decode: (text: string) => T;
  readonly encode: (value: T) => string;
}

function jsonField<T>(key: string, schema: { parse(data: unknown): T }, absent: T): MetaField<T> {
  return { key, absent, decode: (text) => schema.parse(JSON.parse(text)), encode: (value) => JSON.stringify(value) };
}

/** A count or round, written as its decimal digits. */
function numberField(key: string, absent: number): MetaField<number> {
  return { key, absent, decode: Number, encode: String };
}

export type AgentTableName = AgentLazyTable | AgentLegacyTable;
export const agentTableNames: readonly AgentTableName[] = [...agentLazyTableNames, ...agentLegacyTableNames];
const lazyTablesSchema = z.array(z.enum(agentTableNames as [AgentTableName, ...AgentTableName[]]));

/** [author, engagements] pairs: authors are data (an external agent names itself), never object keys. */
const familiaritySchema = z.array(z.tuple([z.string().min(1), z.number().int().min(1)]));

/** A turn's actions until the next turn learns which of them the round committed. */
export const pendingSchema = z.strictObject({
  actions: z.array(actionSchema),
  engagedWords: z.array(z.string()),
  engagedAuthors: z.array(z.string()),
});
export type Pending = z.infer<typeof pendingSchema>;

const familiarityField: MetaField<ReadonlyMap<string, number>> = {
  key: "familiarity",
  absent: new Map<string, number>(),
  decode: (text) => new Map(familiaritySchema.parse(JSON.parse(text))),
  // In code-point order of author: the row's text is a function of its content.
  encode: (value) => JSON.stringify([...value].sort((a, b) => compareCodePoints(a[0], b[0]))),
};

const turnField: RoundMetaField<TurnResult> = {
  prefix: "turn:",
  decode: (text) => turnResultSchema.parse(JSON.parse(text)),
  encode: (value) => JSON.stringify(value),
};

const pendingField: RoundMetaField<Pending> = {
  prefix: "pending:",
  decode: (text) => pendingSchema.parse(JSON.parse(text)),
  encode: (value) => JSON.stringify(value),
};

export const agentMeta = {
  /**
   * The lazy and legacy tables this agent has (agent-schema.ts), in code-point order. An object
   * older than lazy tables has no row, and every table.
   */
  lazyTables: jsonField<readonly AgentTableName[]>("lazyTables", lazyTablesSchema, agentTableNames),
  /** The last round whose turn this agent committed: an older round is stale. */
  lastRoundDone: numberField("lastRoundDone", -1),
  /** Memory rows ever written: the next row's number, and a bound on the rows kept. */
  memoryRows: numberField("memoryRows", 0),
  /** The round of the agent's last reflection. */
  lastReflection: numberField("lastReflection", -1),
  /** The targets it voted on most recently (voted-page.ts). */
  voted: jsonField<VotedPage>("voted", votedPageSchema, []),
  /** Every author the agent engaged with, with how often (read-only: a turn changes a copy). */
  familiarity: familiarityField,
} as const;

export const agentRoundMeta = {
  /** A committed turn's result, replayed to a second delivery of its round (the last few kept). */
  turn: turnField,
  /** A turn's actions, settled by the next turn (agent-history.ts). */
  pending: pendingField,
} as const;

/**
 * The meta rows of one turn: read at once, changed in memory, and the changed rows written by
 * `flush` at the turn's end (one statement per row: see `flush`).
 */
export class AgentMeta {
  private readonly rows: Map<string, string>;
  /** Keys changed by this turn, written by `flush`. */
  private readonly dirty = new Set<string>();

  constructor(rows: Map<string, string>) {
    this.rows = rows;
  }

  get<T>(field: MetaField<T>): T {
    const text = this.rows.get(field.key);
    return text === undefined ? field.absent : field.decode(text);
  }

  set<T>(field: MetaField<T>, value: T): void {
    this.setText(field.key, field.encode(value));
  }

  getAt<T>(field: RoundMetaField<T>, round: number): T | undefined {
    const text = this.rows.get(`${field.prefix}${round}`);
    return text === undefined ? undefined : field.decode(text);
  }

  setAt<T>(field: RoundMetaField<T>, round: number, value: T): void {
    this.setText(`${field.prefix}${round}`, field.encode(value));
  }

  /** Deletes a round's row now (inside the caller's transaction). */
  deleteAt(sql: SqlStorage, field: Pick<RoundMetaField<unknown>, "prefix">, round: number): void {
    const key = `${field.prefix}${round}`;
    this.rows.delete(key);
    this.dirty.delete(key);
    sql.exec("DELETE FROM meta WHERE key = ?", key);
  }

  /** Rounds that have a row of `field`, ascending. */
  rounds(field: Pick<RoundMetaField<unknown>, "prefix">): number[] {
    const rounds: number[] = [];
    for (const key of this.rows.keys()) if (key.startsWith(field.prefix)) rounds.push(Number(key.slice(field.prefix.length)));
    return rounds.sort((a, b) => a - b);
  }

  /**
   * One statement text per kind of write, repeated per row: workerd caches a statement by its text,
   * and a new object compiles each text once, so repeating one single-row statement is cheaper than
   * compiling a multi-row one (bench/results.md).
   */
  flush(sql: SqlStorage): void {
    for (const key of [...this.dirty].sort()) {
      const value = this.rows.get(key);
      if (value === undefined) continue;
      sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
    }
    this.dirty.clear();
  }

  private setText(key: string, text: string): void {
    this.rows.set(key, text);
    this.dirty.add(key);
  }
}
