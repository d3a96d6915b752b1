import type { Migration } from "../common/migrations.js";

// The storage format these migrations implement, and how it may change: docs/storage.md.

/** One table of single rows: the smallest write an agent's turn could make. */
export const benchMigrations: readonly Migration[] = [["CREATE TABLE rows (n INTEGER PRIMARY KEY, value INTEGER NOT NULL)"]];
