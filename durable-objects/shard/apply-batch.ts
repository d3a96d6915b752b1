import { z } from "zod";
import { InvariantViolation } from "../../core/engine/platform-errors.js";
import { applyAction } from "./apply-action.js";
import * as platform from "./platform-store.js";
import { appliedResultSchema } from "./shard-types.js";
import type { AppliedResult, ShardBatch } from "./shard-types.js";
import type { ExternalBatch } from "./platform-types.js";

/**
 * The commit of batches of actions to one shard, each in one transaction, and their replay: a
 * batch delivered again (the engine's at-least-once steps) returns the stored results and changes
 * nothing. Round batches are idempotent per (round, agent), external agents' commits per
 * (round, agent, seq).
 */

/**
 * Applies a batch sorted by (agent, seq); returns one result per item, in the batch's order.
 * Idempotent per (round, agent): a repeated agent gets its stored results (schema v5).
 */
export function applyBatch(storage: DurableObjectStorage, batch: ShardBatch): AppliedResult[] {
  const sql = storage.sql;
  const results: AppliedResult[] = [];
  storage.transactionSync(() => {
    // Rows of the per-action table in this round: a round begun before v5, or external agents'
    // commits; only then can an action of this batch have been applied under that key.
    const perAction = sql.exec("SELECT 1 FROM applied WHERE round = ? LIMIT 1", batch.round).toArray().length > 0;
    const seen = new Set<string>();
    for (let start = 0; start < batch.items.length;) {
      const agent = batch.items[start]?.agent;
      let end = start;
      while (end < batch.items.length && batch.items[end]?.agent === agent) end++;
      const items = batch.items.slice(start, end);
      start = end;
      if (agent === undefined) continue;
      // One row per (round, agent) holds all of an agent's actions here: they come together.
      if (seen.has(agent)) throw new InvariantViolation(`applyBatch: the actions of ${agent} are not contiguous in round ${batch.round}`);
      seen.add(agent);
      const stored = sql
        .exec<{ results: string }>("SELECT results FROM applied_turns WHERE round = ? AND agent = ?", batch.round, agent)
        .toArray()[0];
      if (stored) {
        const replayed = z.array(appliedResultSchema).parse(JSON.parse(stored.results));
        if (replayed.length !== items.length)
          throw new InvariantViolation(
            `applyBatch: agent ${agent} sent ${items.length} actions in round ${batch.round}, ${replayed.length} before`,
          );
        results.push(...replayed);
        continue;
      }
      const applied = items.map((item) =>
        perAction
          ? applyOnce(sql, batch.round, item.agent, item.seq, () => applyAction(sql, batch.round, batch.simSeconds, item))
          : applyAction(sql, batch.round, batch.simSeconds, item),
      );
      sql.exec("INSERT INTO applied_turns (round, agent, results) VALUES (?, ?, ?)", batch.round, agent, JSON.stringify(applied));
      results.push(...applied);
    }
  });
  return results;
}

/**
 * External agents' committed actions (the platform API): the same rules as `applyBatch`, plus a
 * link post's url and deletions, idempotent by (round, agent, seq) through the same table.
 */
export function applyExternal(storage: DurableObjectStorage, batch: ExternalBatch): AppliedResult[] {
  const sql = storage.sql;
  const results: AppliedResult[] = [];
  storage.transactionSync(() => {
    for (const item of batch.items) {
      const { op } = item;
      results.push(
        applyOnce(sql, batch.round, item.agent, item.seq, () => {
          const result =
            op.type === "delete"
              ? platform.deleteContent(sql, item.agent, op.target, op.targetType)
              : applyAction(sql, batch.round, batch.simSeconds, { agent: item.agent, seq: item.seq, action: op });
          if (op.type === "post" && result.status === "accepted" && item.url !== null)
            sql.exec("UPDATE posts SET url = ? WHERE id = ?", item.url, op.id);
          return result;
        }),
      );
    }
  });
  return results;
}

/** One action at most once: keyed by (round, agent, seq), a repeat returns the stored result. */
function applyOnce(sql: SqlStorage, round: number, agent: string, seq: number, run: () => AppliedResult): AppliedResult {
  const previous = sql
    .exec<{ result: string }>("SELECT result FROM applied WHERE round = ? AND agent = ? AND seq = ?", round, agent, seq)
    .toArray()[0];
  if (previous) return appliedResultSchema.parse(JSON.parse(previous.result));
  const result = run();
  sql.exec("INSERT INTO applied (round, agent, seq, result) VALUES (?, ?, ?, ?)", round, agent, seq, JSON.stringify(result));
  return result;
}
