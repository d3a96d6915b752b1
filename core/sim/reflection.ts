import type { ExperimentConfig } from "../config/experiment-config.js";
import type { NewMemory, SimMemory } from "./sim-policy.js";
import { contentWords } from "./text.js";
import { compareCodePoints } from "../util/compare.js";

/** Words a reflection keeps: the condensed gist of what the agent has been reading and doing. */
const reflectionWords = 8;
const reflectionSources = 5;

/**
 * Every K rounds the agent condenses its most retrievable memories into one reflection row: the
 * words that recur most, citing the items they came from (DESIGN.md "The memory of an agent").
 */
export function reflect(config: ExperimentConfig, round: number, lastReflection: number, memories: readonly SimMemory[]): NewMemory[] {
  const every = config.memory.reflectionEveryRounds;
  if (every <= 0 || round - lastReflection < every || memories.length < 4) return [];
  const counts = new Map<string, number>();
  for (const memory of memories) {
    if (memory.kind === "reflection") continue;
    for (const word of contentWords(memory.text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const gist = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]))
    .slice(0, reflectionWords)
    .map(([word]) => word);
  if (gist.length === 0) return [];
  const sources = [...new Set(memories.flatMap((m) => m.sources).filter((s) => /^[pc]\./.test(s)))].sort().slice(0, reflectionSources);
  return [{ kind: "reflection", importance: 8, sources, text: `I keep coming back to ${gist.join(" ")}` }];
}
