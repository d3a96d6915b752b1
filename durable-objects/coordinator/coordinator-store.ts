import { previousTurnSchema } from "../../core/round/round-types.js";
import type { PreviousTurn } from "../../core/round/round-types.js";
import type { TurnPartOutcome } from "../../core/round/round-part.js";
import { migrate } from "../common/migrations.js";
import { coordinatorMigrations } from "./coordinator-schema.js";
import { roundPartSummarySchema } from "./coordinator-types.js";
import type { RoundPartSummary } from "./coordinator-types.js";

/**
 * A coordinator's own storage (coordinator-schema.ts): its agents' previous-turn outcomes, their
 * follows and subscriptions, and the summary of every round it finished. A round's changes are
 * written in one transaction with its summary, so a finished round is never half-stored.
 */
export class CoordinatorStore {
  private readonly sql: SqlStorage;

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
    migrate(storage, coordinatorMigrations);
  }

  /** The summary of `round` if this coordinator finished it already. */
  finishedRound(round: number): RoundPartSummary | null {
    const done = this.sql.exec<{ summary: string }>("SELECT summary FROM rounds WHERE round = ?", round).toArray()[0];
    return done ? roundPartSummarySchema.parse(JSON.parse(done.summary)) : null;
  }

  /** Each agent's previous-turn outcome (null before its first turn), read in one query. */
  previousTurns(agents: readonly string[]): Map<string, PreviousTurn | null> {
    const out = new Map<string, PreviousTurn | null>(agents.map((agent) => [agent, null]));
    if (agents.length === 0) return out;
    for (const row of this.sql.exec<{ agent: string; previous_turn: string }>(
      "SELECT agent, previous_turn FROM agents WHERE agent IN (SELECT value FROM json_each(?))",
      JSON.stringify(agents),
    )) {
      out.set(row.agent, previousTurnSchema.parse(JSON.parse(row.previous_turn)));
    }
    return out;
  }

  /** The agents each of `agents` follows, read once (in key order per agent). */
  followsOf(agents: readonly string[]): Map<string, Set<string>> {
    return this.setsOf(agents, "SELECT agent, target AS value FROM follows WHERE agent IN (SELECT value FROM json_each(?))");
  }

  /** The submolts each of `agents` subscribes to, read once (in key order per agent). */
  subscriptionsOf(agents: readonly string[]): Map<string, Set<string>> {
    return this.setsOf(agents, "SELECT agent, submolt AS value FROM subscriptions WHERE agent IN (SELECT value FROM json_each(?))");
  }

  /** `query` (one JSON array of agents bound) gives rows (agent, value): the values per agent. */
  private setsOf(agents: readonly string[], query: string): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    if (agents.length === 0) return out;
    for (const row of this.sql.exec<{ agent: string; value: string }>(query, JSON.stringify(agents))) {
      let set = out.get(row.agent);
      if (!set) {
        set = new Set<string>();
        out.set(row.agent, set);
      }
      set.add(row.value);
    }
    return out;
  }

  /** Stores a finished round: its agents' outcomes, follow and subscription changes, and its summary. */
  finishRound(round: number, turns: TurnPartOutcome, summary: RoundPartSummary): void {
    this.storage.transactionSync(() => {
      for (const { agent, outcome } of turns.settled) {
        this.sql.exec(
          "INSERT INTO agents (agent, previous_turn) VALUES (?, ?) ON CONFLICT (agent) DO UPDATE SET previous_turn = excluded.previous_turn",
          agent,
          JSON.stringify(outcome),
        );
      }
      for (const change of turns.followChanges) {
        if (change.value === 1) this.sql.exec("INSERT OR IGNORE INTO follows (agent, target) VALUES (?, ?)", change.agent, change.target);
        else this.sql.exec("DELETE FROM follows WHERE agent = ? AND target = ?", change.agent, change.target);
      }
      for (const change of turns.subscriptionChanges) {
        if (change.value === 1)
          this.sql.exec("INSERT OR IGNORE INTO subscriptions (agent, submolt) VALUES (?, ?)", change.agent, change.submolt);
        else this.sql.exec("DELETE FROM subscriptions WHERE agent = ? AND submolt = ?", change.agent, change.submolt);
      }
      this.sql.exec("INSERT OR REPLACE INTO rounds (round, summary) VALUES (?, ?)", round, JSON.stringify(summary));
    });
  }
}
