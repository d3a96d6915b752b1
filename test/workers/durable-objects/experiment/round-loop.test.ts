import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { eventSchema } from "../../../../core/events/event-schema.js";
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

/** Runs the experiment's pending alarm once (the step it has armed). */
async function deliverAlarm(id: string): Promise<void> {
  const stub = experimentStub(id);
  if (!(await runDurableObjectAlarm(stub))) await runInDurableObject(stub, (instance) => instance.alarm());
}

/** The experiment's own meta rows (failedSteps is not in the status view). */
async function metaRow(id: string, key: string): Promise<string | undefined> {
  return runInDurableObject(experimentStub(id), (_, state) =>
    state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value,
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

describe("round loop: at-least-once alarm delivery", () => {
  it("re-delivered after its step committed, an alarm duplicates nothing and the log stays the same", async () => {
    const referenceId = await createExperiment(smallConfig);
    await control(referenceId, "start");
    await driveUntil(referenceId, (s) => s.status === "finished");
    const reference = await exportEvents(referenceId);

    const id = await createExperiment(smallConfig);
    await control(id, "start");
    let redelivered = 0;
    for (let step = 0; step < 500 && (await status(id)).status !== "finished"; step++) {
      await deliverAlarm(id);
      // The step has finished and committed (cursor moved, parts and shard writes stored): the
      // runtime delivers the same alarm again, one call after the other.
      await runInDurableObject(experimentStub(id), (instance) => instance.alarm());
      redelivered++;
    }
    expect((await status(id)).status).toBe("finished");
    expect(redelivered).toBeGreaterThan(smallConfig.rounds);
    // Deliveries after the run finished change nothing either.
    await runInDurableObject(experimentStub(id), (instance) => instance.alarm());
    await runInDurableObject(experimentStub(id), (instance) => instance.alarm());

    const log = await exportEvents(id);
    const ids = eventIds(log);
    expect(new Set(ids).size).toBe(ids.length);
    expect(log).toBe(reference);
    expect(await shardContent(id)).toEqual(await shardContent(referenceId));
    const done = await status(id);
    expect(done.roundsDone).toBe(smallConfig.rounds);
  });
});
