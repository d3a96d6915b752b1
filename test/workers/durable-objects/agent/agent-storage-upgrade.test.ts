import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { agentId } from "../../../../core/ids.js";
import {
  agentLatestSchema,
  agentLazyTableNames,
  agentLazyTables,
  agentLegacyTableNames,
  agentMigrations,
} from "../../../../durable-objects/agent/agent-schema.js";
import { migrate } from "../../../../durable-objects/common/migrations.js";
import { control, createExperiment, driveUntil, exportEvents, smallConfig } from "../../helpers.js";

/** A blank SQLite: a BenchObject creates nothing until its first insertRead. */
function blankStorage(name: string): DurableObjectStub<import("../../../../durable-objects/bench/bench-object.js").BenchObject> {
  return env.BENCH.get(env.BENCH.idFromName(`agent-storage-test:${name}`));
}

/**
 * Tables, indexes and the columns of each table, minus the tables a schema may leave out. A key
 * column's NOT NULL is not compared: a WITHOUT ROWID table (a new agent's meta) implies it, and no
 * key is ever NULL.
 */
function schemaOf(sql: SqlStorage, leaveOut: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const objects = sql
    .exec<{ type: string; name: string; tbl_name: string }>(
      "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY name",
    )
    .toArray()
    .filter((o) => !leaveOut.has(o.tbl_name) && !leaveOut.has(o.name));
  for (const o of objects) {
    out[`${o.type} ${o.name}`] =
      o.type === "table"
        ? sql
            .exec<{ name: string; type: string; notnull: number; pk: number }>(
              `SELECT name, type, "notnull", pk FROM pragma_table_info('${o.name}')`,
            )
            .toArray()
            .map((c) => `${c.name} ${c.type}${c.notnull && !c.pk ? " not null" : ""}${c.pk ? " pk" : ""}`)
        : o.tbl_name;
  }
  return out;
}

const versionStores = ["_migrations"];

/** The [key, number] pairs older-layout rows are made from (voted page, familiarity). */
const pairsSchema = z.array(z.tuple([z.string(), z.number()]));

describe("agent storage across schema versions", () => {
  it("creates a new agent with the schema every migration step leaves, its version in meta", async () => {
    let stepwise: Record<string, unknown> = {};
    await runInDurableObject(blankStorage("stepwise"), (_instance, state) => {
      expect(migrate(state.storage, agentMigrations)).toBe("migrated");
      stepwise = schemaOf(state.storage.sql, new Set([...agentLazyTableNames, ...agentLegacyTableNames, ...versionStores]));
    });
    await runInDurableObject(blankStorage("latest"), (_instance, state) => {
      const sql = state.storage.sql;
      expect(migrate(state.storage, agentMigrations, agentLatestSchema, "meta")).toBe("created");
      expect(schemaOf(sql, new Set())).toEqual(stepwise);
      expect(sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schemaVersion'").one().value).toBe(
        String(agentMigrations.length),
      );
      expect(migrate(state.storage, agentMigrations, agentLatestSchema, "meta")).toBe("current");
    });
    expect(Object.keys(stepwise)).toContain("table memory");
  });

  it("reads an older agent's version from its _migrations table and moves it into meta at its next migration", async () => {
    await runInDurableObject(blankStorage("legacy"), (_instance, state) => {
      const sql = state.storage.sql;
      migrate(state.storage, agentMigrations);
      expect(migrate(state.storage, agentMigrations, agentLatestSchema, "meta")).toBe("current");
      const next = [...agentMigrations, ["CREATE TABLE later_step (x INTEGER)"]];
      expect(migrate(state.storage, next, agentLatestSchema, "meta")).toBe("migrated");
      expect(sql.exec("SELECT name FROM sqlite_master WHERE name = '_migrations'").toArray()).toHaveLength(0);
      expect(sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schemaVersion'").one().value).toBe(String(next.length));
      expect(migrate(state.storage, next, agentLatestSchema, "meta")).toBe("current");
    });
  });

  it("finishes a run with the same log when agents made by the older layout (voted and familiarity tables, _migrations) join mid-run", async () => {
    // Preferential attention reads familiarity and the voted page, so a fold that lost either
    // would change what agents engage with, and the log.
    // Ten rounds, the older layout made after five: by then agents have voted and engaged authors.
    const config = { ...smallConfig, rounds: 10, knobs: { preferentialAttention: 1 } };
    const referenceId = await createExperiment(config);
    await control(referenceId, "start");
    await driveUntil(referenceId, (s) => s.status === "finished");
    const reference = await exportEvents(referenceId);

    const id = await createExperiment(config);
    await control(id, "start");
    await driveUntil(id, (s) => s.roundsDone >= 5);
    // The experiment's alarm also fires on its own: paused (which waits for a step in flight), no
    // turn can write an agent's meta while its rows are being moved into the older tables.
    await control(id, "pause");
    let legacyVotes = 0;
    let legacyFamiliarity = 0;
    const legacyCounts = new Map<number, Record<string, number>>();
    for (let i = 0; i < smallConfig.agents; i++) {
      const stub = env.AGENT.get(env.AGENT.idFromName(`${id}:${agentId(i, smallConfig.agents)}`));
      // The layout older code wrote: the version in a table of its own, a rowid meta table with
      // a persona row, the memory retention index, votes and familiarity in tables listed among
      // the lazy tables - and for agent 0 no lazy-table list at all (every table made up front).
      // Then the object restarts and reads it.
      await runInDurableObject(stub, (_instance, state) => {
        const sql = state.storage.sql;
        sql.exec("CREATE TABLE meta_rowid (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        sql.exec("INSERT INTO meta_rowid (key, value) SELECT key, value FROM meta");
        sql.exec("DROP TABLE meta");
        sql.exec("ALTER TABLE meta_rowid RENAME TO meta");
        sql.exec("INSERT INTO meta (key, value) VALUES ('persona', '{\"stored\":\"by older code\"}')");
        sql.exec("CREATE INDEX IF NOT EXISTS memory_by_retention ON memory (importance DESC, n DESC)");
        const version = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schemaVersion'").one().value;
        sql.exec("CREATE TABLE _migrations (version INTEGER PRIMARY KEY)");
        for (let v = 1; v <= Number(version); v++) sql.exec("INSERT INTO _migrations (version) VALUES (?)", v);
        sql.exec("DELETE FROM meta WHERE key = 'schemaVersion'");
        sql.exec("CREATE TABLE voted (target TEXT PRIMARY KEY, round INTEGER NOT NULL)");
        const page = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'voted'").toArray()[0];
        for (const [target, round] of page ? pairsSchema.parse(JSON.parse(page.value)) : []) {
          sql.exec("INSERT INTO voted (target, round) VALUES (?, ?)", target, round);
          legacyVotes++;
        }
        sql.exec("DELETE FROM meta WHERE key = 'voted'");
        sql.exec("CREATE TABLE familiarity (author TEXT PRIMARY KEY, count INTEGER NOT NULL)");
        const familiar = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'familiarity'").toArray()[0];
        const counts = Object.fromEntries(familiar ? pairsSchema.parse(JSON.parse(familiar.value)) : []);
        for (const [author, count] of Object.entries(counts)) {
          sql.exec("INSERT INTO familiarity (author, count) VALUES (?, ?)", author, count);
          legacyFamiliarity++;
        }
        legacyCounts.set(i, counts);
        sql.exec("DELETE FROM meta WHERE key = 'familiarity'");
        const lazy = z
          .array(z.string())
          .parse(JSON.parse(sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'lazyTables'").one().value));
        if (i === 0) {
          for (const [table, create] of Object.entries(agentLazyTables)) if (!lazy.includes(table)) sql.exec(create);
          sql.exec("DELETE FROM meta WHERE key = 'lazyTables'");
        } else {
          sql.exec("UPDATE meta SET value = ? WHERE key = 'lazyTables'", JSON.stringify([...lazy, "familiarity", "voted"].sort()));
        }
      });
      await runInDurableObject(stub, (_instance, state) => state.abort("restart on the older layout")).catch((error: unknown) => {
        if (!(error instanceof Error && error.message.includes("older layout"))) throw error;
      });
    }
    expect(legacyVotes).toBeGreaterThan(0);
    expect(legacyFamiliarity).toBeGreaterThan(0);
    await control(id, "resume");
    await driveUntil(id, (s) => s.status === "finished");
    expect(await exportEvents(id)).toBe(reference);
    // Every agent that took a turn since has folded its table into meta.
    let folded = 0;
    for (let i = 0; i < smallConfig.agents; i++) {
      const stub = env.AGENT.get(env.AGENT.idFromName(`${id}:${agentId(i, smallConfig.agents)}`));
      await runInDurableObject(stub, (_instance, state) => {
        const sql = state.storage.sql;
        const hasTable = sql.exec("SELECT name FROM sqlite_master WHERE name IN ('voted', 'familiarity')").toArray().length > 0;
        if (hasTable) return;
        folded++;
        // What the table held is still counted: engagements only ever add.
        const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'familiarity'").toArray()[0];
        const now = Object.fromEntries(row ? pairsSchema.parse(JSON.parse(row.value)) : []);
        for (const [author, count] of Object.entries(legacyCounts.get(i) ?? {})) expect(now[author] ?? 0).toBeGreaterThanOrEqual(count);
      });
    }
    expect(folded).toBeGreaterThan(0);
  });
});
