import { migrate } from "../common/migrations.js";
import { AgentMeta, agentMeta } from "./agent-meta.js";
import type { AgentTableName } from "./agent-meta.js";
import { agentLatestSchema, agentLazyTables, agentMigrations } from "./agent-schema.js";
import type { AgentLazyTable } from "./agent-schema.js";

/** What a turn reads of the agent's small state at once: every meta row, and which lazy tables exist. */
export interface AgentState {
  readonly meta: AgentMeta;
  readonly tables: Set<AgentTableName>;
  /** No turn has been committed yet: memory and the lazy tables are empty, meta holds `lazyTables` only. */
  readonly fresh: boolean;
}

/**
 * An agent's SQLite: its schema (migrated when the object starts), its meta rows (agent-meta.ts),
 * its lazily created tables, and the transaction a turn commits in.
 */
export class AgentStore {
  readonly sql: SqlStorage;
  private readonly storage: DurableObjectStorage;
  /**
   * This instance created the schema and nothing has been written since: the object holds no
   * turn, memory, post or meta row but `lazyTables`, so a first turn reads nothing.
   */
  private fresh: boolean;

  constructor(storage: DurableObjectStorage) {
    this.storage = storage;
    this.sql = storage.sql;
    this.fresh = migrate(storage, agentMigrations, agentLatestSchema, "meta") === "created";
  }

  load(): AgentState {
    if (this.fresh) return { meta: new AgentMeta(new Map([[agentMeta.lazyTables.key, "[]"]])), tables: new Set(), fresh: true };
    const rows = new Map<string, string>();
    for (const row of this.sql.exec<{ key: string; value: string }>("SELECT key, value FROM meta")) rows.set(row.key, row.value);
    const meta = new AgentMeta(rows);
    return { meta, tables: new Set(meta.get(agentMeta.lazyTables)), fresh: false };
  }

  /** Records the lazy tables the agent has now (after creating or dropping one). */
  recordTables(state: AgentState): void {
    state.meta.set(agentMeta.lazyTables, [...state.tables].sort());
  }

  /** Creates a lazy table on its first write (inside the caller's transaction). */
  ensureTable(state: AgentState, table: AgentLazyTable): void {
    if (state.tables.has(table)) return;
    this.sql.exec(agentLazyTables[table]);
    state.tables.add(table);
    this.recordTables(state);
  }

  /** Writes the meta rows the turn changed. */
  flush(state: AgentState): void {
    state.meta.flush(this.sql);
  }

  /** Runs `write` as one transaction; once it commits the object is no longer fresh. */
  write<T>(write: () => T): T {
    const out = this.storage.transactionSync(write);
    this.fresh = false;
    return out;
  }

  get databaseSize(): number {
    return this.sql.databaseSize;
  }
}
