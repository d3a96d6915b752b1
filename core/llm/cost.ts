import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { agentId } from "../ids.js";
import type { PoolPost } from "../round/round-types.js";
import { isActive } from "../sim/activation.js";
import { makePersona } from "../sim/persona.js";
import { charsPerTokenEstimate, defaultLlmMaxOutputTokens, poolCommentsPerPost, poolTextChars, promptItemChars } from "../tunables.js";
import { agentPolicy } from "./agent-policy.js";
import { llmTurnJsonSchema } from "./turn-output.js";
import { buildTurnPrompt } from "./turn-prompt.js";

/** Agents whose activations are counted exactly before a run; larger populations are sampled. */
const estimateSampleAgents = 2_000;

export interface CostEstimate {
  readonly llmAgents: number;
  /** Expected llm agent-turns over the whole run (activations are seeded, so this is counted). */
  readonly llmTurns: number;
  /** Upper bound of prompt tokens per turn: a full feed, full memories, every field at its cap. */
  readonly promptTokensPerTurn: number;
  readonly completionTokensPerTurn: number;
  readonly tokens: number;
  /** At the price table of the config; 0 for models without prices (e.g. a local server). */
  readonly usd: number;
  readonly perModel: Readonly<Record<string, { turns: number; usd: number }>>;
}

/** A prompt at its largest: what a turn may cost in prompt tokens. */
function largestPromptTokens(config: ExperimentConfig): number {
  const filler = (chars: number): string => "x".repeat(chars);
  const feed: PoolPost[] = Array.from({ length: config.feed.itemsPerActivation }, (_, i) => ({
    id: `p.0.a0.${i}`,
    author: "a0",
    submolt: config.submolts[0]?.name ?? "general",
    title: filler(80),
    text: filler(Math.min(poolTextChars, promptItemChars)),
    score: 10,
    authorKarma: 100,
    comments: poolCommentsPerPost,
    round: 0,
    hot: 0,
    topComments: Array.from({ length: poolCommentsPerPost }, (_, j) => ({
      id: `c.0.a1.${i * 10 + j}`,
      author: "a1",
      parent: null,
      text: filler(Math.min(poolTextChars, promptItemChars)),
      score: 1,
      authorKarma: 10,
      depth: 0,
    })),
  }));
  const prompt = buildTurnPrompt({
    agent: "a0",
    persona: makePersona(config, agentId(0, config.agents), 0),
    round: config.rounds,
    timeIso: config.startTime,
    submolts: config.submolts.map((s) => s.name),
    subscriptions: [],
    showScores: config.feed.showScores,
    memories: Array.from({ length: config.llm?.memoriesPerPrompt ?? 0 }, (_, i) => ({
      id: `m.a0.${i}`,
      round: 0,
      kind: "observation",
      text: filler(promptItemChars),
    })),
    notifications: [],
    feed,
  });
  const chars = prompt.messages.reduce((n, m) => n + m.content.length, 0) + JSON.stringify(llmTurnJsonSchema).length;
  return Math.ceil(chars / charsPerTokenEstimate);
}

/**
 * What a run will cost before anything is spent: llm agent-turns (from the seeded activation
 * model, counted on up to 2,000 agents and scaled) x tokens per turn x the price table.
 */
export function estimateRunCost(config: ExperimentConfig): CostEstimate {
  const step = Math.max(1, Math.floor(config.agents / estimateSampleAgents));
  const perModel: Record<string, { turns: number; usd: number }> = {};
  let llmAgents = 0;
  let sampled = 0;
  for (let index = 0; index < config.agents; index += step) {
    const agent = agentId(index, config.agents);
    const policy = agentPolicy(config, agent);
    sampled++;
    if (!policy.llm) continue;
    llmAgents++;
    const persona = makePersona(config, agent, index);
    let turns = 0;
    for (let round = 0; round < config.rounds; round++) if (isActive(config, agent, persona, round)) turns++;
    const entry = perModel[policy.llm.modelKey] ?? { turns: 0, usd: 0 };
    entry.turns += turns;
    perModel[policy.llm.modelKey] = entry;
  }
  const scale = config.agents / Math.max(1, sampled);
  const promptTokensPerTurn = largestPromptTokens(config);
  let completionTokensPerTurn = 0;
  let usd = 0;
  let llmTurns = 0;
  for (const [key, entry] of Object.entries(perModel)) {
    const model = config.llm?.models[key];
    const maxOutput =
      Math.max(...(config.groups ?? []).filter((g) => g.model === key).map((g) => g.maxOutputTokens), 0) || defaultLlmMaxOutputTokens;
    completionTokensPerTurn = Math.max(completionTokensPerTurn, maxOutput);
    entry.turns = Math.round(entry.turns * scale);
    entry.usd = model ? (entry.turns * (promptTokensPerTurn * model.inputUsdPerMTok + maxOutput * model.outputUsdPerMTok)) / 1e6 : 0;
    usd += entry.usd;
    llmTurns += entry.turns;
  }
  return {
    llmAgents: Math.round(llmAgents * scale),
    llmTurns,
    promptTokensPerTurn,
    completionTokensPerTurn,
    tokens: llmTurns * (promptTokensPerTurn + completionTokensPerTurn),
    usd,
    perModel,
  };
}

/** USD of calls at the config's price table. */
export function spendOf(config: ExperimentConfig, model: string, promptTokens: number, completionTokens: number): number {
  const price = config.llm?.models[model];
  return price ? (promptTokens * price.inputUsdPerMTok + completionTokens * price.outputUsdPerMTok) / 1e6 : 0;
}
