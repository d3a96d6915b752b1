import type { Migration } from "../common/migrations.js";

// The storage format these migrations implement, and how it may change: docs/storage.md.

export const agentMigrations: readonly Migration[] = [
  [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE turns (round INTEGER PRIMARY KEY, result TEXT NOT NULL)",
    "CREATE TABLE pending (round INTEGER PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE TABLE own_posts (id TEXT PRIMARY KEY, round INTEGER NOT NULL, text TEXT NOT NULL, score INTEGER NOT NULL DEFAULT 0)",
    `CREATE TABLE memory (n INTEGER PRIMARY KEY, id TEXT NOT NULL, round INTEGER NOT NULL, kind TEXT NOT NULL,
       importance REAL NOT NULL, sources TEXT NOT NULL, text TEXT NOT NULL)`,
    "CREATE INDEX memory_by_retention ON memory (importance DESC, n DESC)",
    "CREATE TABLE imitation (n INTEGER PRIMARY KEY AUTOINCREMENT, word TEXT NOT NULL)",
    "CREATE TABLE voted (target TEXT PRIMARY KEY, round INTEGER NOT NULL)",
    "CREATE TABLE familiarity (author TEXT PRIMARY KEY, count INTEGER NOT NULL)",
  ],
  // v2: llm agents retrieve memory by relevance; a row's vector is hashed words (sim rows: NULL).
  ["ALTER TABLE memory ADD COLUMN vector BLOB"],
  // v3: private probe answers, kept so a re-run round logs the same answer without asking again.
  ["CREATE TABLE probe_answers (probe TEXT PRIMARY KEY, result TEXT NOT NULL)"],
  // v4: sim feedback learning judges a post by its first day's votes (its reception, not its age).
  ["ALTER TABLE own_posts ADD COLUMN early_score INTEGER NOT NULL DEFAULT 0"],
  // v5: a turn's stored result and its pending actions are meta rows (`turn:<round>`,
  // `pending:<round>`), read with the rest of meta in one query: two tables fewer to create for a
  // new agent and three statements fewer per turn.
  [
    "INSERT INTO meta (key, value) SELECT 'turn:' || round, result FROM turns",
    "INSERT INTO meta (key, value) SELECT 'pending:' || round, body FROM pending",
    "DROP TABLE turns",
    "DROP TABLE pending",
  ],
];

/**
 * Tables a new agent creates when it first writes to them, not with its schema: creating a table
 * is the largest part of a new object's first turn (bench/results.md), and
 * most agents of a short run never write some of these. Each definition is the table as of the
 * latest migration. An object created before lazy tables existed (no `lazyTables` meta row) has
 * all of them. A later migration that changes one of these tables must also change its definition
 * here and must work when the table is absent (check sqlite_master, or recreate it by copy).
 */
export const agentLazyTables = {
  own_posts:
    "CREATE TABLE own_posts (id TEXT PRIMARY KEY, round INTEGER NOT NULL, text TEXT NOT NULL, score INTEGER NOT NULL DEFAULT 0, early_score INTEGER NOT NULL DEFAULT 0)",
  imitation: "CREATE TABLE imitation (n INTEGER PRIMARY KEY AUTOINCREMENT, word TEXT NOT NULL)",
  probe_answers: "CREATE TABLE probe_answers (probe TEXT PRIMARY KEY, result TEXT NOT NULL)",
  // An index, built once the agent may keep more memory rows than `memoryRowsScannedWithoutIndex`
  // (core/tunables.ts). Objects made before it was lazy have it from v1, hence IF NOT EXISTS.
  memory_by_retention: "CREATE INDEX IF NOT EXISTS memory_by_retention ON memory (importance DESC, n DESC)",
} as const;
export type AgentLazyTable = keyof typeof agentLazyTables;
export const agentLazyTableNames = Object.keys(agentLazyTables) as AgentLazyTable[];

/**
 * Tables of agents made by older code that newer agents never create: `voted` is now a meta row
 * (voted-page.ts) and so is `familiarity` (author -> engagements, JSON). A new agent creating a
 * table for either on its first or second turn cost more than the rows themselves (bench/results.md). An
 * agent still holding one folds it into meta and drops it on its next turn.
 */
export const agentLegacyTableNames = ["voted", "familiarity"] as const;
export type AgentLegacyTable = (typeof agentLegacyTableNames)[number];

/**
 * The latest schema (all of `agentMigrations`) for a new agent, run as one statement batch: the
 * tables every turn writes, plus the `lazyTables` meta row listing the lazy tables created so far
 * (`migrate` adds the `schemaVersion` row: agents keep their version in meta, not in a table).
 * Keep it in step with `agentMigrations`: every table and column their steps leave, in the same
 * column order, except the lazy and legacy tables above (a test compares the two).
 */
export const agentLatestSchema: readonly string[] = [
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
  `CREATE TABLE memory (n INTEGER PRIMARY KEY, id TEXT NOT NULL, round INTEGER NOT NULL, kind TEXT NOT NULL,
     importance REAL NOT NULL, sources TEXT NOT NULL, text TEXT NOT NULL, vector BLOB)`,
  "INSERT INTO meta (key, value) VALUES ('lazyTables', '[]')",
];
