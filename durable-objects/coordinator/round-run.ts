import { PartWriter, sha256Hex } from "../../core/events/part.js";
import { agentId } from "../../core/ids.js";
import { agentPolicy } from "../../core/llm/agent-policy.js";
import { feedFor } from "../../core/platform/feed.js";
import { planCommit } from "../../core/round/commit-plan.js";
import { emptyLlmTotals } from "../../core/round/llm-round-totals.js";
import type { LlmRoundTotals } from "../../core/contracts/llm-totals.js";
import { addAgentIntroductions, addPrivateProbeAnswers, addTurnEvents } from "../../core/round/round-part.js";
import type { AnsweredTurn, PartPlace, TurnPartOutcome } from "../../core/round/round-part.js";
import type { Notification, TurnHalt } from "../../core/round/round-types.js";
import { isActive } from "../../core/sim/activation.js";
import { rememberedPersona } from "../../core/sim/persona.js";
import type { SimPersona } from "../../core/sim/persona.js";
import { simulatedTime } from "../../core/time.js";
import { mapWithConcurrency } from "../../core/util/concurrency.js";
import { roundPrefix } from "../common/names.js";
import type { CoordinatorStore } from "./coordinator-store.js";
import type { RoundHalt, RoundPartSummary, RunRoundParsed } from "./coordinator-types.js";
import { askPrivateProbe } from "./private-probe-call.js";
import type { ProviderGates } from "./provider-gate.js";
import { applyBatches, notificationsFor } from "./shard-calls.js";
import { takeTurn } from "./turn-call.js";

/** What a round needs of its coordinator object: the bindings, its storage and its provider gates. */
export interface RoundDeps {
  readonly env: Env;
  readonly store: CoordinatorStore;
  readonly gates: ProviderGates;
}

/** A round of one coordinator as it runs: the input, its agent range, place in the log and config key. */
interface RoundScope {
  readonly input: RunRoundParsed;
  /** The coordinator's agent range [first, last). */
  readonly first: number;
  readonly last: number;
  readonly place: PartPlace;
  /** The config's key: agents get the config by key, and it names its personas in the isolate. */
  readonly configKey: string;
  readonly personaOf: (agent: string, index: number) => SimPersona;
}

interface TurnsOfRound {
  readonly active: readonly { agent: string; index: number }[];
  readonly turns: (AnsweredTurn & { readonly halt: TurnHalt | null; readonly ms: number })[];
  readonly notifications: ReadonlyMap<string, Notification[]>;
}

/**
 * Drives the coordinator's range of agents through a round (docs/design.md decision 4: experiment
 * -> coordinators -> agents): who wakes, their turns, the per-agent rules, the sorted commit to the
 * shards, the round part of the event log, and the round's summary. A round it finished returns the
 * stored summary; an unfinished one replays the agents' stored turns and the shards' stored
 * results, so nothing is lost or doubled.
 */
export async function runRoundPart(deps: RoundDeps, input: RunRoundParsed): Promise<RoundPartSummary | RoundHalt> {
  const finished = deps.store.finishedRound(input.round);
  if (finished) return finished;
  const scope = await roundScope(input);
  const part = new PartWriter();
  if (input.round === 0) addAgentIntroductions(part, scope.place, scope.first, scope.last, scope.personaOf);
  const { active, turns, notifications } = await runTurns(deps, scope);

  // A provider refused for a reason retries cannot fix: nothing of this round is committed, the
  // turns that did finish are kept by their agents and replay when the round runs again.
  const halted = turns.find((turn) => turn.halt !== null)?.halt;
  if (halted) return { coordinator: input.coordinator, halt: halted.halt };

  // The commit: per-agent rules in each agent's own order, then sorted batches per shard.
  const { config, experimentId, round, pool } = input;
  const plan = planCommit(
    turns.map(({ agent, result }) => ({ agent, actions: result?.actions ?? null })),
    { roundMinutes: config.roundMinutes, submolts: new Set(config.submolts.map((s) => s.name)), shards: config.scale.shards },
  );
  const simSeconds = Date.parse(scope.place.t) / 1000;
  const applied = await applyBatches(deps.env.SHARD, experimentId, round, simSeconds, plan.batches);

  const llmTotals = emptyLlmTotals();
  const turnPart = addTurnEvents(part, llmTotals, scope.place, turns, { pool, notifications, accepted: plan.accepted, applied });
  const probe = await askPrivateProbe(deps.env.AGENT, deps.gates, { ...input, first: scope.first, last: scope.last });
  if (probe) addPrivateProbeAnswers(part, llmTotals, scope.place, probe.probeId, probe.answers);

  const summary = await storePart(deps.env, input, part, {
    active: active.length,
    rejected: plan.rejectedByRules + turnPart.rejectedByShards,
    turnPart,
    turnMs: turns.map((turn) => turn.ms),
    llmTotals,
  });
  deps.store.finishRound(round, turnPart, summary);
  return summary;
}

async function roundScope(input: RunRoundParsed): Promise<RoundScope> {
  const { experimentId, coordinator, round, config } = input;
  const first = coordinator * config.scale.agentsPerCoordinator;
  const last = Math.min(config.agents, first + config.scale.agentsPerCoordinator);
  const configKey = `${experimentId}:${await sha256Hex(JSON.stringify(config))}`;
  const personaOf = (agent: string, index: number): SimPersona => rememberedPersona(configKey, config, agent, index);
  return { input, first, last, place: { config, round, t: simulatedTime(config, round) }, configKey, personaOf };
}

/** Who wakes this round, then their turns (each within its deadline, llm ones in their provider's slots). */
async function runTurns(deps: RoundDeps, scope: RoundScope): Promise<TurnsOfRound> {
  const { experimentId, round, config, pool, turnsInFlight, evictAfterTurn } = scope.input;
  const active: { agent: string; index: number }[] = [];
  for (let index = scope.first; index < scope.last; index++) {
    const agent = agentId(index, config.agents);
    if (isActive(config, agent, scope.personaOf(agent, index), round)) active.push({ agent, index });
  }
  const activeAgents = active.map(({ agent }) => agent);
  const previousTurns = deps.store.previousTurns(activeAgents);
  const notifications = await notificationsFor(deps.env.SHARD, experimentId, config, round, previousTurns);
  const followsOf = deps.store.followsOf(activeAgents);
  const subscriptionsOf = deps.store.subscriptionsOf(activeAgents);
  const turnOf = async ({ agent, index }: { agent: string; index: number }): Promise<TurnsOfRound["turns"][number]> => {
    const follows = followsOf.get(agent) ?? new Set<string>();
    const subscriptions = subscriptionsOf.get(agent) ?? new Set<string>();
    const feed = feedFor(config, pool, { agent, follows, subscriptions });
    const llm = agentPolicy(config, agent).llm;
    const activation = {
      experimentId,
      round,
      agent,
      agentIndex: index,
      feed,
      notifications: notifications.get(agent) ?? [],
      follows: [...follows].sort(),
      subscriptions: [...subscriptions].sort(),
      previousTurn: previousTurns.get(agent) ?? null,
    };
    const gate = llm ? deps.gates.of(llm) : null;
    const { answer, ms } = await takeTurn(deps.env.AGENT, { activation, configKey: scope.configKey, config, evictAfterTurn, gate });
    const halt = answer && "halt" in answer ? answer : null;
    const result = answer && !("halt" in answer) ? answer : null;
    return { agent, feed, result, halt, ms };
  };
  // A sim first turn alone: an agent isolate that lacks the config answers `configMiss` and gets
  // it whole, and agents sharing that isolate (all of them locally) then find it. Launched
  // together, every call of the first wave missed and was sent twice (measured in bench/results.md).
  // An llm first turn would hold the others back for a model call, so those start together.
  const [head, ...rest] = active;
  const turns =
    head && !agentPolicy(config, head.agent).llm
      ? [await turnOf(head), ...(await mapWithConcurrency(rest, turnsInFlight, turnOf))]
      : await mapWithConcurrency(active, turnsInFlight, turnOf);
  return { active, turns, notifications };
}

interface PartTally {
  readonly active: number;
  /** Actions refused, by the per-agent rules or by a shard. */
  readonly rejected: number;
  readonly turnPart: TurnPartOutcome;
  /** Each turn's wall-clock time. */
  readonly turnMs: readonly number[];
  readonly llmTotals: LlmRoundTotals;
}

/** Writes the round part to the event store and returns the round's summary, which points at it. */
async function storePart(env: Env, input: RunRoundParsed, part: PartWriter, tally: PartTally): Promise<RoundPartSummary> {
  const body = part.serialize();
  const key = `${roundPrefix(input.experimentId, input.round)}c${String(input.coordinator).padStart(5, "0")}.ndjson`;
  await env.EVENTS.put(key, body);
  return {
    coordinator: input.coordinator,
    part: { key, lines: part.size, sha256: await sha256Hex(body), counts: part.counts },
    active: tally.active,
    actions: tally.turnPart.actions,
    rejected: tally.rejected,
    timeouts: tally.turnPart.timeouts,
    turnMsTotal: tally.turnMs.reduce((sum, ms) => sum + ms, 0),
    turnMsMax: tally.turnMs.reduce((max, ms) => Math.max(max, ms), 0),
    ...(tally.llmTotals.calls > 0 ? { llm: tally.llmTotals } : {}),
  };
}
