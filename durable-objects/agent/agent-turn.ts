import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { NewMemory } from "../../core/memory/memory-row.js";
import { simReflection } from "../../core/memory/reflection.js";
import type { DroppedAction } from "../../core/llm/turn-output.js";
import type { Activation, LlmCallRecordRow, MemoryEvent, TurnResult } from "../../core/round/round-types.js";
import type { SimPersona } from "../../core/sim/persona.js";
import type { SimAgentView, SimTurnOutput } from "../../core/sim/sim-policy.js";
import { turnResultsKept } from "../../core/tunables.js";
import { applyFeedback, familiarAuthors, imitationWords, keepPending, ownPosts, settle } from "./agent-history.js";
import { foldLegacyTables } from "./agent-legacy.js";
import { forget, indexWhenLarge, remember, retentionPage } from "./agent-memory-stream.js";
import { agentMeta, agentRoundMeta } from "./agent-meta.js";
import type { AgentState, AgentStore } from "./agent-store.js";
import { personaOf } from "./turn-input.js";

/**
 * A turn's commit: everything the agent learns and does in a round, written in one synchronous
 * transaction (docs/design.md decision 5), and replayed as stored to a second delivery of the round.
 */

export class StaleTurnError extends Error {
  override readonly name = "StaleTurnError";
}

/** Decides the turn's actions and memories from what the agent knows (sim policy, or an llm's answer). */
export type TurnDecider = (persona: SimPersona, view: SimAgentView) => SimTurnOutput;

/** What an llm turn brings to its commit besides the decision: its calls, its error, its reflections. */
export interface LlmTurnRecord {
  readonly calls: LlmCallRecordRow[];
  readonly error: string | undefined;
  /** The answer's actions left out, each with why. */
  readonly dropped: readonly DroppedAction[];
  readonly reflections: NewMemory[];
  /** The memory row ids the turn's prompt put before the model, in prompt order (`memoryShown`). */
  readonly shown: readonly string[];
}

/** The stored result of `round` if it was committed, null if it is still to do; a stale round throws. */
export function replayOrCheck(store: AgentStore, round: number, state: AgentState = store.load()): TurnResult | null {
  if (state.fresh) return null;
  const replay = state.meta.getAt(agentRoundMeta.turn, round);
  if (replay !== undefined) return replay;
  const lastRoundDone = state.meta.get(agentMeta.lastRoundDone);
  if (round <= lastRoundDone) throw new StaleTurnError(`round ${round} is behind this agent's round ${lastRoundDone}`);
  return null;
}

export function commitTurn(
  store: AgentStore,
  activation: Activation,
  config: ExperimentConfig,
  decide: TurnDecider,
  llm?: LlmTurnRecord,
): TurnResult {
  const state = store.load();
  const replay = replayOrCheck(store, activation.round, state);
  if (replay) return replay;
  // Everything below is synchronous: the whole turn commits as one transaction.
  return store.write(() => {
    foldLegacyTables(store, state);
    const persona = personaOf(config, activation);
    const settled = settle(store, state, activation, config);
    applyFeedback(store, state, activation, config);
    const view = agentView(store, state, activation);
    const output = decide(persona, view);
    const memory = config.memory.enabled ? writeTurnMemory(store, state, { activation, config, settled, output, view, llm }) : [];
    keepPending(state, activation.round, {
      actions: output.actions,
      engagedWords: output.engagedWords,
      engagedAuthors: output.engagedAuthors,
    });
    const result: TurnResult = {
      round: activation.round,
      actions: output.actions,
      memory,
      ...(llm ? { llmCalls: llm.calls } : {}),
      ...(llm?.error !== undefined ? { llmError: llm.error } : {}),
      ...(llm !== undefined && llm.dropped.length > 0
        ? {
            droppedActions: llm.dropped.map((d) => ({
              index: d.index,
              reason: d.reason.slice(0, 1_000),
              ...(d.count !== undefined ? { count: d.count } : {}),
            })),
          }
        : {}),
    };
    recordResult(store, state, result);
    store.flush(state);
    return result;
  });
}

/** Read after settling: a lazy table settle just created is in `state.tables` (and empty or not). */
function agentView(store: AgentStore, state: AgentState, activation: Activation): SimAgentView {
  return {
    follows: activation.follows,
    subscriptions: activation.subscriptions,
    ownPosts: ownPosts(store, state),
    imitationWords: imitationWords(store, state),
    votedTargets: state.meta.get(agentMeta.voted).map(([target]) => target),
    familiarity: familiarAuthors(state),
    memories: retentionPage(store, state),
  };
}

interface TurnMemory {
  readonly activation: Activation;
  readonly config: ExperimentConfig;
  /** Rows of the previous turn's accepted posts and comments. */
  readonly settled: readonly NewMemory[];
  readonly output: SimTurnOutput;
  readonly view: SimAgentView;
  readonly llm: LlmTurnRecord | undefined;
}

/** Writes the turn's memory rows, reflects, forgets past capacity; returns the turn's memory events. */
function writeTurnMemory(store: AgentStore, state: AgentState, turn: TurnMemory): MemoryEvent[] {
  const { activation, config, output, llm } = turn;
  // llm agents reflect with their model (before the turn); a failed reflection is retried next turn.
  const reflections = llm
    ? llm.reflections
    : simReflection(config.memory, activation.round, state.meta.get(agentMeta.lastReflection), turn.view.memories);
  const fresh = [...turn.settled, ...output.newMemories, ...reflections];
  // What the prompt showed is logged apart from what the answer cited (memoryRef), so exposure to
  // memory is never read as its use. Sim agents have no prompt: their recall is what they cite.
  const events: MemoryEvent[] = llm && llm.shown.length > 0 ? [{ type: "memoryShown", rows: [...llm.shown] }] : [];
  events.push(...remember(store, state, activation, fresh, llm !== undefined));
  indexWhenLarge(store, state, config.memory.capacity);
  if (fresh.some((m) => m.kind === "reflection")) state.meta.set(agentMeta.lastReflection, activation.round);
  forget(store, state, config.memory.capacity);
  for (const ref of output.references) events.push({ type: "memoryRef", action: ref.action, refs: ref.memoryIds });
  return events;
}

/** Keeps the result for a second delivery (the last `turnResultsKept` rounds) and marks the round done. */
function recordResult(store: AgentStore, state: AgentState, result: TurnResult): void {
  state.meta.setAt(agentRoundMeta.turn, result.round, result);
  for (const round of state.meta.rounds(agentRoundMeta.turn)) {
    if (round <= result.round - turnResultsKept) state.meta.deleteAt(store.sql, agentRoundMeta.turn, round);
  }
  state.meta.set(agentMeta.lastRoundDone, result.round);
}
