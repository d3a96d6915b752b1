import { pendingActionSchema } from "../../core/contracts/platform-rpc.js";
import type { PendingAction, PendingRow, WriteAction } from "../../core/contracts/platform-rpc.js";

type VoteRequest = Extract<WriteAction, { type: "vote" }>;
type ToggleRequest = Extract<WriteAction, { type: "follow" | "subscribe" }>;

/** A vote's resulting state: the same direction again removes it, the other direction flips it. */
export function toggledVote(state: number, direction: 1 | -1): 1 | -1 | 0 {
  return state === direction ? 0 : direction;
}

interface QueueRecord extends Record<string, SqlStorageValue> {
  n: number;
  agent: string;
  id_round: number;
  body: string;
  claimed_round: number | null;
  from_state: number;
  value: number;
}

const encoder = new TextEncoder();
/** The UTF-8 size of a queued body: what the caps count (external-writes.ts). */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).byteLength;
}

function pendingRow(row: { n: number; id_round: number; body: string }): PendingRow {
  return { n: row.n, round: row.id_round, action: pendingActionSchema.parse(JSON.parse(row.body)) };
}

/** What a row is about, as the v2 columns hold it (external-schema.ts). */
function touches(action: PendingAction): { post: string | null; target: string } {
  switch (action.type) {
    case "post":
      return { post: action.id, target: action.id };
    case "comment":
      return { post: action.post, target: action.id };
    case "vote":
    case "delete":
      return { post: action.post, target: action.target };
    case "follow":
      return { post: null, target: action.target };
    case "subscribe":
      return { post: null, target: action.submolt };
  }
}

/**
 * The queue of external agents' actions waiting for their round (table `external_pending`). A row
 * commits in the round its id names (`id_round`), is claimed by that round's opening step
 * (external-commit.ts), marked applied once the shards hold it, and dropped when the round's part
 * is written. Until then every reader sees it (external-overlay.ts). Only unclaimed rows can still
 * be replaced or withdrawn by a later request.
 */
export class PendingQueue {
  constructor(private readonly sql: SqlStorage) {}

  /** Rows an agent has queued and the shards do not hold yet. */
  count(agent: string): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM external_pending WHERE agent = ? AND applied = 0", agent).one().n;
  }

  /** An agent's unapplied rows, in queue order. */
  of(agent: string): PendingRow[] {
    return this.sql
      .exec<QueueRecord>("SELECT * FROM external_pending WHERE agent = ? AND applied = 0 ORDER BY n", agent)
      .toArray()
      .map(pendingRow);
  }

  /** Posts and comments an agent has queued for `round` (what the round's quota has left). */
  usedIn(agent: string, round: number): { posts: number; comments: number } {
    const counts = { posts: 0, comments: 0 };
    for (const row of this.sql.exec<{ kind: string; n: number }>(
      "SELECT kind, COUNT(*) AS n FROM external_pending WHERE agent = ? AND id_round = ? AND kind IN ('post', 'comment') GROUP BY kind",
      agent,
      round,
    )) {
      if (row.kind === "post") counts.posts = row.n;
      else counts.comments = row.n;
    }
    return counts;
  }

  /** UTF-8 bytes queued for `round`: by every agent, and by `agent`. */
  bytesIn(round: number, agent: string): { round: number; agent: number } {
    const sum = (where: string, ...args: SqlStorageValue[]): number =>
      this.sql.exec<{ n: number | null }>(`SELECT SUM(bytes) AS n FROM external_pending WHERE ${where}`, ...args).one().n ?? 0;
    return { round: sum("id_round = ?", round), agent: sum("id_round = ? AND agent = ?", round, agent) };
  }

  /** The round a queued post or comment commits in, or null when the shards hold it (or it never was). */
  roundOf(id: string): { round: number; agent: string } | null {
    const row = this.sql
      .exec<{ id_round: number; agent: string }>(
        "SELECT id_round, agent FROM external_pending WHERE kind IN ('post', 'comment') AND target = ? AND applied = 0",
        id,
      )
      .toArray()[0];
    return row ? { round: row.id_round, agent: row.agent } : null;
  }

  enqueue(
    agent: string,
    round: number,
    action: PendingAction,
    extra: { targetAuthor?: string; fromState?: number; value?: number } = {},
  ): void {
    const parsed = pendingActionSchema.parse(action);
    const { post, target } = touches(parsed);
    const body = JSON.stringify(parsed);
    this.sql.exec(
      `INSERT INTO external_pending (agent, body, id_round, claimed_round, kind, post, target, target_author, from_state, value, applied, bytes)
       VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 0, ?)`,
      agent,
      body,
      round,
      parsed.type,
      post,
      target,
      extra.targetAuthor ?? null,
      extra.fromState ?? 0,
      extra.value ?? 0,
      utf8Bytes(body),
    );
  }

  /**
   * Queues a vote and answers the target's resulting state. Toggles and flips resolve against the
   * committed state plus what is queued; the unclaimed queue keeps one net vote per target (a turn
   * holds one vote per target, commit rules), stored with the state it starts from.
   */
  queueVote(agent: string, round: number, action: Omit<VoteRequest, "targetAuthor">, targetAuthor: string): 1 | -1 | 0 {
    const rows = this.queuedOn(agent, "vote", action.target);
    let base: number = action.committedState;
    for (const row of rows) if (row.claimed_round !== null) base = row.value;
    const unclaimed = rows.filter((row) => row.claimed_round === null);
    const current = unclaimed.at(-1)?.value ?? base;
    const desired = toggledVote(current, action.direction);
    this.dropRows(unclaimed);
    if (desired !== base) {
      // The direction that takes the committed state to the desired one at the commit.
      const direction = desired !== 0 ? desired : base === 1 ? 1 : -1;
      const { committedState: _committed, ...vote } = action;
      this.enqueue(agent, round, { ...vote, direction }, { targetAuthor, fromState: base, value: desired });
    }
    return desired;
  }

  /** Queues a follow or a subscription; nothing is queued when it changes nothing. Answers the resulting state. */
  queueToggle(agent: string, round: number, action: ToggleRequest): 1 | 0 {
    const target = action.type === "follow" ? action.target : action.submolt;
    const on = action.type === "follow" ? action.follow : action.subscribe;
    const rows = this.queuedOn(agent, action.type, target);
    let base: number = action.committedState;
    for (const row of rows) if (row.claimed_round !== null) base = row.value === 1 ? 1 : 0;
    this.dropRows(rows.filter((row) => row.claimed_round === null));
    const desired = on ? 1 : 0;
    const { committedState: _committed, ...toggle } = action;
    if (desired !== base) this.enqueue(agent, round, toggle, { value: on ? 1 : -1 });
    return desired;
  }

  /**
   * Withdraws unclaimed content `target` of `agent` with everything queued on it by anyone - replies
   * under it, votes on them, deletions of them - as deleting committed content takes its thread;
   * false when the target is not in the unclaimed queue (committed content is deleted by a round).
   */
  withdraw(agent: string, target: string): boolean {
    const own = this.sql
      .exec<QueueRecord>(
        "SELECT * FROM external_pending WHERE agent = ? AND kind IN ('post', 'comment') AND target = ? AND claimed_round IS NULL",
        agent,
        target,
      )
      .toArray()[0];
    if (!own) return false;
    const action = pendingRow(own).action;
    if (action.type === "post") {
      this.sql.exec("DELETE FROM external_pending WHERE post = ? AND claimed_round IS NULL", target);
      return true;
    }
    const removed = new Set([target]);
    const onPost = this.sql
      .exec<QueueRecord>("SELECT * FROM external_pending WHERE post = ? AND claimed_round IS NULL ORDER BY n", touches(action).post)
      .toArray()
      .map((row) => ({ row, action: pendingRow(row).action }));
    for (const { action: a } of onPost) if (a.type === "comment" && a.parent !== null && removed.has(a.parent)) removed.add(a.id);
    for (const { row, action: a } of onPost) {
      const gone = (a.type === "comment" && removed.has(a.id)) || ((a.type === "vote" || a.type === "delete") && removed.has(a.target));
      if (gone) this.sql.exec("DELETE FROM external_pending WHERE n = ?", row.n);
    }
    return true;
  }

  /** The claimed rows of `round` are on the shards now: readers stop adding them. */
  markApplied(round: number): void {
    this.sql.exec("UPDATE external_pending SET applied = 1 WHERE claimed_round = ? AND applied = 0", round);
  }

  private queuedOn(agent: string, kind: string, target: string): QueueRecord[] {
    return this.sql
      .exec<QueueRecord>(
        "SELECT * FROM external_pending WHERE kind = ? AND target = ? AND agent = ? AND applied = 0 ORDER BY n",
        kind,
        target,
        agent,
      )
      .toArray();
  }

  private dropRows(rows: readonly QueueRecord[]): void {
    for (const row of rows) this.sql.exec("DELETE FROM external_pending WHERE n = ?", row.n);
  }
}
