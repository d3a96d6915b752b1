import type { Migration } from "../common/migrations.js";

// The storage format these migrations implement, and how it may change: docs/storage.md.

export const coordinatorMigrations: readonly Migration[] = [
  [
    "CREATE TABLE agents (agent TEXT PRIMARY KEY, previous_turn TEXT NOT NULL)",
    "CREATE TABLE follows (agent TEXT NOT NULL, target TEXT NOT NULL, PRIMARY KEY (agent, target))",
    "CREATE TABLE subscriptions (agent TEXT NOT NULL, submolt TEXT NOT NULL, PRIMARY KEY (agent, submolt))",
    "CREATE TABLE rounds (round INTEGER PRIMARY KEY, summary TEXT NOT NULL)",
  ],
];
