import { ownActionMemory, ownActionText } from "../../core/memory/visit-memories.js";
import type { NewMemory } from "../../core/memory/memory-row.js";
import type { Action, Activation, PreviousTurn } from "../../core/round/round-types.js";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { OwnPostRecord } from "../../core/sim/sim-policy.js";
import { compareCodePoints } from "../../core/util/compare.js";
import { familiarityPage, feedbackHorizonHours, imitationWordsKept, ownPostsPage, votedTargetsPage } from "../../core/tunables.js";
import { agentMeta, agentRoundMeta } from "./agent-meta.js";
import type { Pending } from "./agent-meta.js";
import { forgetRound } from "./agent-memory-stream.js";
import type { AgentState, AgentStore } from "./agent-store.js";
import { recordVotes } from "./voted-page.js";

/**
 * The agent's own history: its accepted posts (with the votes they received), the words of what
 * it replied to (partner imitation), the authors it engaged (familiarity) and what it voted on.
 * A turn's actions wait as `pending` until the next turn learns which of them the round committed.
 */

/** Keeps what this turn did until the next turn settles it, and records its votes at once. */
export function keepPending(state: AgentState, round: number, pending: Pending): void {
  state.meta.setAt(agentRoundMeta.pending, round, pending);
  const votes = pending.actions.flatMap((action) => (action.type === "vote" ? [action.target] : []));
  if (votes.length > 0) {
    state.meta.set(agentMeta.voted, recordVotes(state.meta.get(agentMeta.voted), votes, round, votedTargetsPage));
  }
}

/** Applies the previous turn's outcome: accepted content becomes the agent's own history. */
export function settle(store: AgentStore, state: AgentState, activation: Activation, config: ExperimentConfig): NewMemory[] {
  const settled: NewMemory[] = [];
  if (state.fresh) return settled;
  const previous = activation.previousTurn;
  for (const round of state.meta.rounds(agentRoundMeta.pending)) {
    if (previous && previous.round === round && previous.outcome === "committed") {
      const pending = state.meta.getAt(agentRoundMeta.pending, round);
      if (pending) settled.push(...settleCommitted(store, state, { round, pending, previous }, config));
    }
    if (previous && previous.round === round && previous.outcome === "timedOut") {
      // The log wrote `turnTimeout` for that round, not its memory rows: drop them so no later
      // memoryRef can cite a row the log never saw.
      forgetRound(store, round);
    }
    state.meta.deleteAt(store.sql, agentRoundMeta.pending, round);
  }
  return settled;
}

interface CommittedTurn {
  readonly round: number;
  readonly pending: Pending;
  readonly previous: PreviousTurn;
}

function settleCommitted(store: AgentStore, state: AgentState, turn: CommittedTurn, config: ExperimentConfig): NewMemory[] {
  const settled: NewMemory[] = [];
  const accepted = new Set(turn.previous.accepted);
  for (const action of turn.pending.actions) {
    if ((action.type === "post" || action.type === "comment") && accepted.has(action.id)) {
      if (action.type === "post") keepOwnPost(store, state, action, turn.round);
      const memory = ownActionMemory(action);
      if (memory) settled.push(memory);
    }
  }
  const { engagedWords, engagedAuthors } = turn.pending;
  if (config.knobs.partnerImitation > 0 && engagedWords.length > 0) {
    store.ensureTable(state, "imitation");
    for (const word of engagedWords.slice(0, 24)) store.sql.exec("INSERT INTO imitation (word) VALUES (?)", word);
    store.sql.exec("DELETE FROM imitation WHERE n <= (SELECT MAX(n) FROM imitation) - ?", imitationWordsKept);
  }
  if (engagedAuthors.length > 0) {
    const familiarity = new Map(state.meta.get(agentMeta.familiarity));
    for (const author of engagedAuthors) familiarity.set(author, (familiarity.get(author) ?? 0) + 1);
    state.meta.set(agentMeta.familiarity, familiarity);
  }
  return settled;
}

function keepOwnPost(store: AgentStore, state: AgentState, action: Action & { type: "post" }, round: number): void {
  store.ensureTable(state, "own_posts");
  store.sql.exec("INSERT OR IGNORE INTO own_posts (id, round, text) VALUES (?, ?, ?)", action.id, round, ownActionText(action));
}

/** Vote notifications update each own post's total score and its first-day score. */
export function applyFeedback(store: AgentStore, state: AgentState, activation: Activation, config: ExperimentConfig): void {
  // Votes only ever concern the agent's own posts: none yet, nothing to update.
  if (!state.tables.has("own_posts")) return;
  const horizonRounds = Math.floor((feedbackHorizonHours * 60) / config.roundMinutes);
  for (const n of activation.notifications) {
    if (n.kind === "vote" && n.delta !== undefined) {
      store.sql.exec(
        "UPDATE own_posts SET score = score + ?, early_score = early_score + CASE WHEN ? - round <= ? THEN ? ELSE 0 END WHERE id = ?",
        n.delta,
        n.round,
        horizonRounds,
        n.delta,
        n.target,
      );
    }
  }
}

/** The most familiar authors first (then in code-point order), a page of them. */
export function familiarAuthors(state: AgentState): Map<string, number> {
  const byFamiliarity = [...state.meta.get(agentMeta.familiarity)].sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]));
  return new Map(byFamiliarity.slice(0, familiarityPage));
}

/** The agent's newest own posts, with the votes it has been told about. */
export function ownPosts(store: AgentStore, state: AgentState): OwnPostRecord[] {
  if (!state.tables.has("own_posts")) return [];
  return store.sql
    .exec<{ id: string; round: number; text: string; score: number; early_score: number }>(
      "SELECT id, round, text, score, early_score FROM own_posts ORDER BY round DESC, id DESC LIMIT ?",
      ownPostsPage,
    )
    .toArray()
    .map((r) => ({ id: r.id, round: r.round, text: r.text, score: r.score, earlyScore: r.early_score }));
}

/** Words of what the agent recently replied to, newest first. */
export function imitationWords(store: AgentStore, state: AgentState): string[] {
  if (!state.tables.has("imitation")) return [];
  return store.sql
    .exec<{ word: string }>("SELECT word FROM imitation ORDER BY n DESC LIMIT ?", imitationWordsKept)
    .toArray()
    .map((r) => r.word);
}

export function ownPostCount(store: AgentStore, state: AgentState): number {
  return state.tables.has("own_posts") ? store.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM own_posts").one().n : 0;
}
