import type { ExperimentConfig } from "../contracts/experiment-config.js";
import type { UnsequencedEvent } from "../events/event-schema.js";
import { agentId } from "../ids.js";
import { agentPolicy } from "../llm/agent-policy.js";
import { namesInText, publicProbeOfPost } from "../probes/public-probe.js";
import type { SimPersona } from "../sim/persona.js";
import { committedActionEvent } from "./action-events.js";
import type { ResolvedAction } from "./action-events.js";
import { appliedKey } from "./commit-plan.js";
import { countLlmCall } from "./llm-round-totals.js";
import type { LlmRoundTotals } from "../contracts/llm-totals.js";
import type {
  Action,
  CandidatePool,
  LlmCallRecordRow,
  Notification,
  PoolPost,
  PreviousTurn,
  ProbeResult,
  TurnResult,
} from "./round-types.js";
import { snapshotItems } from "./snapshot.js";

/**
 * A coordinator's round part (docs/events.md): the events its range of agents contributes to one
 * round, built here from what the round's turns, commit and probe already decided. Nothing here
 * calls anything: the same inputs give the same events in the same order.
 */

/** Where the events go, in the order they are added (a `PartWriter`, or a test's list). */
export interface EventSink {
  add(event: UnsequencedEvent): void;
}

/** Where in the run the part is written. */
export interface PartPlace {
  readonly config: ExperimentConfig;
  readonly round: number;
  /** The round's simulated time (ISO). */
  readonly t: string;
}

/** A shard's verdict on one action, as far as the log needs it. */
export interface AppliedAction extends ResolvedAction {
  readonly status: "accepted" | "rejected";
}

/** One active agent's turn: the feed it was shown and its answer (null: it missed the deadline). */
export interface AnsweredTurn {
  readonly agent: string;
  readonly feed: readonly PoolPost[];
  readonly result: TurnResult | null;
}

export interface TurnPartInputs {
  readonly pool: CandidatePool;
  readonly notifications: ReadonlyMap<string, readonly Notification[]>;
  /** Per agent, the actions its rules accepted (index = seq), from the commit plan. */
  readonly accepted: ReadonlyMap<string, readonly Action[]>;
  /** The shards' verdicts, keyed by `appliedKey(agent, seq)`. */
  readonly applied: ReadonlyMap<string, AppliedAction>;
}

/** A follow or subscription as the commit left it: value 1 is on, 0 off. */
export interface FollowChange {
  readonly agent: string;
  readonly target: string;
  readonly value: number;
}
export interface SubscriptionChange {
  readonly agent: string;
  readonly submolt: string;
  readonly value: number;
}

/** What the turns' part leaves for the coordinator's own state and the round summary. */
export interface TurnPartOutcome {
  actions: number;
  /** Actions a shard refused (the per-agent rules' refusals are counted by the commit plan). */
  rejectedByShards: number;
  timeouts: number;
  /** Each active agent's turn as its next activation will see it. */
  readonly settled: { agent: string; outcome: PreviousTurn }[];
  readonly followChanges: FollowChange[];
  readonly subscriptionChanges: SubscriptionChange[];
}

/** Round 0 only: one `agent` event per agent of the range [first, last), introducing it. */
export function addAgentIntroductions(
  part: EventSink,
  { config, round, t }: PartPlace,
  first: number,
  last: number,
  personaOf: (agent: string, index: number) => SimPersona,
): void {
  for (let index = first; index < last; index++) {
    const agent = agentId(index, config.agents);
    const policy = agentPolicy(config, agent);
    const persona = personaOf(agent, index);
    part.add({
      type: "agent",
      round,
      t,
      agent,
      name: persona.name,
      persona: { ...persona },
      policy: policy.policy,
      ...(policy.llm ? { model: policy.llm.modelKey } : {}),
      ...(policy.group !== null ? { group: policy.group } : {}),
    });
  }
}

/** The log event of a model call, counted into `totals` as it is written. */
export function addLlmCall(
  part: EventSink,
  totals: LlmRoundTotals,
  { config, round, t }: PartPlace,
  agent: string,
  call: LlmCallRecordRow,
): void {
  part.add({
    type: "llmCall",
    round,
    t,
    agent,
    model: call.model,
    promptTokens: call.promptTokens,
    completionTokens: call.completionTokens,
    ok: call.ok,
    ...(call.errorClass !== undefined ? { errorClass: call.errorClass } : {}),
  });
  countLlmCall(totals, config, call);
}

/** The turns' events, agent by agent: exposures, model calls, then a timeout or what was committed. */
export function addTurnEvents(
  part: EventSink,
  totals: LlmRoundTotals,
  place: PartPlace,
  turns: readonly AnsweredTurn[],
  inputs: TurnPartInputs,
): TurnPartOutcome {
  const { config, round, t } = place;
  const itemRank = new Map(snapshotItems(inputs.pool).map((id, rank) => [id, rank]));
  const outcome: TurnPartOutcome = {
    actions: 0,
    rejectedByShards: 0,
    timeouts: 0,
    settled: [],
    followChanges: [],
    subscriptionChanges: [],
  };
  for (const turn of turns) {
    const { agent } = turn;
    const ranks = turn.feed
      .flatMap((post) => [post.id, ...post.topComments.map((c) => c.id)])
      .map((id) => itemRank.get(id) ?? -1)
      .filter((r) => r >= 0);
    part.add({ type: "exposure", round, t, agent, kind: "feed", feed: config.feed.algorithm, snapshot: inputs.pool.snapshotId, ranks });
    const replies = (inputs.notifications.get(agent) ?? []).filter((n) => n.kind === "reply" && n.comment).map((n) => n.comment ?? "");
    if (replies.length > 0) part.add({ type: "exposure", round, t, agent, kind: "notification", feed: "notifications", items: replies });
    for (const call of turn.result?.llmCalls ?? []) addLlmCall(part, totals, place, agent, call);
    if (turn.result?.llmError !== undefined) totals.idleTurns++;
    totals.droppedActions += (turn.result?.droppedActions ?? []).reduce((n, d) => n + (d.count ?? 1), 0);
    if (!turn.result) {
      outcome.timeouts++;
      part.add({ type: "turnTimeout", round, t, agent });
      outcome.settled.push({ agent, outcome: { round, outcome: "timedOut", accepted: [] } });
      continue;
    }
    const acceptedIds = addCommittedActions(part, place, agent, inputs, outcome);
    for (const memory of turn.result.memory) {
      // A memory reference follows its action into the log only if the action was committed.
      if (memory.type !== "memoryRef" || acceptedIds.has(memory.action)) part.add({ ...memory, round, t, agent });
    }
    outcome.settled.push({ agent, outcome: { round, outcome: "committed", accepted: [...acceptedIds].sort() } });
  }
  return outcome;
}

/** One agent's committed actions (and the probe answers among them); returns its accepted content ids. */
function addCommittedActions(
  part: EventSink,
  place: PartPlace,
  agent: string,
  inputs: TurnPartInputs,
  outcome: TurnPartOutcome,
): Set<string> {
  const { config, round, t } = place;
  const acceptedIds = new Set<string>();
  (inputs.accepted.get(agent) ?? []).forEach((action, seq) => {
    const result = inputs.applied.get(appliedKey(agent, seq));
    if (!result || result.status !== "accepted") {
      outcome.rejectedByShards++;
      return;
    }
    outcome.actions++;
    part.add(committedActionEvent(round, t, agent, action, result));
    switch (action.type) {
      case "post":
        acceptedIds.add(action.id);
        break;
      case "comment": {
        acceptedIds.add(action.id);
        // A reply to a public probe post is that probe's answer (docs/metrics.md section 10).
        const probe = action.parent === null ? publicProbeOfPost(config, action.post) : null;
        if (probe)
          part.add({
            type: "probeAnswer",
            round,
            t,
            agent,
            probe: probe.id,
            ...namesInText(action.content, config.agents),
            text: action.content,
          });
        break;
      }
      case "follow":
        outcome.followChanges.push({ agent, target: action.target, value: action.follow ? 1 : 0 });
        break;
      case "subscribe":
        outcome.subscriptionChanges.push({ agent, submolt: action.submolt, value: action.subscribe ? 1 : 0 });
        break;
      case "vote":
        break;
    }
  });
  return acceptedIds;
}

/** A private probe's part: each asked agent's model calls, then its answer if it gave one. */
export function addPrivateProbeAnswers(
  part: EventSink,
  totals: LlmRoundTotals,
  place: PartPlace,
  probeId: string,
  answers: readonly { agent: string; result: ProbeResult }[],
): void {
  const { round, t } = place;
  for (const { agent, result } of answers) {
    for (const call of result.llmCalls) addLlmCall(part, totals, place, agent, call);
    if (result.answer) part.add({ type: "probeAnswer", round, t, agent, probe: probeId, ...result.answer });
  }
}
