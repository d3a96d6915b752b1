import { shardOfAction } from "../../core/round/shard-routing.js";
import { chunksByBytes, cloneBytesBound } from "../../core/round/byte-chunks.js";
import { externalCommitCallBytes } from "../../core/tunables.js";
import { committedActionEvent } from "../../core/round/action-events.js";
import { z } from "zod";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { PartWriter } from "../../core/events/part.js";
import { applyAgentRules } from "../../core/round/commit-rules.js";
import type { Action } from "../../core/round/round-types.js";
import { compareCodePoints } from "../../core/util/compare.js";
import { shardObjectName } from "../common/names.js";
import type { ExternalOp } from "../shard/platform-types.js";
import { appliedResultSchema } from "../shard/shard-types.js";
import type { AppliedResult } from "../shard/shard-types.js";
import type { ExternalAgents } from "./external-agents.js";
import { pendingActionSchema } from "../../core/contracts/platform-rpc.js";
import type { PendingAction } from "../../core/contracts/platform-rpc.js";

/** What the opening step does once its part is written: drop the committed queue, in its transaction. */
export interface ExternalCommit {
  readonly actions: number;
  settle(): void;
}

interface Item {
  readonly agent: string;
  readonly seq: number;
  readonly action: PendingAction;
}

type ContentAction = Exclude<PendingAction, { type: "delete" }>;

function asAction(action: ContentAction): Action {
  switch (action.type) {
    case "post":
      return { type: "post", id: action.id, submolt: action.submolt, title: action.title, content: action.content };
    case "comment":
      return { type: "comment", id: action.id, post: action.post, parent: action.parent, content: action.content };
    default:
      return action;
  }
}

function asOp(action: PendingAction): ExternalOp {
  return action.type === "delete" ? action : asAction(action);
}

/**
 * Commits what external agents did since the last round into `round`, right after the round's
 * pool is fixed (so the pool never shows what the log only creates later): registrations become
 * `agent` events with policy `external`, created submolts `submolt` events, and queued actions go
 * through the same per-agent rules and the same idempotent shard commit as simulated agents'
 * actions, logged in canonical order in the round's opening part. A retried step claims the same
 * rows again (plus any that arrived since) and the shards return their stored results.
 */
export async function commitExternal(
  external: ExternalAgents,
  env: Env,
  experimentId: string,
  config: ExperimentConfig,
  round: number,
  t: string,
  part: PartWriter,
): Promise<ExternalCommit> {
  const { sql } = external;
  claimForRound(sql, round);
  external.markClaimed(round);
  logRegistrations(sql, round, t, part);
  logCreatedSubmolts(sql, round, t, part);
  const claimed = claimedActions(sql, round);
  const submolts = new Set([...config.submolts.map((s) => s.name), ...external.committedSubmolts(round).map((s) => s.name)]);
  const items = acceptedItems(claimed.byAgent, config.roundMinutes, submolts);
  const applied = await applyOnShards(env, experimentId, config.scale.shards, round, t, items);
  external.markApplied(round);
  const actions = logCommittedActions(items, applied, round, t, part);
  return {
    actions,
    settle(): void {
      settleRound(sql, round, claimed.rows, actions);
    },
  };
}

/**
 * Claims for `round` every registration not yet logged, and the created submolts and queued actions
 * whose round has come: each commits in the round its id names, which the platform API chose when
 * it checked the action against the commit rules (external-writes.ts).
 */
function claimForRound(sql: SqlStorage, round: number): void {
  sql.exec("UPDATE external_agents SET logged_round = ? WHERE logged_round IS NULL", round);
  sql.exec("UPDATE external_submolts SET logged_round = ? WHERE logged_round IS NULL AND created_round <= ?", round, round);
  sql.exec("UPDATE external_pending SET claimed_round = ? WHERE claimed_round IS NULL AND id_round <= ?", round, round);
}

/** The round's registrations as `agent` events with policy `external`, by id. */
function logRegistrations(sql: SqlStorage, round: number, t: string, part: PartWriter): void {
  for (const row of sql.exec<{ id: string; description: string }>(
    "SELECT id, description FROM external_agents WHERE logged_round = ? ORDER BY id",
    round,
  )) {
    part.add({ type: "agent", round, t, agent: row.id, name: row.id, persona: { description: row.description }, policy: "external" });
  }
}

/** The round's created submolts as `submolt` events, by name. */
function logCreatedSubmolts(sql: SqlStorage, round: number, t: string, part: PartWriter): void {
  for (const row of sql.exec<{ name: string; description: string }>(
    "SELECT name, description FROM external_submolts WHERE logged_round = ? ORDER BY name",
    round,
  )) {
    part.add({ type: "submolt", round, t, name: row.name, ...(row.description !== "" ? { description: row.description } : {}) });
  }
}

/** The actions claimed for `round`, per agent in queue order; `rows` counts them all. */
function claimedActions(sql: SqlStorage, round: number): { rows: number; byAgent: Map<string, PendingAction[]> } {
  const rows = sql
    .exec<{ agent: string; body: string }>("SELECT agent, body FROM external_pending WHERE claimed_round = ? ORDER BY n", round)
    .toArray();
  const byAgent = new Map<string, PendingAction[]>();
  for (const row of rows) {
    const list = byAgent.get(row.agent) ?? [];
    list.push(pendingActionSchema.parse(JSON.parse(row.body)));
    byAgent.set(row.agent, list);
  }
  return { rows: rows.length, byAgent };
}

/**
 * The claimed actions that pass the per-agent commit rules, agents in code-point order, each
 * agent's in queue order with its own sequence numbers. Deletions are the shard's to judge
 * (authorship); every other action meets the commit rules.
 */
function acceptedItems(byAgent: ReadonlyMap<string, PendingAction[]>, roundMinutes: number, submolts: ReadonlySet<string>): Item[] {
  const items: Item[] = [];
  for (const agent of [...byAgent.keys()].sort(compareCodePoints)) {
    const actions = byAgent.get(agent) ?? [];
    const converted = actions.map((action) => (action.type === "delete" ? null : asAction(action)));
    const outcome = applyAgentRules(
      agent,
      converted.filter((a): a is Action => a !== null),
      roundMinutes,
      submolts,
    );
    const accepted = new Set(outcome.accepted);
    let seq = 0;
    actions.forEach((action, i) => {
      const asRule = converted[i];
      if (asRule === null || asRule === undefined || accepted.has(asRule)) items.push({ agent, seq: seq++, action });
    });
  }
  return items;
}

/** The items grouped by the shard that owns each action, in item order within a shard. */
function batchesByShard(items: readonly Item[], shards: number): Map<number, Item[]> {
  const batches = new Map<number, Item[]>();
  for (const item of items) {
    const shard = shardOfAction(item.agent, item.action, shards);
    batches.set(shard, [...(batches.get(shard) ?? []), item]);
  }
  return batches;
}

/** Applies every item on its shard (shards in parallel, each in calls of bounded size); each item's result. */
async function applyOnShards(
  env: Env,
  experimentId: string,
  shards: number,
  round: number,
  t: string,
  items: readonly Item[],
): Promise<Map<Item, AppliedResult>> {
  const simSeconds = Date.parse(t) / 1000;
  const applied = new Map<Item, AppliedResult>();
  await Promise.all(
    [...batchesByShard(items, shards).entries()].map(async ([shard, batch]) => {
      // In calls under workerd's RPC message limit, in order (a post before the replies to it);
      // each item is idempotent by (round, agent, seq), so a retried step resends any of them.
      for (const chunk of chunksByBytes(batch, (item) => cloneBytesBound(item.action), externalCommitCallBytes)) {
        const results = await applyBatch(env, experimentId, shard, round, simSeconds, chunk);
        chunk.forEach((item, i) => {
          const result = results[i];
          if (result) applied.set(item, result);
        });
      }
    }),
  );
  return applied;
}

async function applyBatch(
  env: Env,
  experimentId: string,
  shard: number,
  round: number,
  simSeconds: number,
  batch: readonly Item[],
): Promise<AppliedResult[]> {
  const stub = env.SHARD.get(env.SHARD.idFromName(shardObjectName(experimentId, shard)));
  return z.array(appliedResultSchema).parse(
    await stub.applyExternal({
      round,
      simSeconds,
      items: batch.map((item) => ({
        agent: item.agent,
        seq: item.seq,
        op: asOp(item.action),
        url: item.action.type === "post" ? item.action.url : null,
      })),
    }),
  );
}

/** Logs the items their shards accepted, in item (canonical) order; how many there were. */
function logCommittedActions(
  items: readonly Item[],
  applied: ReadonlyMap<Item, AppliedResult>,
  round: number,
  t: string,
  part: PartWriter,
): number {
  let actions = 0;
  for (const item of items) {
    const result = applied.get(item);
    if (result?.status !== "accepted") continue;
    actions++;
    const { agent, action } = item;
    if (action.type === "delete") part.add({ type: "delete", round, t, agent, target: action.target, targetType: action.targetType });
    else part.add(committedActionEvent(round, t, agent, asAction(action), result, action.type === "post" ? action.url : null));
  }
  return actions;
}

/** Drops the committed queue and records the round's external action count, once its part is written. */
function settleRound(sql: SqlStorage, round: number, claimedRows: number, actions: number): void {
  sql.exec("DELETE FROM external_pending WHERE claimed_round = ?", round);
  if (claimedRows > 0 || actions > 0) sql.exec("INSERT OR REPLACE INTO external_rounds (round, actions) VALUES (?, ?)", round, actions);
  // Rate windows older than the longest window (a day) are dead weight.
  sql.exec("DELETE FROM rate_windows WHERE started_ms < ?", Date.now() - 24 * 60 * 60_000);
}
