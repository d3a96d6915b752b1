import { hash53 } from "../../../core/random/hash.js";
import { RandomStream } from "../../../core/random/stream.js";
import { contentIndex, missingTypes } from "../../log/analysis-log.js";
import type { AnalysisLog, LogPost, LogProbe, LogProbeAnswer } from "../../log/analysis-log.js";
import { meanOfMeans } from "../../stats/bootstrap.js";
import { pagerank } from "../../stats/pagerank.js";
import { interactions } from "../../graph/interactions.js";
import type { AgentValues, Unavailable } from "../../../core/contracts/report-metrics.js";
import type { AnalysisContext, DiagnosticInput } from "../metric-types.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import type { ConsensusSummary, MemoryProbesResult } from "../../../core/contracts/report-collective-metrics.js";

/**
 * docs/metrics.md section 10, `memoryProbes`: asked to name influential agents and posts, do agents answer,
 * name things that exist, name what really was influential, and agree with one another - more
 * than if each simply named what its feed showed it most?
 */

/** "True top-10" of docs/metrics.md: the 10 highest cumulative PageRank agents and the 10 highest-scored posts. */
export const groundTruthSize = 10;
/** Pairwise Jaccard is exact up to this many answers per probe, over a seeded sample beyond. */
const maxConsensusAnswers = 3000;

interface Truth {
  readonly agents: ReadonlySet<string>;
  readonly posts: ReadonlySet<string>;
}

function byValueThenId(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || compareCodePoints(a[0], b[0]);
}

/** The true top-10 agents (cumulative comment-graph PageRank) and posts (score > 0) as of `round`. */
function truthAt(log: AnalysisLog, round: number, edges: ReturnType<typeof interactions>): Truth {
  const ranking = pagerank(
    [],
    edges.filter((e) => e.round <= round).map((e) => ({ source: e.source, target: e.target, weight: 1 })),
  );
  const scores = new Map<string, number>();
  const posts = new Set(log.posts.filter((p) => p.round <= round).map((p) => p.id));
  for (const vote of log.votes) {
    if (vote.round <= round && vote.targetType === "post" && posts.has(vote.target))
      scores.set(vote.target, (scores.get(vote.target) ?? 0) + vote.delta);
  }
  // Imports without voters carry totals instead: the latest snapshot at or before the round wins.
  if (log.votes.length === 0) {
    for (const snapshot of log.scoreSnapshots) {
      if (snapshot.round <= round && posts.has(snapshot.target)) scores.set(snapshot.target, snapshot.up - snapshot.down);
    }
  }
  return {
    agents: new Set(
      [...ranking.entries()]
        .sort(byValueThenId)
        .slice(0, groundTruthSize)
        .map(([id]) => id),
    ),
    posts: new Set(
      [...scores.entries()]
        .filter(([, s]) => s > 0)
        .sort(byValueThenId)
        .slice(0, groundTruthSize)
        .map(([id]) => id),
    ),
  };
}

/** What an agent was shown up to a round: impressions per author and per post. */
interface ShownCounts {
  readonly authors: Map<string, number>;
  readonly posts: Map<string, number>;
}

/** An answer's named set, as entity keys (agents and posts kept apart). */
function entityKeys(agents: readonly string[], posts: readonly string[]): Set<string> {
  return new Set([...agents.map((a) => `agent:${a}`), ...posts.map((p) => `post:${p}`)]);
}

function consensusOf(sets: readonly (readonly Set<string>[])[], seed: number): ConsensusSummary {
  const jaccards: number[] = [];
  const entropies: number[] = [];
  const distinct = new Set<string>();
  sets.forEach((probeSets, p) => {
    let named = probeSets.filter((s) => s.size > 0);
    const counts = new Map<string, number>();
    for (const set of named) {
      for (const key of set) {
        counts.set(key, (counts.get(key) ?? 0) + 1);
        distinct.add(key);
      }
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total > 0) {
      let h = 0;
      for (const c of counts.values()) h -= (c / total) * Math.log2(c / total);
      entropies.push(h);
    }
    if (named.length > maxConsensusAnswers) {
      const random = new RandomStream(seed, "memory-probes", p, "consensus-sample");
      named = [...named];
      for (let i = named.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        const a = named[i];
        const b = named[j];
        if (a && b) {
          named[i] = b;
          named[j] = a;
        }
      }
      named = named.slice(0, maxConsensusAnswers);
    }
    if (named.length < 2) return;
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < named.length; i++) {
      const a = named[i] ?? new Set<string>();
      for (let j = i + 1; j < named.length; j++) {
        const b = named[j] ?? new Set<string>();
        let shared = 0;
        for (const key of a) if (b.has(key)) shared++;
        sum += shared / (a.size + b.size - shared);
        pairs++;
      }
    }
    jaccards.push(sum / pairs);
  });
  const meanOf = (values: number[]): number | null => (values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null);
  return {
    probes: jaccards.length,
    meanPairwiseJaccard: meanOf(jaccards),
    mentionEntropyBits: meanOf(entropies),
    distinctEntities: distinct.size,
  };
}

/**
 * The exposure-matched null's answer: the authors and posts this agent was shown most up to the
 * probe, as many of each as it named itself (so both answers get the same number of chances).
 * Ties are broken by a seeded hash rather than by id, which would favour low agent numbers.
 */
function nullAnswer(
  shown: ShownCounts | undefined,
  agentsNamed: number,
  postsNamed: number,
  seed: number,
  agent: string,
): { agents: string[]; posts: string[] } {
  const top = (counts: Map<string, number> | undefined, count: number): string[] => {
    if (!counts || count <= 0) return [];
    const tie = (id: string): number => hash53(`${seed}\u0000${agent}\u0000${id}`);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || tie(a[0]) - tie(b[0]))
      .slice(0, count)
      .map(([id]) => id);
  };
  return { agents: top(shown?.authors, agentsNamed), posts: top(shown?.posts, postsNamed) };
}

/** Impressions per author and per post shown to `agent` at or before `round` (probe exposures excluded). */
function shownUpTo(
  log: AnalysisLog,
  agents: ReadonlySet<string>,
  authorOf: (id: string) => string | null,
  isPost: (id: string) => boolean,
): (agent: string, round: number) => ShownCounts {
  const byAgent = new Map<string, { round: number; items: readonly string[] }[]>();
  for (const exposure of log.exposures) {
    if (exposure.kind === "probe" || !agents.has(exposure.agent)) continue;
    let list = byAgent.get(exposure.agent);
    if (!list) {
      list = [];
      byAgent.set(exposure.agent, list);
    }
    list.push({ round: exposure.round, items: exposure.items });
  }
  return (agent: string, round: number): ShownCounts => {
    const counts: ShownCounts = { authors: new Map(), posts: new Map() };
    for (const exposure of byAgent.get(agent) ?? []) {
      if (exposure.round > round) break;
      for (const item of exposure.items) {
        if (!isPost(item)) continue;
        const author = authorOf(item);
        if (author !== null && author !== agent) counts.authors.set(author, (counts.authors.get(author) ?? 0) + 1);
        counts.posts.set(item, (counts.posts.get(item) ?? 0) + 1);
      }
    }
    return counts;
  };
}

export function computeMemoryProbes(ctx: AnalysisContext): MemoryProbesResult | Unavailable {
  // The primary compares with an exposure-matched null, so a log without exposures cannot give it.
  const missing = missingTypes(ctx.log, ["probe", "probeAnswer", "exposure"]);
  if (missing !== null) return { available: false, reason: missing };
  const { log } = ctx;
  const index = contentIndex(log);
  const postsById = new Map<string, LogPost>(log.posts.map((p) => [p.id, p]));
  const probes = new Map<string, LogProbe>(log.probes.map((p) => [p.id, p]));
  const roundOf = (answer: LogProbeAnswer): number => probes.get(answer.probe)?.round ?? answer.round;

  // Response rates.
  const answeredBy = new Map<string, Set<string>>();
  const replies = new Map<string, number>();
  for (const answer of log.probeAnswers) {
    const set = answeredBy.get(answer.probe) ?? new Set<string>();
    set.add(answer.agent);
    answeredBy.set(answer.probe, set);
    replies.set(answer.probe, (replies.get(answer.probe) ?? 0) + 1);
  }
  let asked = 0;
  let answeredPrivate = 0;
  let privateProbes = 0;
  let publicProbes = 0;
  let publicAnswered = 0;
  let publicReplies = 0;
  for (const probe of log.probes) {
    const answered = answeredBy.get(probe.id) ?? new Set<string>();
    if (probe.mode === "private") {
      privateProbes++;
      asked += probe.targets.length;
      answeredPrivate += probe.targets.filter((t) => answered.has(t)).length;
    } else {
      publicProbes++;
      if (answered.size > 0) publicAnswered++;
      publicReplies += replies.get(probe.id) ?? 0;
    }
  }

  // Validity, grounding and the null, answer by answer.
  const edges = interactions(log);
  const truths = new Map<number, Truth>();
  const truth = (round: number): Truth => {
    let t = truths.get(round);
    if (!t) {
      t = truthAt(log, round, edges);
      truths.set(round, t);
    }
    return t;
  };
  const answering = new Set(log.probeAnswers.map((a) => a.agent));
  const shown = shownUpTo(
    log,
    answering,
    (id) => index.get(id)?.author ?? null,
    (id) => postsById.has(id),
  );
  let named = 0;
  let valid = 0;
  let validAnswers = 0;
  const groundings: number[] = [];
  const nullGroundings: number[] = [];
  const perAgent = new Map<string, number[]>();
  const observedSets = new Map<string, Set<string>[]>();
  const nullSets = new Map<string, Set<string>[]>();
  for (const answer of log.probeAnswers) {
    const round = roundOf(answer);
    const count = Math.max(answer.names.length, answer.agents.length + answer.posts.length);
    const validAgents = answer.agents.filter((a) => log.agents.has(a));
    const validPosts = answer.posts.filter((p) => (postsById.get(p)?.round ?? Number.POSITIVE_INFINITY) <= round);
    named += count;
    valid += validAgents.length + validPosts.length;
    if (validAgents.length + validPosts.length > 0) validAnswers++;
    const counts = shown(answer.agent, round);
    const alternative = nullAnswer(counts, answer.agents.length, answer.posts.length, ctx.seed, answer.agent);
    const list = observedSets.get(answer.probe) ?? [];
    list.push(entityKeys(answer.agents, answer.posts));
    observedSets.set(answer.probe, list);
    const nullList = nullSets.get(answer.probe) ?? [];
    nullList.push(entityKeys(alternative.agents, alternative.posts));
    nullSets.set(answer.probe, nullList);
    // An answer that names nothing has no grounding to compare; it still counts as a response.
    if (count === 0) continue;
    const t = truth(round);
    const hits = validAgents.filter((a) => t.agents.has(a)).length + validPosts.filter((p) => t.posts.has(p)).length;
    const nullHits = alternative.agents.filter((a) => t.agents.has(a)).length + alternative.posts.filter((p) => t.posts.has(p)).length;
    groundings.push(hits / count);
    nullGroundings.push(nullHits / count);
    const values = perAgent.get(answer.agent) ?? [];
    values.push((hits - nullHits) / count);
    perAgent.set(answer.agent, values);
  }
  const units: AgentValues[] = [...perAgent.entries()]
    .sort((a, b) => compareCodePoints(a[0], b[0]))
    .map(([agent, values]) => ({ agent, values }));
  const meanOf = (values: number[]): number | null => (values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null);
  const probeOrder = [...observedSets.keys()].sort();
  const primary = meanOfMeans(units);
  return {
    available: true,
    probes: log.probes.length,
    answers: log.probeAnswers.length,
    answeringAgents: answering.size,
    responseRate: {
      private: { probes: privateProbes, asked, answered: answeredPrivate, rate: asked > 0 ? answeredPrivate / asked : null },
      public: {
        probes: publicProbes,
        answered: publicAnswered,
        replies: publicReplies,
        rate: publicProbes > 0 ? publicAnswered / publicProbes : null,
      },
    },
    validity: { named, valid, share: named > 0 ? valid / named : null, validAnswers },
    grounding: { answers: groundings.length, observed: meanOf(groundings), null: meanOf(nullGroundings) },
    consensus: {
      observed: consensusOf(
        probeOrder.map((p) => observedSets.get(p) ?? []),
        ctx.seed,
      ),
      null: consensusOf(
        probeOrder.map((p) => nullSets.get(p) ?? []),
        ctx.seed,
      ),
    },
    primary: Number.isFinite(primary) ? primary : null,
    perAgent: units,
  };
}

/**
 * Units are the answering agents that named something; the statistic is the mean over them of
 * each agent's mean (grounding - exposure-null grounding), so an agent answering many probes
 * weighs as much as one answering once.
 */
export function diagnoseMemoryProbes(_ctx: AnalysisContext, result: MemoryProbesResult): DiagnosticInput<AgentValues> {
  return { units: result.perAgent, statistic: meanOfMeans };
}
