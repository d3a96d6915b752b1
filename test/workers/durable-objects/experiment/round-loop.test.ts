import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { eventSchema } from "../../../../core/events/event-schema.js";
import { ExperimentMeta } from "../../../../durable-objects/experiment/experiment-meta.js";
import type { Cursor } from "../../../../durable-objects/experiment/experiment-types.js";
import { control, createExperiment, driveUntil, experimentStub, exportEvents, smallConfig, status } from "../../helpers.js";

/** Posts, comments and votes the experiment's shards hold. */
async function shardContent(id: string): Promise<number[]> {
  const shards = Array.from({ length: smallConfig.scale.shards }, (_, s) => env.SHARD.get(env.SHARD.idFromName(`${id}:s${s}`)));
  return (await Promise.all(shards.map((s) => s.stats()))).flatMap((st) => [st.posts, st.comments, st.votes]);
}

function eventIds(log: string): string[] {
  return log
    .trim()
    .split("\n")
    .map((line) => eventSchema.parse(JSON.parse(line)))
    .flatMap((e) => (e.type === "post" || e.type === "comment" ? [e.id] : []));
}

/** The experiment's own meta rows (failedSteps is not in the status view). */
async function metaRow(id: string, key: string): Promise<string | undefined> {
  return runInDurableObject(
    experimentStub(id),
    (_, state) => state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value,
  );
}

/**
 * Poison is laid before the run starts (the test runtime also fires due alarms by itself, so a
 * row corrupted mid-run could be one the loop has already moved past).
 */
async function poisonedRun(poison: (id: string) => Promise<void>): Promise<{ id: string; elapsedMs: number }> {
  const id = await createExperiment(smallConfig);
  await poison(id);
  const started = Date.now();
  await control(id, "start");
  await driveUntil(id, (s) => s.status !== "running");
  return { id, elapsedMs: Date.now() - started };
}

describe("round loop: a poison pill fails the run at once", () => {
  it("fails on the first failure of a step that reads a stored row breaking its schema, with the reason", async () => {
    // A coordinator's summary in the experiment's round barrier that breaks its schema: the close
    // step of round 0 parses it.
    const { id, elapsedMs } = await poisonedRun((id) =>
      runInDurableObject(experimentStub(id), (_, state) => {
        state.storage.sql.exec("INSERT INTO done (round, writer, summary) VALUES (0, 0, ?)", JSON.stringify({ bad: true }));
      }),
    );
    const failed = await status(id);
    expect(failed.status).toBe("failed");
    expect(failed.reason).toMatch(/^round 0 failed at once, a poison pill \(ZodError\): ZodError: /);
    expect(await metaRow(id, "failedSteps")).toBe("1");
    // Not retried: no alarm is armed, and no backoff was waited out (the old policy waited 1+2+3+4 s).
    expect(await runInDurableObject(experimentStub(id), (_, state) => state.storage.getAlarm())).toBeNull();
    expect(elapsedMs).toBeLessThan(8_000);
  });

  it("fails at once when the poison pill comes from another object over RPC", async () => {
    // A coordinator's stored summary of round 0 that breaks its schema: the ZodError is thrown in
    // the coordinator and reaches the experiment as a plain Error that keeps zod's message.
    const { id } = await poisonedRun((id) =>
      runInDurableObject(env.COORDINATOR.get(env.COORDINATOR.idFromName(`${id}:c0`)), (_, state) => {
        state.storage.sql.exec("INSERT INTO rounds (round, summary) VALUES (0, ?)", JSON.stringify({ bad: true }));
      }),
    );
    const failed = await status(id);
    expect(failed.status).toBe("failed");
    expect(failed.reason).toContain("round 0 failed at once, a poison pill (ZodError (remote))");
    expect(await metaRow(id, "failedSteps")).toBe("1");
  });
});

/** Rows by table name. */
type TableRows = Record<string, Record<string, SqlStorageValue>[]>;

/** Every row of the experiment's own tables (not the runtime's `_cf_` tables, which hold the alarm). */
function snapshotTables(sql: SqlStorage): TableRows {
  const tables = sql
    .exec<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )
    .toArray()
    .map((row) => row.name);
  return Object.fromEntries(tables.map((table) => [table, sql.exec(`SELECT * FROM "${table}"`).toArray()]));
}

function restoreTables(sql: SqlStorage, snapshot: TableRows): void {
  for (const [table, rows] of Object.entries(snapshot)) {
    sql.exec(`DELETE FROM "${table}"`);
    for (const row of rows) {
      const columns = Object.keys(row);
      sql.exec(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
        ...Object.values(row),
      );
    }
  }
}

/**
 * Starts the experiment and takes its alarm away: the test runtime fires due alarms by itself,
 * which would run steps behind the test's back; here the test delivers every alarm.
 */
async function startDeliveringByHand(id: string): Promise<void> {
  await runInDurableObject(experimentStub(id), async (instance, state) => {
    const started = await instance.start();
    expect(started.ok).toBe(true);
    await state.storage.deleteAlarm();
  });
}

/** One delivery of the experiment's alarm, run to its end (nothing left armed); the cursor it leaves. */
async function deliverStep(id: string): Promise<Cursor> {
  return runInDurableObject(experimentStub(id), async (instance, state) => {
    await instance.alarm();
    await state.storage.deleteAlarm();
    return new ExperimentMeta(state.storage.sql).require("cursor");
  });
}

/**
 * One delivery whose step commits its effects in the other objects (coordinators' parts and
 * summaries, shard writes, R2 parts) while the experiment's own commit is lost: its tables go back
 * to what they held before the step (cursor, barrier, pool, round summaries, meta bookkeeping),
 * as after a crash before its transaction persisted. Undefined when the cursor is at another kind.
 */
async function deliverLosingTheCommit(id: string, kind: Cursor["phase"]): Promise<{ before: Cursor; after: Cursor } | undefined> {
  return runInDurableObject(experimentStub(id), async (instance, state) => {
    const { sql } = state.storage;
    const meta = new ExperimentMeta(sql);
    const before = meta.require("cursor");
    if (before.phase !== kind) return undefined;
    const snapshot = snapshotTables(sql);
    await instance.alarm();
    await state.storage.deleteAlarm();
    const after = meta.require("cursor");
    state.storage.transactionSync(() => restoreTables(sql, snapshot));
    expect(meta.require("cursor")).toEqual(before);
    expect(meta.require("status")).toBe("running");
    return { before, after };
  });
}

/** The crash itself: the object loses its memory (its storage stays). */
async function crash(id: string): Promise<void> {
  await runInDurableObject(experimentStub(id), (_, state) => state.abort("crashed by the test")).catch((error: unknown) => {
    if (!(error instanceof Error && error.message.includes("crashed by the test"))) throw error;
  });
}

async function isRunning(id: string): Promise<boolean> {
  return runInDurableObject(experimentStub(id), (_, state) => new ExperimentMeta(state.storage.sql).require("status") === "running");
}

let reference: { log: string; shards: number[] } | undefined;

/** The undisturbed run of the same config and seed. */
async function referenceRun(): Promise<{ log: string; shards: number[] }> {
  if (reference) return reference;
  const id = await createExperiment(smallConfig);
  await control(id, "start");
  await driveUntil(id, (s) => s.status === "finished");
  reference = { log: await exportEvents(id), shards: await shardContent(id) };
  return reference;
}

describe("round loop: at-least-once alarm delivery", () => {
  it.each(["pool", "turns", "close"] as const)(
    "a %s step delivered again after its effects elsewhere committed and its own commit was lost: same log, nothing doubled",
    async (kind) => {
      const expected = await referenceRun();
      const id = await createExperiment(smallConfig);
      await startDeliveringByHand(id);
      const redelivered: Cursor[] = [];
      for (let step = 0; step < 500 && (await isRunning(id)); step++) {
        const lost = await deliverLosingTheCommit(id, kind);
        if (lost === undefined) {
          await deliverStep(id);
          continue;
        }
        await crash(id);
        // The runtime delivers the same alarm again, after the first delivery ended.
        expect(await deliverStep(id)).toEqual(lost.after);
        redelivered.push(lost.before);
      }
      expect((await status(id)).status).toBe("finished");
      // Every round's step of this kind was delivered twice (the turns step once per batch).
      const rounds = new Set(redelivered.map((cursor) => cursor.round));
      expect(rounds.size).toBe(smallConfig.rounds);
      if (kind === "turns") expect(redelivered.length).toBeGreaterThan(smallConfig.rounds);
      else expect(redelivered).toHaveLength(smallConfig.rounds);
      // Deliveries after the run finished change nothing either.
      await deliverStep(id);
      await deliverStep(id);

      const log = await exportEvents(id);
      const ids = eventIds(log);
      expect(new Set(ids).size).toBe(ids.length);
      expect(log).toBe(expected.log);
      expect(await shardContent(id)).toEqual(expected.shards);
      expect((await status(id)).roundsDone).toBe(smallConfig.rounds);
    },
  );
});
