import { DurableObject } from "cloudflare:workers";
import { migrate } from "../common/migrations.js";
import { benchMigrations } from "./bench-schema.js";

/**
 * The floor of the round engine: the cheapest calls an agent turn could be made of.
 * `ping` is an empty RPC that never opens SQLite; `insertRead` writes one row and reads it back.
 * Nothing here belongs to an experiment; the objects exist only for `POST /api/bench/floor`.
 */
export class BenchObject extends DurableObject<Env> {
  /** Migrated on the first `insertRead`, not in the constructor, so `ping` stays storage-free. */
  private migrated = false;

  /** An empty round trip; `evict` drops the object afterwards (the local live-object budget). */
  ping(evict: boolean): number {
    if (evict === true) this.evict();
    return 1;
  }

  /**
   * One single-row INSERT and one SELECT of it, the way an agent turn writes (synchronous SQL,
   * durable before the output gate opens). Returns the value read back, so a caller can check it.
   */
  insertRead(n: number, evict: boolean): number {
    if (!this.migrated) {
      migrate(this.ctx.storage, benchMigrations);
      this.migrated = true;
    }
    const sql = this.ctx.storage.sql;
    sql.exec("INSERT INTO rows (n, value) VALUES (?, ?) ON CONFLICT (n) DO UPDATE SET value = excluded.value", n, n * 2);
    const value = sql.exec<{ value: number }>("SELECT value FROM rows WHERE n = ?", n).one().value;
    if (evict === true) this.evict();
    return value;
  }

  /**
   * Local runs only: the same eviction agents use after their turn (agent-object.ts). The abort
   * waits for the writes to be durable, and the answer already on its way still reaches the caller.
   */
  private evict(): void {
    this.ctx.waitUntil(this.ctx.storage.sync().then(() => this.ctx.abort("evicted after a bench call (local live-object budget)")));
  }
}
