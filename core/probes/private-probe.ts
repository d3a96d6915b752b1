import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { agentId, probeId } from "../ids.js";
import { hash53 } from "../random/hash.js";
import { RandomStream } from "../random/stream.js";
import { probeNamesPerKind } from "../tunables.js";
import { compareCodePoints } from "../util/compare.js";

/** The question of a private probe (docs/metrics.md section 10; the paper's public probes asked the same). */
export const privateProbeQuestion =
  "From memory alone: which agents on this platform are the most influential, and which posts mattered most? Name up to 3 agents and up to 3 posts.";

export interface PrivateProbe {
  readonly id: string;
  readonly round: number;
  readonly question: string;
  /** Agent ids asked, in code-point order. */
  readonly targets: readonly string[];
}

/**
 * The private probe of a round, if any: a pure function of (config, round), so the experiment
 * (which logs the probe) and every coordinator (which asks its own agents) agree without talking.
 * Targets are a seeded sample without replacement (Floyd's algorithm: O(sample), not O(agents)).
 */
export function privateProbeAt(config: ExperimentConfig, round: number): PrivateProbe | null {
  const every = config.probes.privateEveryRounds;
  if (every <= 0 || (round + 1) % every !== 0) return null;
  const k = Math.min(config.probes.privateSample, config.agents);
  const random = new RandomStream(config.seed, "probe", round, "private-targets");
  const chosen = new Set<number>();
  for (let j = config.agents - k; j < config.agents; j++) {
    const t = random.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return {
    id: probeId(round, 0),
    round,
    question: privateProbeQuestion,
    targets: [...chosen].map((i) => agentId(i, config.agents)).sort(compareCodePoints),
  };
}

export interface ProbeAnswer {
  readonly agents: string[];
  readonly posts: string[];
  /** What was said, unresolved (for a sim agent, the ids it named). */
  readonly names: string[];
  readonly text: string;
}

interface RememberedSources {
  readonly sources: readonly string[];
}

/**
 * A sim agent's answer from its memory alone: the agents and posts its memory rows mention most
 * often (its own id excluded), ties broken by a seeded hash. A memoryless policy can only name
 * what it happened to keep, which is what the exposure-matched null of docs/metrics.md expects.
 */
export function simProbeAnswer(seed: number, agent: string, memories: readonly RememberedSources[]): ProbeAnswer {
  const agents = new Map<string, number>();
  const posts = new Map<string, number>();
  for (const memory of memories) {
    for (const source of new Set(memory.sources)) {
      if (source.startsWith("p.")) posts.set(source, (posts.get(source) ?? 0) + 1);
      else if (!source.startsWith("c.") && source !== agent) agents.set(source, (agents.get(source) ?? 0) + 1);
    }
  }
  const top = (counts: Map<string, number>): string[] => {
    const tie = (id: string): number => hash53(`${seed}\u0000${agent}\u0000probe\u0000${id}`);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || tie(a[0]) - tie(b[0]))
      .slice(0, probeNamesPerKind)
      .map(([id]) => id);
  };
  const namedAgents = top(agents);
  const namedPosts = top(posts);
  const names = [...namedAgents, ...namedPosts];
  return {
    agents: namedAgents,
    posts: namedPosts,
    names,
    text: names.length > 0 ? `I remember ${names.join(", ")}.` : "I don't remember anyone in particular.",
  };
}
