/**
 * Versioned schema migrations for a Durable Object's SQLite (the format: docs/storage.md). Each
 * migration runs once, in order, inside one transaction with its version row, so an object evicted
 * mid-migration retries it whole.
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
  /**
   * Where the version is kept: a table of its own (a separate list of migrations in the same
   * object, e.g. the platform API's tables, keeps its own), or `meta` (`migrateVersionInMeta`).
   */
  versionTable: "_migrations" | "_external_migrations" | "meta" = "_migrations",
): MigrationOutcome {
  if (versionTable === "meta") return migrateVersionInMeta(storage, migrations, latest);
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
  return runMissingSteps(storage, migrations, current, (version) => {
    sql.exec(`INSERT INTO ${versionTable} (version) VALUES (?)`, version);
  });
}

/** Each step after `current`, in its own transaction with `record(version)`. */
function runMissingSteps(
  storage: DurableObjectStorage,
  migrations: readonly Migration[],
  current: number,
  record: (version: number) => void,
): MigrationOutcome {
  let ran = false;
  migrations.forEach((statements, index) => {
    const version = index + 1;
    if (version <= current) return;
    storage.transactionSync(() => {
      for (const statement of statements) storage.sql.exec(statement);
      record(version);
    });
    ran = true;
  });
  return ran ? "migrated" : "current";
}

/**
 * The version kept as the `schemaVersion` row of the object's own `meta (key, value)` table, which
 * its first migration creates: for objects made by the thousand (agents), where a version table of
 * their own is one more table to create per object (bench/results.md, 'Measurements behind the code'). Objects
 * made before keep their `_migrations` table until their next migration, which moves the version
 * into `meta` and drops it.
 */
function migrateVersionInMeta(
  storage: DurableObjectStorage,
  migrations: readonly Migration[],
  latest?: readonly string[],
): MigrationOutcome {
  const sql = storage.sql;
  const tables = new Set(
    sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('meta', '_migrations')")
      .toArray()
      .map((row) => row.name),
  );
  let legacy = tables.has("_migrations");
  let current = 0;
  if (legacy) {
    current = sql.exec<{ version: number | null }>("SELECT MAX(version) AS version FROM _migrations").one().version ?? 0;
  } else if (tables.has("meta")) {
    const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schemaVersion'").toArray()[0];
    if (!row) throw new Error("migrate: a meta table without its schemaVersion row");
    current = Number(row.value);
  }
  const recordVersion = (version: number): void => {
    sql.exec(
      "INSERT INTO meta (key, value) VALUES ('schemaVersion', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      String(version),
    );
    if (legacy) {
      sql.exec("DROP TABLE _migrations");
      legacy = false;
    }
  };
  if (current === 0 && latest !== undefined && migrations.length > 0) {
    storage.transactionSync(() => {
      // One batch: the version is a constant of the code, not input.
      sql.exec([...latest, `INSERT INTO meta (key, value) VALUES ('schemaVersion', '${migrations.length}')`].join(";\n"));
      if (legacy) sql.exec("DROP TABLE _migrations");
    });
    return "created";
  }
  return runMissingSteps(storage, migrations, current, recordVersion);
}
