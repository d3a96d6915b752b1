import { pendingActionSchema } from "../../core/contracts/platform-rpc.js";
import type { PendingAction, PendingRow, WriteAction } from "../../core/contracts/platform-rpc.js";

type VoteRequest = Extract<WriteAction, { type: "vote" }>;

/** A vote's resulting state: the same direction again removes it, the other direction flips it. */
export function toggledVote(state: number, direction: 1 | -1): 1 | -1 | 0 {
  return state === direction ? 0 : direction;
}

function pendingRow(row: { n: number; id_round: number; body: string }): PendingRow {
  return { n: row.n, round: row.id_round, action: pendingActionSchema.parse(JSON.parse(row.body)) };
}

/**
 * The queue of external agents' actions waiting for the next round (table `external_pending`).
 * A row is unclaimed until a round's opening step claims it (external-commit.ts); only unclaimed
 * rows can still be replaced or withdrawn by a later request of their agent.
 */
export class PendingQueue {
  constructor(private readonly sql: SqlStorage) {}

  /** Rows an agent has queued, claimed or not. */
  count(agent: string): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM external_pending WHERE agent = ?", agent).one().n;
  }

  /** Everything an agent has queued, claimed or not, in queue order. */
  of(agent: string): PendingRow[] {
    return this.sql
      .exec<{ n: number; id_round: number; body: string }>(
        "SELECT n, id_round, body FROM external_pending WHERE agent = ? ORDER BY n",
        agent,
      )
      .toArray()
      .map(pendingRow);
  }

  enqueue(agent: string, round: number, action: PendingAction): void {
    this.sql.exec(
      "INSERT INTO external_pending (agent, body, id_round, claimed_round) VALUES (?, ?, ?, NULL)",
      agent,
      JSON.stringify(pendingActionSchema.parse(action)),
      round,
    );
  }

  /** Drops the agent's unclaimed rows whose action `matches`. */
  drop(agent: string, matches: (action: PendingAction) => boolean): void {
    for (const row of this.unclaimed(agent)) if (matches(row.action)) this.sql.exec("DELETE FROM external_pending WHERE n = ?", row.n);
  }

  /**
   * Queues a vote and answers the target's resulting state. Toggles and flips resolve against the
   * committed state plus what is still queued, and the queue keeps one net vote per target: a turn
   * holds one vote per target (commit rules).
   */
  queueVote(agent: string, round: number, action: VoteRequest): 1 | -1 | 0 {
    let state: number = action.committedState;
    for (const queued of this.unclaimed(agent)) {
      if (queued.action.type === "vote" && queued.action.target === action.target) state = toggledVote(state, queued.action.direction);
    }
    const desired = toggledVote(state, action.direction);
    this.drop(agent, (a) => a.type === "vote" && a.target === action.target);
    if (desired !== action.committedState) {
      const direction = desired !== 0 ? desired : action.committedState === 1 ? 1 : -1;
      this.enqueue(agent, round, { type: "vote", target: action.target, targetType: action.targetType, post: action.post, direction });
    }
    return desired;
  }

  /**
   * Withdraws unclaimed content `target` with the agent's queued replies under it and their votes;
   * false when the target is not in the queue (committed content is deleted by the next round).
   */
  withdraw(agent: string, target: string): boolean {
    const queued = this.unclaimed(agent).find((p) => (p.action.type === "post" || p.action.type === "comment") && p.action.id === target);
    if (!queued) return false;
    const removed = new Set([target]);
    for (const p of this.unclaimed(agent)) {
      const a = p.action;
      if (a.type === "comment" && (removed.has(a.post) || (a.parent !== null && removed.has(a.parent)))) removed.add(a.id);
    }
    this.drop(agent, (a) => (a.type === "post" || a.type === "comment") && removed.has(a.id));
    this.drop(agent, (a) => a.type === "vote" && removed.has(a.target));
    return true;
  }

  private unclaimed(agent: string): PendingRow[] {
    return this.sql
      .exec<{ n: number; id_round: number; body: string }>(
        "SELECT n, id_round, body FROM external_pending WHERE agent = ? AND claimed_round IS NULL ORDER BY n",
        agent,
      )
      .toArray()
      .map(pendingRow);
  }
}
