import { applyAgentRules } from "./commit-rules.js";
import type { Action } from "./round-types.js";
import { shardOfAction } from "./shard-routing.js";

/** One accepted action on its way to a shard: `seq` is its place among the agent's accepted actions. */
export interface CommitBatchItem {
  readonly agent: string;
  readonly seq: number;
  readonly action: Action;
}

/** What the commit needs of the round: the per-agent rules' inputs and the shard count. */
export interface CommitRules {
  readonly roundMinutes: number;
  readonly submolts: ReadonlySet<string>;
  readonly shards: number;
}

export interface CommitPlan {
  /** Per shard, its batch: agents in turn order, each agent's actions in its own order. */
  readonly batches: ReadonlyMap<number, readonly CommitBatchItem[]>;
  /** Per agent that answered, the actions its rules accepted (index = `seq`). */
  readonly accepted: ReadonlyMap<string, readonly Action[]>;
  /** Actions the per-agent rules refused before any shard saw them. */
  readonly rejectedByRules: number;
}

/**
 * The commit of a round, planned before any shard is called: each answered turn's actions go
 * through the per-agent rules in the agent's own order, and what they accept is routed to its
 * shard. Turns that did not answer (null actions) commit nothing.
 */
export function planCommit(turns: readonly { agent: string; actions: readonly Action[] | null }[], rules: CommitRules): CommitPlan {
  const batches = new Map<number, CommitBatchItem[]>();
  const accepted = new Map<string, Action[]>();
  let rejectedByRules = 0;
  for (const { agent, actions } of turns) {
    if (!actions) continue;
    const outcome = applyAgentRules(agent, actions, rules.roundMinutes, rules.submolts);
    rejectedByRules += outcome.rejected.length;
    accepted.set(agent, outcome.accepted);
    outcome.accepted.forEach((action, seq) => {
      const shard = shardOfAction(agent, action, rules.shards);
      const batch = batches.get(shard) ?? [];
      batch.push({ agent, seq, action });
      batches.set(shard, batch);
    });
  }
  return { batches, accepted, rejectedByRules };
}

/** The key of an action's applied result: its agent and `seq`, joined by NUL. */
export function appliedKey(agent: string, seq: number): string {
  return `${agent}\u0000${seq}`;
}
