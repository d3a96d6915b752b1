import { RandomStream } from "../../../core/random/stream.js";
import { contentIndex, missingTypes } from "../../log/analysis-log.js";
import type { AnalysisLog, LogComment, LogPost } from "../../log/analysis-log.js";
import { meanOfMeans } from "../../stats/bootstrap.js";
import { gini, hhi } from "../../stats/concentration.js";
import type { AgentValues, Unavailable } from "../../../core/contracts/report-metrics.js";
import type { AnalysisContext, DiagnosticInput } from "../metric-types.js";
import { Sharedness, nullMonteCarloError } from "./sharedness.js";
import type { ReferencingAgent, SharednessUnit } from "./sharedness.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import type { EntityKind, SharedReferencesResult } from "../../../core/contracts/report-collective-metrics.js";

/**
 * docs/metrics.md section 11, `sharedReferences`: do agents bring back things they have not just been shown
 * (long-range references, i.e. memory), and do they bring back the same things - more than
 * re-drawing each reference by popularity would?
 */

/** docs/metrics.md: long-range = not shown to the author in the previous 24 simulated hours. */
export const lookbackHours = 24;
/**
 * Seeded replicates of the popularity-weighted null. The verdict subtracts their mean and carries
 * its Monte Carlo error: on the tuning logs the null coincidence's sd over replicates is ~1e-4, so
 * the mean of 50 is off by ~2e-5 - hundreds of times below the sharedness delta (0.01) and the
 * bootstrap's own spread, so no analysis seed can move a verdict through it; more replicates would
 * only multiply the bootstrap's cost (each resample re-measures every replicate).
 */
export const sharedReferencesNullReplicates = 50;
/** Redraws allowed to find a null target that is itself long-range for the referencing agent. */
const maxRedraws = 50;
/** A null spread below this is floating-point noise of identical replicates: no z is reported. */
const negligibleSd = 1e-12;
const mentionPattern = /@([A-Za-z0-9_][A-Za-z0-9_-]*)/g;
const contentIdPattern = /\b[pc]\.\d+\.[A-Za-z0-9_-]+\.\d+\b/g;

export interface Reference {
  /** The referencing agent. */
  readonly author: string;
  /** The post or comment holding the reference. */
  readonly action: string;
  readonly round: number;
  readonly kind: EntityKind;
  readonly target: string;
  readonly longRange: boolean;
}

interface Scan {
  readonly lookbackRounds: number;
  readonly content: number;
  readonly references: Reference[];
  readonly counts: SharedReferencesResult["references"];
  /** author -> posts + comments */
  readonly contentPerAuthor: ReadonlyMap<string, number>;
  readonly impressions: Impressions;
  readonly authorOf: (id: string) => string | undefined;
  readonly recent: (agent: string, round: number) => Recent;
}

/** What an agent was shown in the lookback before (and including) a round. */
interface Recent {
  readonly items: ReadonlySet<string>;
  readonly agents: ReadonlySet<string>;
}

/**
 * Every impression in round order: a uniform draw among the first `upTo[r]` is an item drawn in
 * proportion to its impressions up to round r - popularity as it stood then, never later.
 */
interface Impressions {
  readonly items: readonly string[];
  /** upTo[r] = impressions in rounds <= r. */
  readonly upTo: readonly number[];
}

function impressionsOf(log: AnalysisLog): Impressions {
  // Probe exposures show the question, not what the platform gave attention to.
  const exposures = log.exposures.filter((e) => e.kind !== "probe").sort((a, b) => a.round - b.round);
  const items: string[] = [];
  const upTo: number[] = new Array<number>(Math.max(0, log.rounds)).fill(0);
  for (const exposure of exposures) {
    items.push(...exposure.items);
    if (exposure.round < upTo.length) upTo[exposure.round] = items.length;
  }
  for (let r = 1; r < upTo.length; r++) upTo[r] = Math.max(upTo[r] ?? 0, upTo[r - 1] ?? 0);
  return { items, upTo };
}

function scan(log: AnalysisLog): Scan {
  const index: Map<string, LogPost | LogComment> = contentIndex(log);
  const lookbackRounds = Math.max(1, Math.round(lookbackHours / log.roundHours));
  const refsByAction = new Map<string, string[]>();
  for (const ref of log.memoryRefs) {
    const list = refsByAction.get(ref.action) ?? [];
    list.push(...ref.refs);
    refsByAction.set(ref.action, list);
  }
  // Sources of the memory rows some memoryRef names (the last row of an id wins, as in a Map).
  const named = new Set<string>();
  for (const refs of refsByAction.values()) for (const row of refs) named.add(row);
  const memoryRows = new Map<string, readonly string[]>();
  for (let i = 0; named.size > 0 && i < log.memoryWrites.length; i++) {
    const id = log.memoryWrites.idAt(i);
    if (id !== undefined && named.has(id)) memoryRows.set(id, log.memoryWrites.sourcesAt(i));
  }

  let fromText = 0;
  let fromMemory = 0;
  let selfDropped = 0;
  let unresolved = 0;
  const found: Omit<Reference, "longRange">[] = [];
  const contentPerAuthor = new Map<string, number>();
  const items: (LogPost | LogComment)[] = [...log.posts, ...log.comments];
  for (const item of items) {
    contentPerAuthor.set(item.author, (contentPerAuthor.get(item.author) ?? 0) + 1);
    const here = new Map<string, { kind: EntityKind; target: string; memory: boolean }>();
    const add = (kind: EntityKind, target: string, memory: boolean): void => {
      const key = `${kind}:${target}`;
      const known = here.get(key);
      // Text and memory naming the same thing in one action are one reference; memory wins the label.
      if (!known || memory) here.set(key, { kind, target, memory });
    };
    for (const match of item.text.matchAll(mentionPattern)) {
      const name = match[1] ?? "";
      if (log.agents.has(name)) add("agent", name, false);
      else unresolved++;
    }
    for (const match of item.text.matchAll(contentIdPattern)) {
      const referenced = index.get(match[0]);
      if (referenced && referenced.round <= item.round && referenced.id !== item.id) add("item", referenced.id, false);
      else unresolved++;
    }
    for (const row of refsByAction.get(item.id) ?? []) {
      for (const source of memoryRows.get(row) ?? []) {
        if (index.has(source)) add("item", source, true);
        else if (log.agents.has(source)) add("agent", source, true);
      }
    }
    // "p.3.a017.0 by @a017": the byline names the author of a referenced item, not a second reference.
    const itemAuthors = new Set([...here.values()].filter((r) => r.kind === "item").map((r) => index.get(r.target)?.author));
    for (const [key, ref] of here) {
      if (ref.kind === "agent" && itemAuthors.has(ref.target)) here.delete(key);
    }
    for (const ref of here.values()) {
      const owner = ref.kind === "item" ? index.get(ref.target)?.author : ref.target;
      if (owner === item.author) {
        selfDropped++;
        continue;
      }
      if (ref.memory) fromMemory++;
      else fromText++;
      found.push({ author: item.author, action: item.id, round: item.round, kind: ref.kind, target: ref.target });
    }
  }

  const referencing = new Set(found.map((r) => r.author));
  const shownByRound = new Map<string, Map<number, string[]>>();
  for (const exposure of log.exposures) {
    if (exposure.kind === "probe" || !referencing.has(exposure.agent)) continue;
    let rounds = shownByRound.get(exposure.agent);
    if (!rounds) {
      rounds = new Map();
      shownByRound.set(exposure.agent, rounds);
    }
    const list = rounds.get(exposure.round) ?? [];
    list.push(...exposure.items);
    rounds.set(exposure.round, list);
  }

  const recentCache = new Map<string, Recent>();
  const recent = (agent: string, round: number): Recent => {
    const key = `${agent}\u0000${round}`;
    let value = recentCache.get(key);
    if (!value) {
      const shownItems = new Set<string>();
      const shownAgents = new Set<string>();
      const rounds = shownByRound.get(agent);
      // Shown in the previous 24 simulated hours: rounds r' with (r - r') x roundHours < 24, this round included.
      for (let r = Math.max(0, round - lookbackRounds + 1); r <= round; r++) {
        for (const id of rounds?.get(r) ?? []) {
          shownItems.add(id);
          const author = index.get(id)?.author;
          if (author !== undefined) shownAgents.add(author);
        }
      }
      value = { items: shownItems, agents: shownAgents };
      recentCache.set(key, value);
    }
    return value;
  };

  const references: Reference[] = found.map((ref) => {
    const seen = recent(ref.author, ref.round);
    return { ...ref, longRange: !(ref.kind === "item" ? seen.items : seen.agents).has(ref.target) };
  });
  return {
    lookbackRounds,
    content: items.length,
    references,
    counts: {
      total: references.length,
      items: references.filter((r) => r.kind === "item").length,
      agents: references.filter((r) => r.kind === "agent").length,
      fromText,
      fromMemory,
      selfDropped,
      unresolved,
    },
    contentPerAuthor,
    impressions: impressionsOf(log),
    authorOf: (id) => index.get(id)?.author,
    recent,
  };
}

function entityCounts(refs: readonly { kind: EntityKind; target: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of refs) counts.set(`${r.kind}:${r.target}`, (counts.get(`${r.kind}:${r.target}`) ?? 0) + 1);
  return counts;
}

/** Dense ids for "kind:target" entity keys, observed and drawn alike. */
class EntityIds {
  private readonly ids = new Map<string, number>();
  of(kind: EntityKind, target: string): number {
    const key = `${kind}:${target}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
  /** An entity no other reference can name: where a null draw that found nothing lands. */
  fresh(): number {
    return this.of("item", `\u0000nowhere-${this.ids.size}`);
  }
  get size(): number {
    return this.ids.size;
  }
}

/**
 * The popularity-weighted null: every long-range reference re-drawn among the entities of its kind
 * in proportion to their impressions up to its round (an agent's popularity is its content's),
 * redrawing - up to a limit - targets shown to its author in the lookback or of its own, so the
 * null's references are long-range too and only *which* things differ. A reference made before
 * any impression has no null counterpart and is left out of the sharedness comparison.
 */
function nullDraws(scanned: Scan, seed: number): { agents: ReferencingAgent[]; entities: EntityIds } {
  const byAuthor = new Map<string, Reference[]>();
  const { items, upTo } = scanned.impressions;
  const drawable = (r: Reference): boolean => (upTo[Math.min(r.round, upTo.length - 1)] ?? 0) > 0;
  for (const r of scanned.references) {
    if (!r.longRange || !drawable(r)) continue;
    const list = byAuthor.get(r.author) ?? [];
    list.push(r);
    byAuthor.set(r.author, list);
  }
  const entities = new EntityIds();
  const agents: ReferencingAgent[] = [];
  const R = sharedReferencesNullReplicates;
  for (const [author, refs] of [...byAuthor.entries()].sort((a, b) => compareCodePoints(a[0], b[0]))) {
    const observed = Int32Array.from(refs.map((r) => entities.of(r.kind, r.target)));
    const drawn = new Int32Array(R * refs.length);
    for (let replicate = 0; replicate < R; replicate++) {
      const random = new RandomStream(seed, author, 0, `shared-references-null-${replicate}`);
      refs.forEach((ref, i) => {
        const available = upTo[Math.min(ref.round, upTo.length - 1)] ?? 0;
        const seen = scanned.recent(author, ref.round);
        let target: string | undefined;
        for (let attempt = 0; attempt < maxRedraws; attempt++) {
          const item = items[random.int(available)] ?? "";
          const owner = scanned.authorOf(item);
          const candidate = ref.kind === "item" ? item : owner;
          if (candidate === undefined) continue;
          target = candidate;
          const shown = ref.kind === "item" ? seen.items.has(candidate) : seen.agents.has(candidate);
          if (!shown && owner !== author) break;
        }
        drawn[replicate * refs.length + i] = target === undefined ? entities.fresh() : entities.of(ref.kind, target);
      });
    }
    agents.push({ agent: author, index: agents.length, observed, drawn });
  }
  return { agents, entities };
}

/** HHI and Gini of each null replicate's drawn entities, pooled over agents (the descriptive concentration null). */
function nullConcentration(agents: readonly ReferencingAgent[]): { hhi: number[]; gini: number[] } {
  const hhis: number[] = [];
  const ginis: number[] = [];
  for (let r = 0; r < sharedReferencesNullReplicates; r++) {
    const counts = new Map<number, number>();
    for (const a of agents) {
      const n = a.observed.length;
      for (let i = 0; i < n; i++) {
        const id = a.drawn[r * n + i] ?? -1;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    const h = hhi(counts.values());
    const g = gini(counts.values());
    if (h !== null) hhis.push(h);
    if (g !== null) ginis.push(g);
  }
  return { hhi: hhis, gini: ginis };
}

function meanAndSd(values: readonly number[]): { mean: number | null; sd: number | null } {
  if (values.length === 0) return { mean: null, sd: null };
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length < 2) return { mean: m, sd: null };
  const variance = values.reduce((a, v) => a + (v - m) * (v - m), 0) / (values.length - 1);
  return { mean: m, sd: Math.sqrt(variance) };
}

/**
 * The rate component's units, one per author (every agent that posted or commented, referencing or
 * not): its long-range references per post or comment it wrote, minus the expectation under a
 * memoryless null - zero, because an agent that can only draw on what it is shown cannot make a
 * long-range reference. Authors who reference nothing count as 0, so a society without memory
 * reads 0 rather than "no units".
 */
function rateUnits(scanned: Scan): AgentValues[] {
  const longRange = new Map<string, number>();
  for (const r of scanned.references) if (r.longRange) longRange.set(r.author, (longRange.get(r.author) ?? 0) + 1);
  return [...scanned.contentPerAuthor.entries()]
    .sort((a, b) => compareCodePoints(a[0], b[0]))
    .map(([agent, content]) => ({ agent, values: [(longRange.get(agent) ?? 0) / content] }));
}

/** The sharedness component's units: the same authors, each with its long-range references if any. */
function sharednessUnits(scanned: Scan, agents: readonly ReferencingAgent[]): SharednessUnit[] {
  const byAgent = new Map(agents.map((a) => [a.agent, a]));
  return [...scanned.contentPerAuthor.keys()].sort(compareCodePoints).map((agent) => ({ agent, referencing: byAgent.get(agent) ?? null }));
}

/** What the verdict needs beyond the result (kept per result, rebuilt from the log for a parsed report). */
interface Diagnosable {
  readonly rate: AgentValues[];
  readonly shared: SharednessUnit[];
  readonly sharedness: Sharedness;
  /** Null coincidence per replicate on all units: the Monte Carlo error's source. */
  readonly perReplicate: readonly number[];
}

const diagnosableByResult = new WeakMap<SharedReferencesResult, Diagnosable>();

function diagnosableOf(scanned: Scan, seed: number): Diagnosable & { agents: ReferencingAgent[] } {
  const { agents, entities } = nullDraws(scanned, seed);
  const sharedness = new Sharedness(agents, entities.size, sharedReferencesNullReplicates);
  const shared = sharednessUnits(scanned, agents);
  return { rate: rateUnits(scanned), shared, sharedness, perReplicate: sharedness.measure(shared)?.perReplicate ?? [], agents };
}

export function computeSharedReferences(ctx: AnalysisContext): SharedReferencesResult | Unavailable {
  const missing = missingTypes(ctx.log, ["post", "comment", "exposure"]);
  if (missing !== null) return { available: false, reason: missing };
  const scanned = scan(ctx.log);
  const refs = scanned.references;
  const longRange = refs.filter((r) => r.longRange);
  const counts = entityCounts(longRange);
  const observedHhi = hhi(counts.values());
  const diagnosable = diagnosableOf(scanned, ctx.seed);
  const nulls = nullConcentration(diagnosable.agents);
  const nullHhi = meanAndSd(nulls.hhi);
  const nullGini = meanAndSd(nulls.gini);
  const measured = diagnosable.sharedness.measure(diagnosable.shared);
  const nullCoincidence = meanAndSd(measured?.perReplicate ?? []);
  const rate = meanOfMeans(diagnosable.rate);
  const excess = measured === null ? 0 : measured.observed - measured.null;
  const result: SharedReferencesResult = {
    available: true,
    lookbackRounds: scanned.lookbackRounds,
    content: scanned.content,
    references: scanned.counts,
    longRange: {
      count: longRange.length,
      share: refs.length > 0 ? longRange.length / refs.length : null,
      perContent: scanned.content > 0 ? longRange.length / scanned.content : null,
    },
    concentration: {
      entities: counts.size,
      hhi: observedHhi,
      gini: gini(counts.values()),
      top: [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]))
        .slice(0, 10)
        .map(([key, count]) => {
          const [kind, ...rest] = key.split(":");
          return { kind: kind === "agent" ? "agent" : "item", id: rest.join(":"), count };
        }),
      null: {
        replicates: nulls.hhi.length,
        hhiMean: nullHhi.mean,
        hhiSd: nullHhi.sd,
        giniMean: nullGini.mean,
        z:
          observedHhi !== null && nullHhi.mean !== null && nullHhi.sd !== null && nullHhi.sd > negligibleSd
            ? (observedHhi - nullHhi.mean) / nullHhi.sd
            : null,
        ratio: observedHhi !== null && nullHhi.mean !== null && nullHhi.mean > 0 ? observedHhi / nullHhi.mean : null,
      },
    },
    sharedness: {
      referencingAgents: diagnosable.agents.length,
      coincidence: measured?.observed ?? null,
      nullCoincidence: nullCoincidence.mean,
      nullSd: nullCoincidence.sd,
      replicates: measured?.perReplicate.length ?? 0,
      excess,
    },
    authors: diagnosable.rate.length,
    referencingAgents: new Set(refs.map((r) => r.author)).size,
    rate: Number.isFinite(rate) ? rate : null,
    primary: excess,
  };
  diagnosableByResult.set(result, diagnosable);
  return result;
}

/**
 * One component of a verdict, as PLAN13's `PrimaryComponent` (analysis/metrics/metric-types.ts
 * once the decision rule lands).
 */
export interface SharedReferencesComponent<U> {
  readonly name: string;
  readonly delta: number;
  readonly units: readonly U[];
  readonly statistic: (sample: readonly U[]) => number;
  readonly referenceError?: (random: RandomStream) => number;
}

/** The per-verdict state, kept from `computeSharedReferences` or rebuilt from the log (a parsed report.json). */
function diagnosableFor(ctx: AnalysisContext, result: SharedReferencesResult): Diagnosable {
  return diagnosableByResult.get(result) ?? diagnosableOf(scan(ctx.log), ctx.seed);
}

/**
 * The verdict's two components (docs/metrics.md section 11): "sharedness", the cross-agent
 * coincidence of long-range references minus the popularity null's, with the null's Monte Carlo
 * error; and "rate", long-range references per post or comment (memoryless expectation 0). Shared
 * memory needs both: references that exist and that are shared.
 */
export function sharedReferencesComponents(
  ctx: AnalysisContext,
  result: SharedReferencesResult,
  deltas: { readonly sharedness: number; readonly rate: number },
): [SharedReferencesComponent<SharednessUnit>, SharedReferencesComponent<AgentValues>] {
  const d = diagnosableFor(ctx, result);
  return [
    {
      name: "sharedness",
      delta: deltas.sharedness,
      units: d.shared,
      statistic: (sample) => d.sharedness.excess(sample),
      // PLAN13: the reference's error, added to each bootstrap replicate (its sign is immaterial: the
      // resampled mean's error is symmetric about 0).
      referenceError: (random) => nullMonteCarloError(d.perReplicate, random),
    },
    { name: "rate", delta: deltas.rate, units: d.rate, statistic: meanOfMeans },
  ];
}

/** The old single-component verdict input (the "sharedness" component), until the decision rule takes components. */
export function diagnoseSharedReferences(ctx: AnalysisContext, result: SharedReferencesResult): DiagnosticInput<SharednessUnit> {
  const d = diagnosableFor(ctx, result);
  return { units: d.shared, statistic: (sample) => d.sharedness.excess(sample) };
}
