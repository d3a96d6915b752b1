import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { LlmAssignment } from "../../core/llm/agent-policy.js";
import { decideLlmTurn } from "../../core/llm/decide-llm-turn.js";
import type { LlmTurnDecision } from "../../core/llm/decide-llm-turn.js";
import { engagedAuthors } from "../../core/llm/engaged-authors.js";
import { fatalErrorClasses } from "../../core/llm/llm-errors.js";
import { reflectWithModel } from "../../core/llm/reflection-prompt.js";
import { buildTurnPrompt } from "../../core/llm/turn-prompt.js";
import type { TurnPrompt } from "../../core/llm/turn-prompt.js";
import type { NewMemory } from "../../core/memory/memory-row.js";
import { memoryVector } from "../../core/memory/memory-vector.js";
import { enoughToReflect, reflectionDue } from "../../core/memory/reflection.js";
import { retrieveMemories } from "../../core/memory/retrieval.js";
import { llmVisitMemories } from "../../core/memory/visit-memories.js";
import type { Activation, LlmCallRecordRow, TurnHalt, TurnResult } from "../../core/round/round-types.js";
import { makePersona } from "../../core/sim/persona.js";
import type { SimPersona } from "../../core/sim/persona.js";
import { simulatedTime } from "../../core/time.js";
import { memoryVectorDims, reflectionMemories } from "../../core/tunables.js";
import { compareCodePoints } from "../../core/util/compare.js";
import { llmClientFor } from "./agent-llm-client.js";
import { retrievalCandidates } from "./agent-memory-stream.js";
import { agentMeta } from "./agent-meta.js";
import type { AgentStore } from "./agent-store.js";
import { commitTurn, replayOrCheck } from "./agent-turn.js";

/** What an llm turn works with: the agent's store, the Worker's env (secrets, the response cache). */
export interface LlmTurnContext {
  readonly store: AgentStore;
  readonly env: Env;
  readonly activation: Activation;
  readonly config: ExperimentConfig;
  readonly llm: LlmAssignment;
}

/**
 * An llm turn: read memory and build the prompt, await the model (the only awaited I/O), then
 * re-check the round and write everything in one synchronous transaction (docs/design.md section
 * 5). A quota or auth failure writes nothing and returns a halt, so the round can run again later.
 */
export async function llmTurn(turn: LlmTurnContext): Promise<TurnResult | TurnHalt> {
  const { store, activation, config } = turn;
  const replay = replayOrCheck(store, activation.round);
  if (replay) return replay;
  const persona = makePersona(config, activation.agent, activation.agentIndex);
  const prompt = turnPrompt(turn, persona);
  const reflected = await reflectBeforeTurn(turn, persona);
  const decision = await decide(turn, prompt);
  const calls = [...reflected.calls, ...decision.calls];
  if (decision.kind === "idle" && fatalErrorClasses.has(decision.errorClass)) {
    return { round: activation.round, halt: { errorClass: decision.errorClass, message: decision.message }, llmCalls: calls };
  }
  // The await is over: another delivery may have finished this round meanwhile.
  const finished = replayOrCheck(store, activation.round);
  if (finished) return finished;
  const newMemories = llmVisitMemories(activation.feed, activation.notifications, decision.kind === "decided" ? decision.turn.note : "");
  return commitTurn(
    store,
    activation,
    config,
    () => ({
      actions: decision.kind === "decided" ? decision.turn.actions : [],
      newMemories,
      references: decision.kind === "decided" ? decision.turn.references : [],
      engagedWords: [],
      engagedAuthors: decision.kind === "decided" ? engagedAuthors(decision.turn.actions, activation) : [],
    }),
    {
      calls,
      error: decision.kind === "idle" ? `${decision.errorClass}: ${decision.message}` : undefined,
      dropped: decision.kind === "decided" ? decision.dropped : [],
      reflections: reflected.rows,
      // An open circuit sends no prompt, so nothing was shown.
      shown: activation.llmGate === "closed" ? [] : [...prompt.memories.values()],
    },
  );
}

/** The turn's prompt, with the memories most worth recalling for what the agent reads now. */
function turnPrompt({ store, activation, config }: LlmTurnContext, persona: SimPersona): TurnPrompt {
  const query = memoryVector([...activation.feed.map((p) => p.title), ...activation.notifications.map((n) => n.text ?? "")].join(" "));
  const memories = retrieveMemories(retrievalCandidates(store), query, activation.round, config.llm?.memoriesPerPrompt ?? 0);
  return buildTurnPrompt({
    agent: activation.agent,
    persona,
    round: activation.round,
    timeIso: simulatedTime(config, activation.round),
    submolts: config.submolts.map((s) => s.name),
    subscriptions: activation.subscriptions,
    showScores: config.feed.showScores,
    memories: [...memories].sort((a, b) => a.round - b.round || compareCodePoints(a.id, b.id)),
    notifications: activation.notifications,
    feed: activation.feed,
  });
}

/**
 * A reflection when one is due and the provider's circuit is not open: the most important and
 * recent memories (no query: relevance is flat), condensed by the model.
 */
async function reflectBeforeTurn(turn: LlmTurnContext, persona: SimPersona): Promise<{ rows: NewMemory[]; calls: LlmCallRecordRow[] }> {
  const { store, env, activation, config, llm } = turn;
  const lastReflection = store.load().meta.get(agentMeta.lastReflection);
  if (!reflectionDue(config.memory, activation.round, lastReflection) || activation.llmGate === "closed") return { rows: [], calls: [] };
  const condensed = retrieveMemories(retrievalCandidates(store), new Float32Array(memoryVectorDims), activation.round, reflectionMemories);
  if (!enoughToReflect(condensed.length)) return { rows: [], calls: [] };
  const client = llmClientFor(env, config, llm, {
    experimentId: activation.experimentId,
    agent: activation.agent,
    round: activation.round,
    purpose: "llm-reflect-retry",
  });
  return reflectWithModel(client, persona, condensed, { temperature: llm.temperature, maxOutputTokens: llm.maxOutputTokens });
}

/** The model's decision, or an idle turn without a call when the provider's circuit is open. */
async function decide({ env, activation, config, llm }: LlmTurnContext, prompt: TurnPrompt): Promise<LlmTurnDecision> {
  if (activation.llmGate === "closed") {
    return {
      kind: "idle",
      errorClass: "circuitOpen",
      message: `the circuit for provider ${llm.providerKey} is open after repeated failures`,
      calls: [{ model: llm.modelKey, promptTokens: 0, completionTokens: 0, ok: false, errorClass: "circuitOpen", latencyMs: 0 }],
    };
  }
  const client = llmClientFor(env, config, llm, {
    experimentId: activation.experimentId,
    agent: activation.agent,
    round: activation.round,
    purpose: "llm-retry",
  });
  return decideLlmTurn(client, prompt, {
    agent: activation.agent,
    round: activation.round,
    temperature: llm.temperature,
    maxOutputTokens: llm.maxOutputTokens,
  });
}
