import louvain from "graphology-communities-louvain";
import { RandomStream } from "../../../core/random/stream.js";
import { windowOfRound } from "../../log/windows.js";
import type { Window } from "../../log/windows.js";
import { tieGraph } from "./commenter-ties.js";
import type { CommenterTie } from "./commenter-ties.js";

/** Agents two consecutive windows' communities must share for the pair to count. */
const minSharedAgents = 10;

/** Louvain communities of one window's undirected comment graph, agent -> community. */
function windowCommunities(ties: readonly CommenterTie[], window: number): Map<string, number> {
  // Graph keys are agent indexes, never names (AgentKeys).
  const { graph, agents } = tieGraph(ties, "undirected");
  if (graph.size === 0) return new Map();
  // Seeded by the window alone: the statistic is a function of the log, whatever the analysis seed.
  const random = new RandomStream(0, "community-turnover", window, "louvain");
  const communities = louvain(graph, { getEdgeWeight: "weight", rng: () => random.next() });
  return new Map(Object.entries(communities).map(([key, community]) => [agents.name(key), community]));
}

/** Agents per community, over the agents in `keep`. */
function groups(assignment: ReadonlyMap<string, number>, keep: ReadonlySet<string>): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const [agent, community] of assignment) {
    if (!keep.has(agent)) continue;
    const set = out.get(community);
    if (set) set.add(agent);
    else out.set(community, new Set([agent]));
  }
  return out;
}

/** Size-weighted mean over today's communities of the best Jaccard with a community of tomorrow. */
function bestMatchJaccard(today: Map<number, Set<string>>, tomorrow: Map<number, Set<string>>): number {
  let weighted = 0;
  let total = 0;
  for (const community of today.values()) {
    let best = 0;
    for (const other of tomorrow.values()) {
      let shared = 0;
      for (const agent of community) if (other.has(agent)) shared++;
      if (shared > 0) best = Math.max(best, shared / (community.size + other.size - shared));
    }
    weighted += best * community.size;
    total += community.size;
  }
  return total > 0 ? weighted / total : 0;
}

/**
 * Day-over-day community stability: Louvain communities of each window's comment graph (ties
 * formed that window, undirected, weighted by comments), and for each pair of consecutive windows
 * the size-weighted best-match Jaccard of the communities over the agents present in both. 1 means
 * the same groups every day, near 0 groups that reform from scratch. Mean over the pairs that share
 * at least ten agents; null without one.
 */
export function communityJaccard(windows: readonly Window[], ties: readonly CommenterTie[]): number | null {
  const byWindow: CommenterTie[][] = windows.map(() => []);
  for (const tie of ties) byWindow[windowOfRound(windows, tie.round)]?.push(tie);
  const assignments = byWindow.map((list, w) => windowCommunities(list, w));
  const pairs: number[] = [];
  for (let w = 0; w + 1 < assignments.length; w++) {
    const today = assignments[w] ?? new Map<string, number>();
    const tomorrow = assignments[w + 1] ?? new Map<string, number>();
    const both = new Set([...today.keys()].filter((agent) => tomorrow.has(agent)));
    if (both.size < minSharedAgents) continue;
    pairs.push(bestMatchJaccard(groups(today, both), groups(tomorrow, both)));
  }
  return pairs.length > 0 ? pairs.reduce((s, v) => s + v, 0) / pairs.length : null;
}
