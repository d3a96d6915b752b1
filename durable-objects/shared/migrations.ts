/**
 * Versioned schema migrations for a Durable Object's SQLite. Each migration runs once, in order,
 * inside one transaction with its version row, so an object evicted mid-migration retries it whole.
 */
export type Migration = readonly string[];

/**
 * How `migrate` found the object: `created` - it had no schema and now has the latest one (so every
 * table is empty); `migrated` - it ran missing steps; `current` - nothing to do.
 */
export type MigrationOutcome = "created" | "migrated" | "current";

/**
 * `latest` (optional) is the whole latest schema for a new object: with it, an object with no
 * schema yet (version 0) jumps straight to the last version in one statement batch and one
 * transaction, instead of replaying every step (each CREATE and ALTER on its own). It must describe
 * the same tables, columns and indexes as running every migration in order (it may leave out tables
 * its object creates on first use, see agent-schema.ts). An object at an older version still runs
 * its missing steps one by one.
 */
export function migrate(
  storage: DurableObjectStorage,
  migrations: readonly Migration[],
  latest?: readonly string[],
  /** A separate list of migrations in the same object (e.g. the platform API's tables) keeps its own versions. */
  versionTable: "_migrations" | "_external_migrations" = "_migrations",
): MigrationOutcome {
  const sql = storage.sql;
  sql.exec(`CREATE TABLE IF NOT EXISTS ${versionTable} (version INTEGER PRIMARY KEY)`);
  const row = sql.exec<{ version: number | null }>(`SELECT MAX(version) AS version FROM ${versionTable}`).one();
  const current = row.version ?? 0;
  if (current === 0 && latest !== undefined && migrations.length > 0) {
    storage.transactionSync(() => {
      sql.exec([...latest, `INSERT INTO ${versionTable} (version) VALUES (${migrations.length})`].join(";\n"));
    });
    return "created";
  }
  let ran = false;
  migrations.forEach((statements, index) => {
    const version = index + 1;
    if (version <= current) return;
    storage.transactionSync(() => {
      for (const statement of statements) sql.exec(statement);
      sql.exec(`INSERT INTO ${versionTable} (version) VALUES (?)`, version);
    });
    ran = true;
  });
  return ran ? "migrated" : "current";
}
