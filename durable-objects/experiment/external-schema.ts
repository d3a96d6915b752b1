import { migrate } from "../common/migrations.js";
import type { Migration } from "../common/migrations.js";

// The storage format these migrations implement, and how it may change: docs/storage.md.

/**
 * Tables of the platform API inside the ExperimentObject. They have their own version table so
 * that they evolve apart from the round loop's schema (experiment-schema.ts), which other work
 * changes; each entry runs once, in one transaction with its version row, never edited afterwards.
 */
export const externalMigrations: readonly Migration[] = [
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
  // v2: every reader sees a queued action at once, with the counts it changes (external-overlay.ts),
  // so the queue is queried by what an action touches: `kind` its type; `post` the post it is on;
  // `target` its own id (post, comment), what it acts on (vote, delete, follow) or its submolt;
  // for votes `target_author` (whose karma moves), `from_state` (the voter's state before it) and
  // `value` (the state after it); for follows and subscriptions `value` +1 or -1; for a comment's
  // deletion `value` the comments it removes. `applied` is set once the shards hold the row's round,
  // so a read never counts an action twice; `bytes` is the body's size in UTF-8. Rows queued before
  // v2 get what their body says.
  [
    "ALTER TABLE external_pending ADD COLUMN kind TEXT",
    "ALTER TABLE external_pending ADD COLUMN post TEXT",
    "ALTER TABLE external_pending ADD COLUMN target TEXT",
    "ALTER TABLE external_pending ADD COLUMN target_author TEXT",
    "ALTER TABLE external_pending ADD COLUMN from_state INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE external_pending ADD COLUMN value INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE external_pending ADD COLUMN applied INTEGER NOT NULL DEFAULT 0",
    // UTF-8 bytes of the row's body: what a round's commit carries, capped per agent and per round.
    "ALTER TABLE external_pending ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0",
    "UPDATE external_pending SET bytes = length(CAST(body AS BLOB))",
    `UPDATE external_pending SET kind = json_extract(body, '$.type'),
       post = CASE json_extract(body, '$.type') WHEN 'post' THEN json_extract(body, '$.id') ELSE json_extract(body, '$.post') END,
       target = CASE json_extract(body, '$.type') WHEN 'post' THEN json_extract(body, '$.id') WHEN 'comment' THEN json_extract(body, '$.id')
         WHEN 'subscribe' THEN json_extract(body, '$.submolt') ELSE json_extract(body, '$.target') END,
       value = CASE json_extract(body, '$.type') WHEN 'vote' THEN json_extract(body, '$.direction')
         WHEN 'follow' THEN CASE json_extract(body, '$.follow') WHEN 1 THEN 1 ELSE -1 END
         WHEN 'subscribe' THEN CASE json_extract(body, '$.subscribe') WHEN 1 THEN 1 ELSE -1 END ELSE 0 END`,
    // Covering indexes: a row's body may be kilobytes in overflow pages, and the columns after it
    // are read only through them, so every read of the overlay and every admission check is
    // answered from an index alone (a scan of the table read the whole queue on each request).
    "CREATE INDEX external_pending_by_post ON external_pending (post, applied, kind, target, value, from_state)",
    "CREATE INDEX external_pending_by_target ON external_pending (kind, target, applied, id_round, agent, post, value, from_state)",
    "CREATE INDEX external_pending_by_author ON external_pending (kind, target_author, applied, value, from_state)",
    "CREATE INDEX external_pending_by_round ON external_pending (agent, id_round, kind)",
    "CREATE INDEX external_pending_unapplied ON external_pending (agent, applied)",
    "CREATE INDEX external_pending_bytes ON external_pending (id_round, agent, bytes)",
  ],
];

export function migrateExternal(storage: DurableObjectStorage): void {
  migrate(storage, externalMigrations, undefined, "_external_migrations");
}
