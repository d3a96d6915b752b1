import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { agentIndex } from "../../core/ids.js";
import { agentPolicy } from "../../core/llm/agent-policy.js";
import { privateProbeAt } from "../../core/probes/private-probe.js";
import { probeResultSchema } from "../../core/round/round-types.js";
import type { ProbeResult } from "../../core/round/round-types.js";
import { mapWithConcurrency } from "../../core/util/concurrency.js";
import { agentObjectName } from "../common/names.js";
import type { ProviderGates } from "./provider-gate.js";

/** What one coordinator asks of the round's private probe. */
export interface PrivateProbeRequest {
  readonly experimentId: string;
  readonly config: ExperimentConfig;
  readonly round: number;
  /** The coordinator's agent range [first, last). */
  readonly first: number;
  readonly last: number;
  readonly turnsInFlight: number;
  readonly evictAfterTurn: boolean;
}

export interface PrivateProbeAnswers {
  readonly probeId: string;
  /** Per asked agent, in the probe's target order: its answer and model calls. */
  readonly answers: { agent: string; result: ProbeResult }[];
}

/**
 * The round's private probe (docs/metrics.md section 10), if it has one: this coordinator's agents
 * among its targets answer from memory. Null when the round has no private probe.
 */
export async function askPrivateProbe(
  agents: Env["AGENT"],
  gates: ProviderGates,
  request: PrivateProbeRequest,
): Promise<PrivateProbeAnswers | null> {
  const { experimentId, config, round, first, last, turnsInFlight, evictAfterTurn } = request;
  const probe = privateProbeAt(config, round);
  if (!probe) return null;
  const mine = probe.targets.map((agent) => ({ agent, index: agentIndex(agent) })).filter(({ index }) => index >= first && index < last);
  const answers = await mapWithConcurrency(mine, turnsInFlight, async ({ agent, index }) => {
    const stub = agents.get(agents.idFromName(agentObjectName(experimentId, agent)));
    const question = { experimentId, id: probe.id, round, question: probe.question, agent, agentIndex: index };
    const ask = async (): Promise<ProbeResult> => probeResultSchema.parse(await stub.answerProbe(question, config, evictAfterTurn));
    const llm = agentPolicy(config, agent).llm;
    if (!llm) return { agent, result: await ask() };
    const gate = gates.of(llm);
    // Probes go through the provider's slots and circuit like turns do.
    const result = await gate.inSlot(async (): Promise<ProbeResult> => {
      if (gate.isOpen()) {
        return {
          answer: null,
          llmCalls: [{ model: llm.modelKey, promptTokens: 0, completionTokens: 0, ok: false, errorClass: "circuitOpen", latencyMs: 0 }],
        };
      }
      const answered = await ask();
      gate.recordCalls(answered.llmCalls);
      return answered;
    });
    return { agent, result };
  });
  return { probeId: probe.id, answers };
}
