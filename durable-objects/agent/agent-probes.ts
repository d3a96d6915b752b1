import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { agentIndex } from "../../core/ids.js";
import { agentPolicy } from "../../core/llm/agent-policy.js";
import type { LlmAssignment } from "../../core/llm/agent-policy.js";
import { askProbe, buildProbePrompt } from "../../core/llm/probe-prompt.js";
import { memoryVector } from "../../core/memory/memory-vector.js";
import { retrieveMemories } from "../../core/memory/retrieval.js";
import { simProbeAnswer } from "../../core/probes/private-probe.js";
import { probeResultSchema } from "../../core/round/round-types.js";
import type { ProbeRequest, ProbeResult } from "../../core/round/round-types.js";
import { makePersona } from "../../core/sim/persona.js";
import { memoryPageRows } from "../../core/tunables.js";
import { compareCodePoints } from "../../core/util/compare.js";
import { llmClientFor } from "./agent-llm-client.js";
import { retrievalCandidates } from "./agent-memory-stream.js";
import type { AgentStore } from "./agent-store.js";

/**
 * Private probes (docs/metrics.md section 10), answered from memory alone - no feed. Sim agents
 * name what their memory mentions most; llm agents are asked through the same client as their
 * turns. The answer is stored, so a re-run round logs the same answer without asking again.
 */
export async function answerProbeOnce(store: AgentStore, env: Env, request: ProbeRequest, config: ExperimentConfig): Promise<ProbeResult> {
  const stored = storedProbeAnswer(store, request.id);
  if (stored) return stored;
  const llm = agentPolicy(config, request.agent).llm;
  let result: ProbeResult;
  if (!llm) {
    result = { answer: simProbeAnswer(config.seed, request.agent, retrievalCandidates(store)), llmCalls: [] };
  } else {
    result = await askModel(store, env, request, config, llm);
    // The await is over: another delivery may have stored its answer meanwhile.
    const again = storedProbeAnswer(store, request.id);
    if (again) return again;
  }
  store.write(() => {
    const state = store.load();
    store.ensureTable(state, "probe_answers");
    store.sql.exec("INSERT INTO probe_answers (probe, result) VALUES (?, ?)", request.id, JSON.stringify(result));
    store.flush(state);
  });
  return result;
}

function storedProbeAnswer(store: AgentStore, probe: string): ProbeResult | null {
  if (!store.load().tables.has("probe_answers")) return null;
  const row = store.sql.exec<{ result: string }>("SELECT result FROM probe_answers WHERE probe = ?", probe).toArray()[0];
  return row ? probeResultSchema.parse(JSON.parse(row.result)) : null;
}

/** An llm agent's answer: twice a prompt's memories, the most relevant to the question. */
async function askModel(
  store: AgentStore,
  env: Env,
  request: ProbeRequest,
  config: ExperimentConfig,
  llm: LlmAssignment,
): Promise<ProbeResult> {
  const k = Math.min(2 * (config.llm?.memoriesPerPrompt ?? 0), memoryPageRows);
  const memories = retrieveMemories(retrievalCandidates(store), memoryVector(request.question), request.round, k);
  const prompt = buildProbePrompt(
    makePersona(config, request.agent, request.agentIndex),
    [...memories].sort((a, b) => a.round - b.round || compareCodePoints(a.id, b.id)),
    request.question,
  );
  const client = llmClientFor(env, config, llm, {
    experimentId: request.experimentId,
    agent: request.agent,
    round: request.round,
    purpose: "llm-probe-retry",
  });
  const decision = await askProbe(client, prompt, {
    temperature: llm.temperature,
    maxOutputTokens: llm.maxOutputTokens,
    isAgent: (id) => /^a\d+$/.test(id) && agentIndex(id) < config.agents,
  });
  return { answer: decision.kind === "answered" ? decision.answer : null, llmCalls: decision.calls };
}
