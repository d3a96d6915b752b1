import { z } from "zod";
import { experimentConfigSchema } from "../../core/contracts/experiment-config.js";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { llmRoundTotalsSchema } from "../../core/contracts/llm-totals.js";
import type { LlmRoundTotals } from "../../core/contracts/llm-totals.js";
import { cursorSchema } from "./experiment-types.js";
import { experimentStatusSchema } from "../../core/contracts/experiment-status.js";
import type { Cursor } from "./experiment-types.js";
import type { ExperimentStatus } from "../../core/contracts/experiment-status.js";

/**
 * The experiment's `meta (key, value)` table, typed: every key it holds, the type of its value
 * and how that value is stored (the stored text is the same as before the keys were typed, so
 * objects written by an older build read the same). Nothing else reads or writes `meta`.
 */
interface Codec<T> {
  readonly encode: (value: T) => string;
  readonly decode: (text: string) => T;
}

/** A value stored as its own text (ids, ISO times, reasons). */
function textOf<T extends string>(schema: z.ZodType<T>): Codec<T> {
  return { encode: (value) => value, decode: (text) => schema.parse(text) };
}

/** A value stored as JSON and parsed with its schema when read. */
function jsonOf<T>(schema: z.ZodType<T>): Codec<T> {
  return { encode: (value) => JSON.stringify(value), decode: (text) => schema.parse(JSON.parse(text)) };
}

/** A count or a time in milliseconds, stored as its decimal text. */
const integer: Codec<number> = { encode: (value) => String(value), decode: (text) => Number(text) };

/** Every meta key and the type of its value. */
export interface MetaValues {
  id: string;
  config: ExperimentConfig;
  status: ExperimentStatus;
  reason: string;
  cursor: Cursor;
  createdAt: string;
  startedAt: string;
  finishedAt: string;
  failedSteps: number;
  lastError: string;
  llmTotals: LlmRoundTotals;
}

const metaCodecs: { readonly [K in keyof MetaValues]: Codec<MetaValues[K]> } = {
  /** The experiment's id: its presence is what "the experiment exists" means. */
  id: textOf(z.string()),
  /** The validated config, fixed at create. */
  config: jsonOf(experimentConfigSchema),
  /** The lifecycle state (experiment-lifecycle.ts moves it). */
  status: textOf(experimentStatusSchema),
  /** Why the run is paused or failed; absent while it runs. */
  reason: textOf(z.string()),
  /** Where the round loop is: the round and its phase. */
  cursor: jsonOf(cursorSchema),
  createdAt: textOf(z.string()),
  startedAt: textOf(z.string()),
  finishedAt: textOf(z.string()),
  /** Failed alarm steps in a row (the retry policy's attempt count). */
  failedSteps: integer,
  /** The last step failure, kept for the operator even when a retry then succeeds. */
  lastError: textOf(z.string()),
  /** Model spend and tokens so far, summed at each round's close. */
  llmTotals: jsonOf(llmRoundTotalsSchema),
};

export type MetaKey = keyof MetaValues;
export type MetaValue<K extends MetaKey> = MetaValues[K];

/** Per-round keys: when the round's first step began (wall clock, for telemetry only). */
const roundStartedAtPrefix = "roundStartedAt:";

export class ExperimentMeta {
  constructor(private readonly sql: SqlStorage) {}

  get<K extends MetaKey>(key: K): MetaValue<K> | undefined {
    const text = this.read(key);
    return text === undefined ? undefined : metaCodecs[key].decode(text);
  }

  /** Like `get`, for a key that every created experiment has. */
  require<K extends MetaKey>(key: K): MetaValue<K> {
    const value = this.get(key);
    if (value === undefined) throw new RangeError(`experiment meta has no ${key}`);
    return value;
  }

  set<K extends MetaKey>(key: K, value: MetaValue<K>): void {
    this.write(key, metaCodecs[key].encode(value));
  }

  delete(key: MetaKey): void {
    this.sql.exec("DELETE FROM meta WHERE key = ?", key);
  }

  roundStartedAt(round: number): number | undefined {
    const text = this.read(`${roundStartedAtPrefix}${round}`);
    return text === undefined ? undefined : integer.decode(text);
  }

  setRoundStartedAt(round: number, ms: number): void {
    this.write(`${roundStartedAtPrefix}${round}`, integer.encode(ms));
  }

  deleteRoundStartedAt(round: number): void {
    this.sql.exec("DELETE FROM meta WHERE key = ?", `${roundStartedAtPrefix}${round}`);
  }

  private read(key: string): string | undefined {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value;
  }

  private write(key: string, value: string): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
  }
}
