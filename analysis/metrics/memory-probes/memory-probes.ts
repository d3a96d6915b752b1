import { finiteOrNull, meanOf } from "../../stats/summary.js";
import { contentIndex, missingTypes } from "../../log/analysis-log.js";
import type { AnalysisLog, LogPost, LogProbeAnswer } from "../../log/analysis-log.js";
import { meanOfMeans } from "../../stats/bootstrap.js";
import { interactions } from "../../graph/interactions.js";
import type { AgentValues, Unavailable } from "../../../core/contracts/report-metrics.js";
import type { AnalysisContext } from "../metric-types.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import type { MemoryProbesResult } from "../../../core/contracts/report-collective-metrics.js";
import { truthAt } from "./ground-truth.js";
import type { Truth } from "./ground-truth.js";
import { nullAnswer, shownUpTo } from "./exposure-null.js";
import type { NamedSets } from "./exposure-null.js";
import { agreements, consensusSummary } from "./agreement.js";
import type { NamedSet } from "./agreement.js";
import { responseRates } from "./response-rates.js";

/**
 * docs/metrics.md section 10, `memoryProbes`: asked to name influential agents and posts, do agents
 * answer, name things that exist, agree with one another, and name what really was influential -
 * more than if each simply named what its feed showed it most?
 */

/** An answer's named set, as entity keys (agents and posts kept apart). */
function entityKeys(named: NamedSets): Set<string> {
  return new Set([...named.agents.map((a) => `agent:${a}`), ...named.posts.map((p) => `post:${p}`)]);
}

/** One answer, resolved: what it named that exists, and the exposure null's answer in its place. */
interface ScoredAnswer {
  readonly answer: LogProbeAnswer;
  readonly count: number;
  readonly valid: NamedSets;
  readonly alternative: NamedSets;
}

function resolveAnswers(log: AnalysisLog): ScoredAnswer[] {
  const index = contentIndex(log);
  const postsById = new Map<string, LogPost>(log.posts.map((p) => [p.id, p]));
  const shown = shownUpTo(
    log,
    new Set(log.probeAnswers.map((a) => a.agent)),
    (id) => index.get(id)?.author ?? null,
    (id) => postsById.has(id),
  );
  return log.probeAnswers.map((answer) => {
    // The answer's own round: a public probe's replies may come rounds after the probe post.
    const round = answer.round;
    const valid = {
      agents: answer.agents.filter((a) => log.agents.has(a)),
      posts: answer.posts.filter((p) => (postsById.get(p)?.round ?? Number.POSITIVE_INFINITY) <= round),
    };
    const count = Math.max(answer.names.length, answer.agents.length + answer.posts.length);
    const alternative = nullAnswer(shown(answer.agent, round), answer.agents.length, answer.posts.length, answer.agent);
    return { answer, count, valid, alternative };
  });
}

/** Per agent, the mean over its answers of (observed minus null); the units of a component. */
function perAgentUnits(values: Map<string, number[]>): AgentValues[] {
  return [...values.entries()].sort((a, b) => compareCodePoints(a[0], b[0])).map(([agent, v]) => ({ agent, values: v }));
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}


/** Grounding: share of an answer's names in the true top-10, against the null's share (invalid names count as misses). */
function groundingOf(log: AnalysisLog, scored: readonly ScoredAnswer[]): MemoryProbesResult["grounding"] {
  const edges = interactions(log);
  const truths = new Map<number, Truth>();
  const observed: number[] = [];
  const nulls: number[] = [];
  const perAgent = new Map<string, number[]>();
  for (const { answer, count, valid, alternative } of scored) {
    // An answer that names nothing has no grounding to compare; it still counts as a response.
    if (count === 0) continue;
    let t = truths.get(answer.round);
    if (!t) {
      t = truthAt(log, answer.round, edges);
      truths.set(answer.round, t);
    }
    const truth = t;
    const hitsOf = (named: NamedSets): number =>
      named.agents.filter((a) => truth.agents.has(a)).length + named.posts.filter((p) => truth.posts.has(p)).length;
    const hits = hitsOf(valid);
    const nullHits = hitsOf(alternative);
    observed.push(hits / count);
    nulls.push(nullHits / count);
    push(perAgent, answer.agent, (hits - nullHits) / count);
  }
  const units = perAgentUnits(perAgent);
  return {
    answers: observed.length,
    observed: meanOf(observed),
    null: meanOf(nulls),
    effect: finiteOrNull(meanOfMeans(units)),
    perAgent: units,
  };
}

/**
 * Consensus: each answer's agreement (mean Jaccard of its valid named set with the other answers to
 * the same probe) minus its null answer's agreement with the other null answers. Answers naming
 * nothing valid are left out of both sides: a hallucinated name is agreement with nobody.
 */
function consensusOf(scored: readonly ScoredAnswer[]): MemoryProbesResult["consensus"] {
  const byProbe = new Map<string, { observed: NamedSet[]; null: NamedSet[] }>();
  for (const { answer, valid, alternative } of scored) {
    const keys = entityKeys(valid);
    if (keys.size === 0) continue;
    const sets = byProbe.get(answer.probe) ?? { observed: [], null: [] };
    sets.observed.push({ agent: answer.agent, keys });
    sets.null.push({ agent: answer.agent, keys: entityKeys(alternative) });
    byProbe.set(answer.probe, sets);
  }
  const probes = [...byProbe.keys()].sort(compareCodePoints);
  const perAgent = new Map<string, number[]>();
  const observedAgreements: (number | null)[][] = [];
  const nullAgreements: (number | null)[][] = [];
  let answers = 0;
  for (const probe of probes) {
    const sets = byProbe.get(probe) ?? { observed: [], null: [] };
    const observed = agreements(sets.observed);
    const nulls = agreements(sets.null);
    observedAgreements.push(observed);
    nullAgreements.push(nulls);
    sets.observed.forEach((set, i) => {
      const o = observed[i];
      const n = nulls[i];
      if (o === null || o === undefined || n === null || n === undefined) return;
      answers++;
      push(perAgent, set.agent, o - n);
    });
  }
  const units = perAgentUnits(perAgent);
  return {
    answers,
    observed: consensusSummary(
      probes.map((p) => byProbe.get(p)?.observed ?? []),
      observedAgreements,
    ),
    null: consensusSummary(
      probes.map((p) => byProbe.get(p)?.null ?? []),
      nullAgreements,
    ),
    effect: finiteOrNull(meanOfMeans(units)),
    perAgent: units,
  };
}

export function computeMemoryProbes(ctx: AnalysisContext): MemoryProbesResult | Unavailable {
  const missing = missingTypes(ctx.log, ["probe", "probeAnswer"]);
  if (missing !== null) return { available: false, reason: missing };
  const { log } = ctx;
  // Both components compare with the exposure-matched null: without exposures only the response
  // rates, validity and the observed consensus can be given (an import with probe posts).
  const componentsUnavailable = missingTypes(log, ["exposure"]);
  const scored = resolveAnswers(log);
  let named = 0;
  let valid = 0;
  let validAnswers = 0;
  for (const s of scored) {
    const n = s.valid.agents.length + s.valid.posts.length;
    named += s.count;
    valid += n;
    if (n > 0) validAnswers++;
  }
  const consensus = consensusOf(scored);
  const grounding = groundingOf(log, scored);
  const withoutNull = componentsUnavailable !== null;
  return {
    available: true,
    probes: log.probes.length,
    answers: log.probeAnswers.length,
    answeringAgents: new Set(log.probeAnswers.map((a) => a.agent)).size,
    responseRate: responseRates(
      log,
      scored.map((s) => ({ answer: s.answer, valid: s.valid.agents.length + s.valid.posts.length })),
    ),
    validity: { named, valid, share: named > 0 ? valid / named : null, validAnswers },
    componentsUnavailable,
    grounding: withoutNull ? { ...grounding, null: null, effect: null, perAgent: [] } : grounding,
    consensus: withoutNull ? { ...consensus, answers: 0, null: consensusSummary([]), effect: null, perAgent: [] } : consensus,
    primary: withoutNull ? null : consensus.effect,
  };
}
