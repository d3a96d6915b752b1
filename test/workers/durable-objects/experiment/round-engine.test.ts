import { env, runInDurableObject } from "cloudflare:test";
import { z } from "zod";
import { experimentConfigSchema } from "../../../../core/contracts/experiment-config.js";
import { poolPostSchema } from "../../../../core/round/round-types.js";
import { mergeCandidates } from "../../../../durable-objects/experiment/candidate-pool.js";
import { agentId } from "../../../../core/ids.js";
import { describe, expect, it } from "vitest";
import { eventSchema } from "../../../../core/events/event-schema.js";
import { control, createExperiment, driveUntil, experimentStub, exportEvents, smallConfig, status } from "../../helpers.js";

async function controlRun(): Promise<string> {
  const id = await createExperiment(smallConfig);
  await control(id, "start");
  await driveUntil(id, (s) => s.status === "finished");
  return exportEvents(id);
}

function ids(log: string, type: "post" | "comment"): string[] {
  return log
    .trim()
    .split("\n")
    .map((line) => eventSchema.parse(JSON.parse(line)))
    .flatMap((e) => (e.type === type ? [e.id] : []));
}

describe("round engine in workerd", () => {
  it("runs a whole experiment and exports a valid canonical log", async () => {
    const log = await controlRun();
    const events = log
      .trim()
      .split("\n")
      .map((line) => eventSchema.parse(JSON.parse(line)));
    expect(events.filter((e) => e.type === "roundEnd")).toHaveLength(smallConfig.rounds);
    expect(events.filter((e) => e.type === "agent")).toHaveLength(smallConfig.agents);
    expect(events.some((e) => e.type === "post")).toBe(true);
    const seen = new Set<string>();
    for (const e of events) {
      if (e.type === "post" || e.type === "comment") seen.add(e.id);
      if (e.type === "comment") expect(seen.has(e.post)).toBe(true);
      if (e.type === "vote") expect(seen.has(e.target)).toBe(true);
    }
    // seq numbers each round's events from 0 in order.
    let round = -1;
    let next = 0;
    for (const e of events) {
      if (e.round !== round) {
        round = e.round;
        next = 0;
      }
      expect(e.seq).toBe(next++);
    }
  });

  it("commits each agent's actions exactly once when every alarm is delivered twice", async () => {
    const reference = await controlRun();
    const id = await createExperiment(smallConfig);
    await control(id, "start");
    const stub = experimentStub(id);
    await driveUntil(
      id,
      (s) => s.status === "finished",
      async () => {
        await Promise.all([
          runInDurableObject(stub, (instance) => instance.alarm()),
          runInDurableObject(stub, (instance) => instance.alarm()),
        ]);
      },
    );
    const log = await exportEvents(id);
    const posts = ids(log, "post");
    expect(new Set(posts).size).toBe(posts.length);
    expect(log).toBe(reference);
  });

  it("replays a coordinator round that crashed after its commit, without doubling anything", async () => {
    const id = await createExperiment(smallConfig);
    const config = experimentConfigSchema.parse(smallConfig);
    const coordinator = env.COORDINATOR.get(env.COORDINATOR.idFromName(`${id}:c0`));
    const shards = [0, 1].map((s) => env.SHARD.get(env.SHARD.idFromName(`${id}:s${s}`)));
    const poolFor = async (round: number) => {
      const request = {
        algorithm: "hot" as const,
        submolts: config.submolts.map((s) => s.name),
        topPerSubmolt: 24,
        newest: 64,
        commentsPerPost: 4,
        textChars: 280,
      };
      return mergeCandidates(
        config,
        round,
        await Promise.all(shards.map(async (s) => z.array(poolPostSchema).parse(await s.poolCandidates(request)))),
      );
    };
    const countPosts = async () =>
      (await Promise.all(shards.map((s) => s.stats()))).reduce((n, st) => n + st.posts + st.comments + st.votes, 0);
    for (let round = 0; round < 4; round++) {
      const input = { experimentId: id, coordinator: 0, round, config, pool: await poolFor(round), turnsInFlight: 4, evictAfterTurn: true };
      const [first, concurrent] = await Promise.all([coordinator.runRound(input), coordinator.runRound(input)]);
      const afterFirst = await countPosts();
      await runInDurableObject(coordinator, (_, state) => {
        state.storage.sql.exec("DELETE FROM rounds WHERE round = ?", round);
      });
      const replayed = await coordinator.runRound(input);
      if ("halt" in first || "halt" in concurrent || "halt" in replayed) throw new Error("a sim round never halts");
      expect(replayed.part.sha256).toBe(first.part.sha256);
      expect(concurrent.part.sha256).toBe(first.part.sha256);
      expect(await countPosts()).toBe(afterFirst);
    }
    expect(await countPosts()).toBeGreaterThan(0);
  });

  it("loses nothing when agent and experiment objects are evicted between steps", async () => {
    const reference = await controlRun();
    const id = await createExperiment(smallConfig);
    await control(id, "start");
    await driveUntil(
      id,
      (s) => s.status === "finished",
      async (step) => {
        // The experiment, a coordinator, a shard and some agents lose their memory between steps;
        // their storage stays.
        if (step % 2 === 0) {
          const agents = [0, 7, 13, 22].map((i) => env.AGENT.get(env.AGENT.idFromName(`${id}:${agentId(i, smallConfig.agents)}`)));
          const objects = [
            experimentStub(id),
            env.COORDINATOR.get(env.COORDINATOR.idFromName(`${id}:c1`)),
            env.SHARD.get(env.SHARD.idFromName(`${id}:s0`)),
            ...agents,
          ];
          for (const stub of objects) {
            await runInDurableObject(stub, (_, state) => state.abort("evicted by the test")).catch((error: unknown) => {
              if (!(error instanceof Error && error.message.includes("evicted by the test"))) throw error;
            });
          }
        }
      },
    );
    expect(await exportEvents(id)).toBe(reference);
  });

  it("pauses and resumes at the same round", async () => {
    const reference = await controlRun();
    const id = await createExperiment(smallConfig);
    await control(id, "start");
    await driveUntil(id, (s) => s.roundsDone >= 3);
    const paused = await control(id, "pause");
    expect(paused.status).toBe("paused");
    await runInDurableObject(experimentStub(id), (instance) => instance.alarm());
    await runInDurableObject(experimentStub(id), (instance) => instance.alarm());
    const still = await status(id);
    expect(still.round).toBe(paused.round);
    expect(still.phase).toBe(paused.phase);
    const resumed = await control(id, "resume");
    expect(resumed.round).toBe(paused.round);
    await driveUntil(id, (s) => s.status === "finished");
    expect(await exportEvents(id)).toBe(reference);
  });
});

describe("round deadline", () => {
  it("logs a turn that misses the deadline as turnTimeout and still finishes the run", async () => {
    const id = await createExperiment({ ...smallConfig, scale: { ...smallConfig.scale, turnTimeoutMs: 1 } });
    await control(id, "start");
    await driveUntil(id, (s) => s.status === "finished");
    const events = (await exportEvents(id))
      .trim()
      .split("\n")
      .map((line) => eventSchema.parse(JSON.parse(line)));
    expect(events.filter((e) => e.type === "turnTimeout").length).toBeGreaterThan(0);
    for (const round of new Set(events.map((e) => e.round))) {
      const inRound = events.filter((e) => e.round === round);
      const woken = new Set(inRound.flatMap((e) => (e.type === "exposure" && e.kind === "feed" ? [e.agent] : [])));
      const timedOut = new Set(inRound.flatMap((e) => (e.type === "turnTimeout" ? [e.agent] : [])));
      const acted = new Set(inRound.flatMap((e) => (e.type === "post" || e.type === "comment" || e.type === "vote" ? [e.agent] : [])));
      for (const agent of timedOut) {
        expect(woken.has(agent)).toBe(true);
        expect(acted.has(agent)).toBe(false);
      }
      const end = inRound.find((e) => e.type === "roundEnd");
      expect(end?.type === "roundEnd" ? end.active : -1).toBe(woken.size);
    }
  });
});
