import type { Migration } from "../common/migrations.js";

// The storage format these migrations implement, and how it may change: docs/storage.md.

export const experimentMigrations: readonly Migration[] = [
  [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE pool (round INTEGER PRIMARY KEY, body TEXT NOT NULL)",
    // The round barrier: a set of (round, writer) keys, not a counter (docs/design.md decision 5).
    // writer -1 is the round's opening frame, -2 its closing frame, >= 0 a coordinator.
    "CREATE TABLE done (round INTEGER NOT NULL, writer INTEGER NOT NULL, summary TEXT NOT NULL, PRIMARY KEY (round, writer))",
    "CREATE TABLE rounds (round INTEGER PRIMARY KEY, summary TEXT NOT NULL)",
  ],
];
