import type { Migration } from "../shared/migrations.js";

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
];
