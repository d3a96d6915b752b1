import { topicOfText } from "../sim/text.js";
import { memoryRecencyDecayPerRound } from "../tunables.js";
import { importanceScaleMax } from "./importance.js";
import { isItemSource } from "./memory-row.js";
import type { StoredMemory } from "./memory-row.js";
import { dot } from "./memory-vector.js";

/**
 * Both retrieval scores follow the generative agents paper (Park et al. 2023): recency +
 * importance + relevance, weighted equally, recency decaying by `memoryRecencyDecayPerRound` per
 * round of age. They differ in what they have to work with:
 *
 * - sim agents recall ONE row to cite in a post or comment, among the page of memory their turn
 *   reads (the most important rows). Relevance is whether the row is on the topic being written
 *   (the sim has topics, not meanings); importance is divided by the top of the scale. Every part
 *   is in [0, 1] already, so no rescaling: a score is a pure function of the row.
 * - llm agents retrieve the k rows to put in a prompt among their newest rows. Relevance is the
 *   dot product of word-hash vectors (memory-vector.ts) with what the agent reads now, whose range
 *   depends on the texts, so each part is min-max scaled over the candidates (as in the paper).
 */

/** The recency part of both scores: 1 for a row of this round, decaying with age. */
export function recency(memoryRound: number, round: number, decayPerRound = memoryRecencyDecayPerRound): number {
  return decayPerRound ** Math.max(0, round - memoryRound);
}

/** Sim: recency + importance + topic relevance, each in [0, 1]. */
export function simRetrievalScore(memory: StoredMemory, round: number, topic: number, decayPerRound = memoryRecencyDecayPerRound): number {
  const recencyPart = Math.pow(decayPerRound, Math.max(0, round - memory.round));
  const importance = memory.importance / importanceScaleMax;
  const relevance = topicOfText(memory.text) === topic ? 1 : 0;
  return recencyPart + importance + relevance;
}

/**
 * Sim: the row a post or comment on `topic` cites, if any - the best-scoring row that is not the
 * agent's own action (citing itself is no recall) and names an item to cite. Ties go to the row
 * with the smaller id.
 */
export function simRecall<T extends StoredMemory>(memories: readonly T[], round: number, topic: number): T | undefined {
  let best: T | undefined;
  let bestScore = -Infinity;
  for (const memory of memories) {
    if (memory.kind === "action" || !memory.sources.some(isItemSource)) continue;
    const score = simRetrievalScore(memory, round, topic, memoryRecencyDecayPerRound);
    if (score > bestScore || (score === bestScore && best !== undefined && memory.id < best.id)) {
      best = memory;
      bestScore = score;
    }
  }
  return best;
}

export interface RetrievableMemory {
  readonly id: string;
  readonly round: number;
  readonly importance: number;
  readonly vector: Float32Array | null;
}

function minMax(values: readonly number[]): number[] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0));
}

/**
 * Llm: the k rows to put in a prompt - recency + importance + relevance to `query`, each min-max
 * scaled over the candidates and weighted equally. Ties go to the newer row, then the larger id.
 */
export function retrieveMemories<T extends RetrievableMemory>(
  candidates: readonly T[],
  query: Float32Array,
  round: number,
  k: number,
): T[] {
  if (k <= 0 || candidates.length === 0) return [];
  const recencies = minMax(candidates.map((m) => recency(m.round, round)));
  const importance = minMax(candidates.map((m) => m.importance));
  const relevance = minMax(candidates.map((m) => (m.vector ? dot(m.vector, query) : 0)));
  return candidates
    .map((memory, i) => ({ memory, score: (recencies[i] ?? 0) + (importance[i] ?? 0) + (relevance[i] ?? 0) }))
    .sort((a, b) => b.score - a.score || b.memory.round - a.memory.round || (a.memory.id < b.memory.id ? 1 : -1))
    .slice(0, k)
    .map((s) => s.memory);
}
