import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { contentWords } from "../sim/text.js";
import { minMemoriesToReflect } from "../tunables.js";
import { compareCodePoints } from "../util/compare.js";
import { reflectionImportance } from "./importance.js";
import { isItemSource } from "./memory-row.js";
import type { NewMemory, StoredMemory } from "./memory-row.js";

/**
 * Reflection (docs/design.md "The memory of an agent"): every `reflectionEveryRounds` rounds an
 * agent condenses its most retrievable memories into insight rows (importance.ts:
 * `reflectionImportance`). Sim agents condense words (`simReflection`); llm agents ask their model
 * (core/llm/reflection-prompt.ts). Both use the trigger and the bounds below.
 */

type MemoryConfig = ExperimentConfig["memory"];

/** Sources a reflection row keeps: the items (and, for llm agents, agents) of what it condenses, a few. */
export const reflectionSourcesKept = 5;
/** Words a sim reflection keeps: the condensed gist of what the agent has been reading and doing. */
export const simReflectionWords = 8;

/** Whether a turn in `round` reflects: memory on, reflection on, and `every` rounds since the last one. */
export function reflectionDue(memory: MemoryConfig, round: number, lastReflection: number): boolean {
  const every = memory.reflectionEveryRounds;
  return memory.enabled && every > 0 && round - lastReflection >= every;
}

/** Fewer rows than this are not worth condensing: a reflection would only restate them. */
export function enoughToReflect(rows: number): boolean {
  return rows >= minMemoriesToReflect;
}

/**
 * A sim reflection: the words that recur most in the memories given (reflections aside), citing
 * the items they came from (called only with memory enabled). None when it is not due, there is too little, or nothing recurs.
 */
export function simReflection(memory: MemoryConfig, round: number, lastReflection: number, memories: readonly StoredMemory[]): NewMemory[] {
  if (!reflectionDue(memory, round, lastReflection) || !enoughToReflect(memories.length)) return [];
  const counts = new Map<string, number>();
  for (const row of memories) {
    if (row.kind === "reflection") continue;
    for (const word of contentWords(row.text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const gist = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]))
    .slice(0, simReflectionWords)
    .map(([word]) => word);
  if (gist.length === 0) return [];
  const sources = [...new Set(memories.flatMap((m) => m.sources).filter(isItemSource))].sort().slice(0, reflectionSourcesKept);
  return [{ kind: "reflection", importance: reflectionImportance, sources, text: `I keep coming back to ${gist.join(" ")}` }];
}
