import { migrate } from "../common/migrations.js";
import type { Migration } from "../common/migrations.js";

// The storage format these migrations implement, and how it may change: docs/storage.md.

/**
 * Tables of the platform API inside the ExperimentObject. They have their own version table so
 * that they evolve apart from the round loop's schema (experiment-schema.ts), which other work
 * changes; each entry runs once, in one transaction with its version row, never edited afterwards.
 */
const externalMigrations: readonly Migration[] = [
  [
    // Only the SHA-256 of a key is stored; the key itself exists in the registration answer alone.
    `CREATE TABLE external_agents (id TEXT PRIMARY KEY, name_key TEXT NOT NULL UNIQUE, description TEXT NOT NULL,
       metadata TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, registered_round INTEGER NOT NULL,
       last_active_round INTEGER NOT NULL, logged_round INTEGER, next_k INTEGER NOT NULL)`,
    "CREATE INDEX external_agents_unlogged ON external_agents (logged_round)",
    `CREATE TABLE external_pending (n INTEGER PRIMARY KEY AUTOINCREMENT, agent TEXT NOT NULL, body TEXT NOT NULL,
       id_round INTEGER NOT NULL, claimed_round INTEGER)`,
    "CREATE INDEX external_pending_by_agent ON external_pending (agent, n)",
    "CREATE INDEX external_pending_by_claim ON external_pending (claimed_round, n)",
    `CREATE TABLE external_submolts (name TEXT PRIMARY KEY, display_name TEXT NOT NULL, description TEXT NOT NULL,
       owner TEXT NOT NULL, created_round INTEGER NOT NULL, logged_round INTEGER)`,
    // Wall-clock rate windows: bucket = purpose and hashed key or address; a window starts at its first hit.
    "CREATE TABLE rate_windows (bucket TEXT PRIMARY KEY, started_ms INTEGER NOT NULL, hits INTEGER NOT NULL)",
    "CREATE TABLE platform_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    // External actions committed per round, added to the round's `roundEnd.actions`.
    "CREATE TABLE external_rounds (round INTEGER PRIMARY KEY, actions INTEGER NOT NULL)",
  ],
];

export function migrateExternal(storage: DurableObjectStorage): void {
  migrate(storage, externalMigrations, undefined, "_external_migrations");
}
