import { z } from "zod";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { appliedKey } from "../../core/round/commit-plan.js";
import type { CommitBatchItem } from "../../core/round/commit-plan.js";
import type { Notification, PreviousTurn } from "../../core/round/round-types.js";
import { maxNotificationsPerActivation } from "../../core/tunables.js";
import { compareCodePoints } from "../../core/util/compare.js";
import { platformCall } from "../common/platform-call.js";
import { shardObjectName } from "../common/names.js";
import { appliedResultSchema } from "../shard/shard-types.js";
import { notificationSchema } from "../../core/round/round-types.js";
import type { AppliedResult } from "../shard/shard-types.js";

const notificationMapSchema = z.record(z.string(), z.array(notificationSchema));

/** The stub of one of the experiment's content shards. */
function shardStub(shards: Env["SHARD"], experimentId: string, shard: number) {
  return shards.get(shards.idFromName(shardObjectName(experimentId, shard)));
}

/** Notifications since each agent's previous turn, from every shard, in canonical order. */
export async function notificationsFor(
  shards: Env["SHARD"],
  experimentId: string,
  config: ExperimentConfig,
  round: number,
  previousTurns: ReadonlyMap<string, PreviousTurn | null>,
): Promise<Map<string, Notification[]>> {
  const out = new Map<string, Notification[]>();
  const agents = [...previousTurns.keys()];
  if (agents.length === 0 || round === 0) return out;
  const recipients = agents.map((agent) => ({ agent, sinceRound: previousTurns.get(agent)?.round ?? 0 }));
  const perShard = await Promise.all(
    Array.from({ length: config.scale.shards }, async (_, shard) =>
      notificationMapSchema.parse(
        // A read: safe to repeat under the engine's retry policy (a fresh stub per attempt).
        await platformCall(`${experimentId}:${round}:notifications:${shard}`, () =>
          shardStub(shards, experimentId, shard).notifications({ beforeRound: round, recipients }),
        ),
      ),
    ),
  );
  for (const agent of agents) {
    const merged = perShard.flatMap((map) => map[agent] ?? []);
    merged.sort(
      (a, b) =>
        a.round - b.round ||
        compareCodePoints(a.actor, b.actor) ||
        compareCodePoints(a.comment ?? "", b.comment ?? "") ||
        compareCodePoints(a.target, b.target),
    );
    if (merged.length > 0) out.set(agent, merged.slice(-maxNotificationsPerActivation));
  }
  return out;
}

/** Sends every shard its batch at once; the shards' verdicts keyed by `appliedKey(agent, seq)`. */
export async function applyBatches(
  shards: Env["SHARD"],
  experimentId: string,
  round: number,
  simSeconds: number,
  batches: ReadonlyMap<number, readonly CommitBatchItem[]>,
): Promise<Map<string, AppliedResult>> {
  const applied = new Map<string, AppliedResult>();
  await Promise.all(
    [...batches.entries()].map(async ([shard, batch]) => {
      const results = z.array(appliedResultSchema).parse(
        // Shards apply a (round, agent) batch once and answer its stored result after: safe to repeat.
        await platformCall(`${experimentId}:${round}:applyBatch:${shard}`, () =>
          shardStub(shards, experimentId, shard).applyBatch({ round, simSeconds, items: [...batch] }),
        ),
      );
      batch.forEach((item, i) => {
        const result = results[i];
        if (result) applied.set(appliedKey(item.agent, item.seq), result);
      });
    }),
  );
  return applied;
}
