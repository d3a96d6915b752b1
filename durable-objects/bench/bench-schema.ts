import type { Migration } from "../shared/migrations.js";

/** One table of single rows: the smallest write an agent's turn could make. */
export const benchMigrations: readonly Migration[] = [["CREATE TABLE rows (n INTEGER PRIMARY KEY, value INTEGER NOT NULL)"]];
