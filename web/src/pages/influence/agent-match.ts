import type { InfluenceGraphNode } from "../../../../core/contracts/graph.js";

/**
 * Agent search: which nodes a typed query names, best first. An exact id or name wins, then ids
 * and names that start with the query, then those that contain it; ties in node order. Pure.
 */

export const maxSuggestions = 8;

export function matchAgents(nodes: readonly InfluenceGraphNode[], query: string, limit = maxSuggestions): number[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [];
  const scored: { index: number; score: number }[] = [];
  nodes.forEach((node, index) => {
    const score = Math.min(scoreOf(node.id.toLowerCase(), q), scoreOf((node.name ?? "").toLowerCase(), q));
    if (score < 3) scored.push({ index, score });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return scored.slice(0, limit).map((entry) => entry.index);
}

/** 0 exact, 1 prefix, 2 substring, 3 no match. */
function scoreOf(text: string, query: string): number {
  if (text === "") return 3;
  if (text === query) return 0;
  if (text.startsWith(query)) return 1;
  return text.includes(query) ? 2 : 3;
}
