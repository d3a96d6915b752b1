import { RandomStream } from "../../../core/random/stream.js";
import { contentIndex, missingTypes } from "../../log/analysis-log.js";
import type { AnalysisLog, LogComment, LogPost } from "../../log/analysis-log.js";
import { meanOfMeans } from "../../stats/bootstrap.js";
import { gini, hhi } from "../../stats/concentration.js";
import type { AgentValues, Unavailable } from "../../../core/contracts/report-metrics.js";
import type { AnalysisContext, DiagnosticInput } from "../metric-types.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import type { EntityKind, SharedReferencesResult } from "../../../core/contracts/report-collective-metrics.js";

/**
 * docs/metrics.md section 11, `sharedReferences`: do agents bring back things they have not just been shown
 * (long-range references, i.e. memory), and do they bring back the same things - more than
 * re-drawing each reference by popularity would?
 */

/** docs/metrics.md: long-range = not shown to the author in the previous 24 simulated hours. */
export const lookbackHours = 24;
/** Seeded replicates of the popularity-weighted null. */
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

/**
 * The popularity-weighted null of concentration: every long-range reference re-drawn among the
 * entities of its kind in proportion to their impressions up to its round (an agent's popularity
 * is its content's), redrawing - up to a limit - targets shown to its author in the lookback or
 * of its own, so the null's references are long-range too and only *which* things differ.
 */
function nullConcentration(scanned: Scan, seed: number): { hhi: number[]; gini: number[] } {
  const longRange = scanned.references.filter((r) => r.longRange);
  const byAuthor = new Map<string, Reference[]>();
  for (const r of longRange) {
    const list = byAuthor.get(r.author) ?? [];
    list.push(r);
    byAuthor.set(r.author, list);
  }
  const { items, upTo } = scanned.impressions;
  const hhis: number[] = [];
  const ginis: number[] = [];
  for (let replicate = 0; replicate < sharedReferencesNullReplicates; replicate++) {
    const drawn: { kind: EntityKind; target: string }[] = [];
    for (const [author, refs] of [...byAuthor.entries()].sort((a, b) => compareCodePoints(a[0], b[0]))) {
      const random = new RandomStream(seed, author, 0, `shared-references-null-${replicate}`);
      for (const ref of refs) {
        const available = upTo[Math.min(ref.round, upTo.length - 1)] ?? 0;
        if (available === 0) continue;
        const seen = scanned.recent(author, ref.round);
        let target: string | undefined;
        for (let attempt = 0; attempt < maxRedraws; attempt++) {
          const item = items[random.int(available)] ?? "";
          const owner = scanned.authorOf(item);
          target = ref.kind === "item" ? item : owner;
          if (target === undefined) continue;
          const shown = ref.kind === "item" ? seen.items.has(target) : seen.agents.has(target);
          if (!shown && owner !== author) break;
        }
        if (target !== undefined) drawn.push({ kind: ref.kind, target });
      }
    }
    const counts = [...entityCounts(drawn).values()];
    const h = hhi(counts);
    const g = gini(counts);
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
 * One value per author (every agent that posted or commented, referencing or not): its long-range
 * references per post or comment it wrote, minus the expectation under a memoryless null - zero,
 * because an agent that can only draw on what it is shown cannot make a long-range reference.
 * A popularity-weighted redraw is deliberately not used as this baseline: it draws from things
 * the agent was never shown, so it would score every memoryless agent that references its feed
 * below zero (and a recency-weighted memory too); it is the baseline of *which* things are
 * referenced (concentration) instead. Authors who reference nothing count as 0, so a society
 * without memory reads 0 (absent) rather than "no units".
 */
function authorUnits(scanned: Scan): AgentValues[] {
  const longRange = new Map<string, number>();
  for (const r of scanned.references) if (r.longRange) longRange.set(r.author, (longRange.get(r.author) ?? 0) + 1);
  return [...scanned.contentPerAuthor.entries()]
    .sort((a, b) => compareCodePoints(a[0], b[0]))
    .map(([agent, content]) => ({ agent, values: [(longRange.get(agent) ?? 0) / content] }));
}

const unitsByResult = new WeakMap<SharedReferencesResult, AgentValues[]>();

export function computeSharedReferences(ctx: AnalysisContext): SharedReferencesResult | Unavailable {
  const missing = missingTypes(ctx.log, ["post", "comment", "exposure"]);
  if (missing !== null) return { available: false, reason: missing };
  const scanned = scan(ctx.log);
  const refs = scanned.references;
  const longRange = refs.filter((r) => r.longRange);
  const counts = entityCounts(longRange);
  const observedHhi = hhi(counts.values());
  const nulls = nullConcentration(scanned, ctx.seed);
  const nullHhi = meanAndSd(nulls.hhi);
  const nullGini = meanAndSd(nulls.gini);
  const units = authorUnits(scanned);
  const primary = meanOfMeans(units);
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
    authors: units.length,
    referencingAgents: new Set(refs.map((r) => r.author)).size,
    primary: Number.isFinite(primary) ? primary : null,
  };
  unitsByResult.set(result, units);
  return result;
}

/**
 * Units are the agents that posted or commented; the statistic is the mean over them of their
 * long-range references per post or comment minus the memoryless null's expectation (0; see
 * `authorUnits`). Reads the units kept from `computeSharedReferences` when given its result, else scans
 * the log again (results parsed back from report.json).
 */
export function diagnoseSharedReferences(ctx: AnalysisContext, result: SharedReferencesResult): DiagnosticInput<AgentValues> {
  const units = unitsByResult.get(result) ?? authorUnits(scan(ctx.log));
  return { units, statistic: meanOfMeans };
}
