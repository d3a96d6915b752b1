import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { Activation, TurnHalt, TurnResult } from "../../core/round/round-types.js";
import { DeadlineExceeded } from "../../core/util/concurrency.js";
import { agentObjectName } from "../common/names.js";
import { platformCall } from "../common/platform-call.js";
import type { ProviderGate } from "./provider-gate.js";

/**
 * What the coordinator checks of a turn's answer. The answer comes from this Worker's own
 * AgentObject (agent-object.ts builds it from data this coordinator validated, or replays what it
 * stored after validating it with `turnResultSchema`), so a full zod parse of every action and
 * memory event on every turn checks nothing new; its head is still checked. Events built from it
 * are checked again by the event schema when the round is exported.
 */
export type TurnAnswer = TurnResult | TurnHalt;

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
 * A turn call with its retries, all within one deadline (`DeadlineExceeded` after `deadlineMs`),
 * under the engine's one retry policy (core/engine/retry-policy.ts): an error the platform marks
 * transient - a call queued behind the reset of an object that evicted itself after its previous
 * turn, a lost connection - is repeated with jittered backoff (safe: turns are idempotent per
 * round); an overloaded agent, a poison pill or an unclassified error goes up to the experiment's
 * step at once. `callKey` names the call and seeds its jitter.
 */
export function callTurnWithRetry<T>(callKey: string, call: () => Promise<T>, deadlineMs: number): Promise<T> {
  return platformCall(callKey, call, deadlineMs);
}

/** One agent's turn as the coordinator asks for it. */
export interface TurnRequest {
  readonly activation: Activation;
  /** Agents get the config by key (agent-object.ts `TurnConfigRef`), whole only when they lack it. */
  readonly configKey: string;
  readonly config: ExperimentConfig;
  readonly evictAfterTurn: boolean;
  /** The agent's provider, for llm agents; null for sim agents. */
  readonly gate: ProviderGate | null;
}

/** A turn's answer (null: no answer within the deadline) and its wall-clock time. */
export interface TurnCallOutcome {
  readonly answer: TurnAnswer | null;
  readonly ms: number;
}

/** Asks the agent's object for its turn, in its provider's slot if it has one, within the turn deadline. */
export async function takeTurn(agents: Env["AGENT"], request: TurnRequest): Promise<TurnCallOutcome> {
  const { activation, configKey, config, evictAfterTurn, gate } = request;
  const configRef = { key: configKey };
  const configWhole = { ...configRef, config };
  const call = async (): Promise<unknown> => {
    // A fresh stub per call: a stub whose object reset itself stays broken for good.
    const stub = agents.get(agents.idFromName(agentObjectName(activation.experimentId, activation.agent)));
    // The circuit is read when the turn gets its provider slot, not when it was queued.
    const gated: Activation = gate ? { ...activation, llmGate: gate.isOpen() ? "closed" : "open" } : activation;
    const answer: unknown = await stub.takeTurn(gated, configRef, evictAfterTurn);
    // The agent's isolate lacks this config: it read and wrote nothing, send it whole.
    return isConfigMiss(answer) ? stub.takeTurn(gated, configWhole, evictAfterTurn) : answer;
  };
  const started = Date.now();
  const answeredTurn = async (): Promise<TurnAnswer> => {
    const answer = trustedTurnAnswer(
      await callTurnWithRetry(`${activation.experimentId}:${activation.round}:turn:${activation.agent}`, call, config.scale.turnTimeoutMs),
    );
    // Recorded before the provider slot is released, so the next turn sees this outcome.
    if (gate && !("halt" in answer)) gate.recordCalls(answer.llmCalls ?? []);
    return answer;
  };
  let answer: TurnAnswer | null = null;
  try {
    answer = await (gate ? gate.inSlot(answeredTurn) : answeredTurn());
  } catch (error) {
    if (!(error instanceof DeadlineExceeded)) throw error;
  }
  return { answer, ms: Date.now() - started };
}
