/**
 * Versioned schema migrations for a Durable Object's SQLite. Each migration runs once, in order,
 * inside one transaction with its version row, so an object evicted mid-migration retries it whole.
 */
export type Migration = readonly string[];

export function migrate(storage: DurableObjectStorage, migrations: readonly Migration[]): void {
  const sql = storage.sql;
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY)");
  const row = sql.exec<{ version: number | null }>("SELECT MAX(version) AS version FROM _migrations").one();
  const current = row.version ?? 0;
  migrations.forEach((statements, index) => {
    const version = index + 1;
    if (version <= current) return;
    storage.transactionSync(() => {
      for (const statement of statements) sql.exec(statement);
      sql.exec("INSERT INTO _migrations (version) VALUES (?)", version);
    });
  });
}
