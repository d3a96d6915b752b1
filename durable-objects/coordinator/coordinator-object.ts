import { shardOfAction } from "../../core/round/shard-routing.js";
import { committedActionEvent } from "../../core/round/action-events.js";
import { DurableObject } from "cloudflare:workers";
import type { ExperimentConfig } from "../../core/config/experiment-config.js";
import type { LlmProvider } from "../../core/config/llm-config.js";
import { PartWriter, sha256Hex } from "../../core/events/part.js";
import { agentId, agentIndex } from "../../core/ids.js";
import { privateProbeAt } from "../../core/probes/private-probe.js";
import { namesInText, publicProbeOfPost } from "../../core/probes/public-probe.js";
import { feedFor } from "../../core/platform/feed.js";
import { applyAgentRules } from "../../core/round/commit-rules.js";
import { previousTurnSchema, probeResultSchema } from "../../core/round/round-types.js";
import type {
  Action,
  Activation,
  LlmCallRecordRow,
  Notification,
  PoolPost,
  PreviousTurn,
  ProbeResult,
  TurnHalt,
  TurnResult,
} from "../../core/round/round-types.js";
import { agentPolicy } from "../../core/llm/agent-policy.js";
import { CircuitBreaker } from "../../core/llm/circuit-breaker.js";
import { spendOf } from "../../core/llm/cost.js";
import { isRetryableErrorClass } from "../../core/llm/llm-errors.js";
import { snapshotItems } from "../../core/round/snapshot.js";
import { isActive } from "../../core/sim/activation.js";
import { rememberedPersona } from "../../core/sim/persona.js";
import type { SimPersona } from "../../core/sim/persona.js";
import { simulatedTime } from "../../core/time.js";
import { maxNotificationsPerActivation } from "../../core/tunables.js";
import { DeadlineExceeded, Semaphore, mapWithConcurrency, withDeadline } from "../../core/util/concurrency.js";
import { compareCodePoints } from "../../core/util/compare.js";
import { migrate } from "../shared/migrations.js";
import { agentObjectName, roundPrefix, shardObjectName } from "../shared/names.js";
import type { AppliedResult, ShardBatchItem } from "../shard/shard-types.js";
import { appliedResultSchema, notificationSchema } from "../shard/shard-types.js";
import { coordinatorMigrations } from "./coordinator-schema.js";
import { emptyLlmTotals, parseRunRoundInput, roundPartSummarySchema } from "./coordinator-types.js";
import type { LlmRoundTotals, RoundHalt, RoundPartSummary, RunRoundParsed } from "./coordinator-types.js";
import { z } from "zod";

interface TurnOutcome {
  readonly agent: string;
  readonly index: number;
  readonly feed: PoolPost[];
  readonly result: TurnResult | null;
  readonly halt: TurnHalt | null;
  readonly ms: number;
}

/**
 * What the coordinator checks of a turn's answer. The answer comes from this Worker's own
 * AgentObject (agent-object.ts builds it from data this coordinator validated, or replays what it
 * stored after validating it with `turnResultSchema`), so a full zod parse of every action and
 * memory event on every turn checks nothing new; its head is still checked. Events built from it
 * are checked again by the event schema when the round is exported.
 */
type TurnAnswer = TurnResult | TurnHalt;

function trustedTurnAnswer(answer: unknown): TurnAnswer {
  const ok =
    typeof answer === "object" &&
    answer !== null &&
    "round" in answer &&
    typeof answer.round === "number" &&
    ("halt" in answer
      ? typeof answer.halt === "object" && answer.halt !== null && "llmCalls" in answer && Array.isArray(answer.llmCalls)
      : "actions" in answer && Array.isArray(answer.actions) && "memory" in answer && Array.isArray(answer.memory));
  if (!ok) throw new TypeError("takeTurn answered something that is not a turn");
  return answer as TurnAnswer;
}

function isConfigMiss(answer: unknown): boolean {
  return typeof answer === "object" && answer !== null && "configMiss" in answer && answer.configMiss === true;
}

/**
 * An object that reset itself (the local eviction after a turn) rejects calls that were queued
 * behind the reset with `durableObjectReset`; such a call is safe to repeat because turns are
 * idempotent per round.
 */
function isObjectReset(error: unknown): boolean {
  return error instanceof Error && "durableObjectReset" in error && error.durableObjectReset === true;
}

const notificationMapSchema = z.record(z.string(), z.array(notificationSchema));

/**
 * Drives a contiguous range of agents through a round (DESIGN.md decision 4: experiment ->
 * coordinators -> agents): who wakes, their feeds and notifications, their turns with a deadline,
 * the per-agent rules, the sorted commit to the shards, and the round part of the event log.
 * Re-running a round it has finished returns the stored summary; re-running an unfinished one
 * replays agents' stored turns and the shards' stored results, so nothing is lost or doubled.
 */
export class CoordinatorObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** Per provider: calls in flight (its maxConcurrency) and its circuit breaker. */
  private readonly providerGates = new Map<string, { semaphore: Semaphore; breaker: CircuitBreaker }>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(ctx.storage, coordinatorMigrations);
  }

  /** Rounds being run now: a second delivery of the same round joins the first. */
  private readonly inFlight = new Map<number, Promise<RoundPartSummary | RoundHalt>>();

  runRound(input: unknown): Promise<RoundPartSummary | RoundHalt> {
    const parsed = parseRunRoundInput(input);
    const running = this.inFlight.get(parsed.round);
    if (running) return running;
    const run = this.runRoundOnce(parsed).finally(() => this.inFlight.delete(parsed.round));
    this.inFlight.set(parsed.round, run);
    return run;
  }

  private async runRoundOnce(input: RunRoundParsed): Promise<RoundPartSummary | RoundHalt> {
    const { experimentId, coordinator, round, config, pool, turnsInFlight, evictAfterTurn } = input;
    const done = this.sql.exec<{ summary: string }>("SELECT summary FROM rounds WHERE round = ?", round).toArray()[0];
    if (done) return roundPartSummarySchema.parse(JSON.parse(done.summary));

    const first = coordinator * config.scale.agentsPerCoordinator;
    const last = Math.min(config.agents, first + config.scale.agentsPerCoordinator);
    const t = simulatedTime(config, round);
    const part = new PartWriter();
    // Agents get the config by key (agent-object.ts `TurnConfigRef`): sent whole only to an isolate
    // that has not seen it yet. The key also names this config's personas in the isolate.
    const configRef = { key: `${experimentId}:${await sha256Hex(JSON.stringify(config))}` };
    const configWhole = { ...configRef, config };

    if (round === 0) {
      for (let index = first; index < last; index++) {
        const agent = agentId(index, config.agents);
        const policy = agentPolicy(config, agent);
        part.add({
          type: "agent",
          round,
          t,
          agent,
          name: this.persona(configRef.key, config, agent, index).name,
          persona: { ...this.persona(configRef.key, config, agent, index) },
          policy: policy.policy,
          ...(policy.llm ? { model: policy.llm.modelKey } : {}),
          ...(policy.group !== null ? { group: policy.group } : {}),
        });
      }
    }

    const active: { agent: string; index: number }[] = [];
    for (let index = first; index < last; index++) {
      const agent = agentId(index, config.agents);
      if (isActive(config, agent, this.persona(configRef.key, config, agent, index), round)) active.push({ agent, index });
    }

    const previousTurns = this.previousTurns(active.map(({ agent }) => agent));
    const notifications = await this.notificationsFor(experimentId, config, round, previousTurns);
    const items = snapshotItems(pool);
    const itemRank = new Map(items.map((id, rank) => [id, rank]));
    // Follows and subscriptions of this round's active agents, read once (in key order per agent).
    const followsOf = this.setsOf(active, "SELECT agent, target AS value FROM follows WHERE agent IN (SELECT value FROM json_each(?))");
    const subscriptionsOf = this.setsOf(
      active,
      "SELECT agent, submolt AS value FROM subscriptions WHERE agent IN (SELECT value FROM json_each(?))",
    );
    const takeTurn = async ({ agent, index }: { agent: string; index: number }): Promise<TurnOutcome> => {
      const follows = followsOf.get(agent) ?? new Set<string>();
      const subscriptions = subscriptionsOf.get(agent) ?? new Set<string>();
      const feed = feedFor(config, pool, { agent, follows, subscriptions });
      const llm = agentPolicy(config, agent).llm;
      const gate = llm ? this.providerGate(llm.providerKey, llm.provider) : null;
      const activation: Activation = {
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
      const call = async (): Promise<unknown> => {
        // A fresh stub per call: a stub whose object reset itself stays broken (STACK.md notes).
        const stub = this.env.AGENT.get(this.env.AGENT.idFromName(agentObjectName(experimentId, agent)));
        // The circuit is read when the turn gets its provider slot, not when it was queued.
        const gated: Activation = gate ? { ...activation, llmGate: gate.breaker.isOpen(Date.now()) ? "closed" : "open" } : activation;
        const answer: unknown = await stub.takeTurn(gated, configRef, evictAfterTurn);
        // The agent's isolate lacks this config: it read and wrote nothing, send it whole.
        return isConfigMiss(answer) ? stub.takeTurn(gated, configWhole, evictAfterTurn) : answer;
      };
      const turn = (): Promise<unknown> =>
        withDeadline(
          call().catch((error: unknown) => (isObjectReset(error) ? call() : Promise.reject(error))),
          config.scale.turnTimeoutMs,
        );
      const started = Date.now();
      const parsedTurn = async (): Promise<TurnAnswer> => {
        const parsed = trustedTurnAnswer(await turn());
        // Recorded before the provider slot is released, so the next turn sees this outcome.
        if (gate && !("halt" in parsed)) {
          const lastClass = parsed.llmCalls?.[parsed.llmCalls.length - 1]?.errorClass;
          if (lastClass !== "circuitOpen") gate.breaker.record(!(lastClass !== undefined && isRetryableErrorClass(lastClass)), Date.now());
        }
        return parsed;
      };
      let answer: TurnAnswer | null = null;
      try {
        answer = await (gate ? gate.semaphore.run(parsedTurn) : parsedTurn());
      } catch (error) {
        if (!(error instanceof DeadlineExceeded)) throw error;
      }
      const ms = Date.now() - started;
      const halt = answer && "halt" in answer ? answer : null;
      const result = answer && !("halt" in answer) ? answer : null;
      return { agent, index, feed, result, halt, ms };
    };
    // A sim first turn alone: an agent isolate that lacks the config answers `configMiss` and gets
    // it whole, and agents sharing that isolate (all of them locally) then find it. Launched
    // together, every call of the first wave missed and was sent twice (272 of 4,706 turns at 10k).
    // An llm first turn would hold the others back for a model call, so those start together.
    const [head, ...rest] = active;
    const turns =
      head && !agentPolicy(config, head.agent).llm
        ? [await takeTurn(head), ...(await mapWithConcurrency(rest, turnsInFlight, takeTurn))]
        : await mapWithConcurrency(active, turnsInFlight, takeTurn);

    // A provider refused for a reason retries cannot fix: nothing of this round is committed, the
    // turns that did finish are kept by their agents and replay when the round runs again.
    const halted = turns.find((turn) => turn.halt !== null)?.halt;
    if (halted) return { coordinator, halt: halted.halt };

    // The commit: per-agent rules in each agent's own order, then sorted batches per shard.
    const submolts = new Set(config.submolts.map((s) => s.name));
    const batches = new Map<number, ShardBatchItem[]>();
    const accepted = new Map<string, Action[]>();
    let rejected = 0;
    for (const turn of turns) {
      if (!turn.result) continue;
      const outcome = applyAgentRules(turn.agent, turn.result.actions, config.roundMinutes, submolts);
      rejected += outcome.rejected.length;
      accepted.set(turn.agent, outcome.accepted);
      outcome.accepted.forEach((action, seq) => {
        const shard = shardOfAction(turn.agent, action, config.scale.shards);
        const batch = batches.get(shard) ?? [];
        batch.push({ agent: turn.agent, seq, action });
        batches.set(shard, batch);
      });
    }
    const simSeconds = Date.parse(t) / 1000;
    const applied = new Map<string, AppliedResult>();
    await Promise.all(
      [...batches.entries()].map(async ([shard, batch]) => {
        const stub = this.env.SHARD.get(this.env.SHARD.idFromName(shardObjectName(experimentId, shard)));
        const results = z.array(appliedResultSchema).parse(await stub.applyBatch({ round, simSeconds, items: batch }));
        batch.forEach((item, i) => {
          const result = results[i];
          if (result) applied.set(`${item.agent}\u0000${item.seq}`, result);
        });
      }),
    );

    // The round part: exposures, committed actions, memory, timeouts - agent by agent.
    let actionCount = 0;
    let timeouts = 0;
    const llmTotals: LlmRoundTotals = emptyLlmTotals();
    const settled: { agent: string; outcome: PreviousTurn }[] = [];
    const followChanges: { agent: string; target: string; value: number }[] = [];
    const subscriptionChanges: { agent: string; submolt: string; value: number }[] = [];
    for (const turn of turns) {
      const { agent } = turn;
      const ranks = turn.feed
        .flatMap((post) => [post.id, ...post.topComments.map((c) => c.id)])
        .map((id) => itemRank.get(id) ?? -1)
        .filter((r) => r >= 0);
      part.add({ type: "exposure", round, t, agent, kind: "feed", feed: config.feed.algorithm, snapshot: pool.snapshotId, ranks });
      const replies = (notifications.get(agent) ?? []).filter((n) => n.kind === "reply" && n.comment).map((n) => n.comment ?? "");
      if (replies.length > 0) part.add({ type: "exposure", round, t, agent, kind: "notification", feed: "notifications", items: replies });
      const llm = turn.result?.llmCalls ?? [];
      for (const call of llm) this.logLlmCall(part, llmTotals, config, round, t, agent, call);
      if (turn.result?.llmError !== undefined) llmTotals.idleTurns++;
      if (!turn.result) {
        timeouts++;
        part.add({ type: "turnTimeout", round, t, agent });
        settled.push({ agent, outcome: { round, outcome: "timedOut", accepted: [] } });
        continue;
      }
      const acceptedIds = new Set<string>();
      (accepted.get(agent) ?? []).forEach((action, seq) => {
        const result = applied.get(`${agent}\u0000${seq}`);
        if (!result || result.status !== "accepted") {
          rejected++;
          return;
        }
        actionCount++;
        part.add(committedActionEvent(round, t, agent, action, result));
        switch (action.type) {
          case "post":
            acceptedIds.add(action.id);
            break;
          case "comment": {
            acceptedIds.add(action.id);
            // A reply to a public probe post is that probe's answer (METRICS.md 10).
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
            followChanges.push({ agent, target: action.target, value: action.follow ? 1 : 0 });
            break;
          case "subscribe":
            subscriptionChanges.push({ agent, submolt: action.submolt, value: action.subscribe ? 1 : 0 });
            break;
          case "vote":
            break;
        }
      });
      for (const memory of turn.result.memory) {
        if (memory.type === "memoryWrite") part.add({ ...memory, round, t, agent });
        else if (acceptedIds.has(memory.action)) part.add({ ...memory, round, t, agent });
      }
      settled.push({ agent, outcome: { round, outcome: "committed", accepted: [...acceptedIds].sort() } });
    }

    await this.askPrivateProbe(experimentId, config, round, first, last, turnsInFlight, evictAfterTurn, part, llmTotals);

    const body = part.serialize();
    const key = `${roundPrefix(experimentId, round)}c${String(coordinator).padStart(5, "0")}.ndjson`;
    await this.env.EVENTS.put(key, body);
    const summary: RoundPartSummary = {
      coordinator,
      part: { key, lines: part.size, sha256: await sha256Hex(body), counts: part.counts },
      active: active.length,
      actions: actionCount,
      rejected,
      timeouts,
      turnMsTotal: turns.reduce((sum, turn) => sum + turn.ms, 0),
      turnMsMax: turns.reduce((max, turn) => Math.max(max, turn.ms), 0),
      ...(llmTotals.calls > 0 ? { llm: llmTotals } : {}),
    };
    this.ctx.storage.transactionSync(() => {
      for (const { agent, outcome } of settled) {
        this.sql.exec(
          "INSERT INTO agents (agent, previous_turn) VALUES (?, ?) ON CONFLICT (agent) DO UPDATE SET previous_turn = excluded.previous_turn",
          agent,
          JSON.stringify(outcome),
        );
      }
      for (const change of followChanges) {
        if (change.value === 1) this.sql.exec("INSERT OR IGNORE INTO follows (agent, target) VALUES (?, ?)", change.agent, change.target);
        else this.sql.exec("DELETE FROM follows WHERE agent = ? AND target = ?", change.agent, change.target);
      }
      for (const change of subscriptionChanges) {
        if (change.value === 1)
          this.sql.exec("INSERT OR IGNORE INTO subscriptions (agent, submolt) VALUES (?, ?)", change.agent, change.submolt);
        else this.sql.exec("DELETE FROM subscriptions WHERE agent = ? AND submolt = ?", change.agent, change.submolt);
      }
      this.sql.exec("INSERT OR REPLACE INTO rounds (round, summary) VALUES (?, ?)", round, JSON.stringify(summary));
    });
    return summary;
  }

  /** This coordinator's agents among the round's private probe targets answer from memory. */
  private async askPrivateProbe(
    experimentId: string,
    config: ExperimentConfig,
    round: number,
    first: number,
    last: number,
    inFlight: number,
    evictAfter: boolean,
    part: PartWriter,
    llmTotals: LlmRoundTotals,
  ): Promise<void> {
    const probe = privateProbeAt(config, round);
    if (!probe) return;
    const mine = probe.targets.map((agent) => ({ agent, index: agentIndex(agent) })).filter(({ index }) => index >= first && index < last);
    const t = simulatedTime(config, round);
    const results = await mapWithConcurrency(mine, inFlight, async ({ agent, index }) => {
      const stub = this.env.AGENT.get(this.env.AGENT.idFromName(agentObjectName(experimentId, agent)));
      const request = { id: probe.id, round, question: probe.question, agent, agentIndex: index };
      const llm = agentPolicy(config, agent).llm;
      const ask = async (): Promise<ProbeResult> => probeResultSchema.parse(await stub.answerProbe(request, config, evictAfter));
      if (!llm) return { agent, result: await ask() };
      const gate = this.providerGate(llm.providerKey, llm.provider);
      // Probes go through the provider's slots and circuit like turns do.
      const result = await gate.semaphore.run(async (): Promise<ProbeResult> => {
        if (gate.breaker.isOpen(Date.now())) {
          return {
            answer: null,
            llmCalls: [{ model: llm.modelKey, promptTokens: 0, completionTokens: 0, ok: false, errorClass: "circuitOpen", latencyMs: 0 }],
          };
        }
        const answered = await ask();
        const lastClass = answered.llmCalls[answered.llmCalls.length - 1]?.errorClass;
        gate.breaker.record(!(lastClass !== undefined && isRetryableErrorClass(lastClass)), Date.now());
        return answered;
      });
      return { agent, result };
    });
    for (const { agent, result } of results) {
      for (const call of result.llmCalls) this.logLlmCall(part, llmTotals, config, round, t, agent, call);
      if (result.answer) part.add({ type: "probeAnswer", round, t, agent, probe: probe.id, ...result.answer });
    }
  }

  private logLlmCall(
    part: PartWriter,
    llmTotals: LlmRoundTotals,
    config: ExperimentConfig,
    round: number,
    t: string,
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
    llmTotals.calls++;
    llmTotals.promptTokens += call.promptTokens;
    llmTotals.completionTokens += call.completionTokens;
    if (call.cached === true) llmTotals.cachedCalls++;
    else llmTotals.spendUsd += spendOf(config, call.model, call.promptTokens, call.completionTokens);
    if (!call.ok) {
      llmTotals.failedCalls++;
      const errorClass = call.errorClass ?? "unknown";
      llmTotals.errors[errorClass] = (llmTotals.errors[errorClass] ?? 0) + 1;
    }
  }

  private providerGate(key: string, provider: LlmProvider): { semaphore: Semaphore; breaker: CircuitBreaker } {
    let gate = this.providerGates.get(key);
    if (!gate) {
      gate = {
        semaphore: new Semaphore(provider.maxConcurrency),
        breaker: new CircuitBreaker(provider.circuitBreakerFailures, provider.circuitBreakerCooldownMs),
      };
      this.providerGates.set(key, gate);
    }
    return gate;
  }

  private persona(configKey: string, config: ExperimentConfig, agent: string, index: number): SimPersona {
    return rememberedPersona(configKey, config, agent, index);
  }

  /** Each agent's previous-turn outcome (null before its first turn), read in one query. */
  private previousTurns(agents: readonly string[]): Map<string, PreviousTurn | null> {
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

  /** `query` (one JSON array of agents bound) gives rows (agent, value): the values per agent. */
  private setsOf(active: readonly { agent: string }[], query: string): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    if (active.length === 0) return out;
    for (const row of this.sql.exec<{ agent: string; value: string }>(query, JSON.stringify(active.map(({ agent }) => agent)))) {
      let set = out.get(row.agent);
      if (!set) {
        set = new Set<string>();
        out.set(row.agent, set);
      }
      set.add(row.value);
    }
    return out;
  }

  /** Notifications since each agent's previous turn, from every shard, in canonical order. */
  private async notificationsFor(
    experimentId: string,
    config: ExperimentConfig,
    round: number,
    previousTurns: ReadonlyMap<string, PreviousTurn | null>,
  ): Promise<Map<string, Notification[]>> {
    const out = new Map<string, Notification[]>();
    const agents = [...previousTurns.keys()];
    if (agents.length === 0 || round === 0) return out;
    const recipients = agents.map((agent) => ({ agent, sinceRound: previousTurns.get(agent)?.round ?? 0 }));
    const perShard = await Promise.all(
      Array.from({ length: config.scale.shards }, async (_, shard) => {
        const stub = this.env.SHARD.get(this.env.SHARD.idFromName(shardObjectName(experimentId, shard)));
        return notificationMapSchema.parse(await stub.notifications({ beforeRound: round, recipients }));
      }),
    );
    for (const agent of agents) {
      const merged = perShard.flatMap((map) => map[agent] ?? []);
      merged.sort(
        (a, b) =>
          a.round - b.round ||
          compareCodePoints(a.actor, b.actor) ||
          compareCodePoints(a.comment ?? "", b.comment ?? "") ||
          compareCodePoints(a.target, b.target),
      );
      if (merged.length > 0) out.set(agent, merged.slice(-maxNotificationsPerActivation));
    }
    return out;
  }
}
