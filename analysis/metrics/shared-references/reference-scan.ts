import { contentIdSource } from "../../../core/ids.js";
import { contentIndex } from "../../log/analysis-log.js";
import type { AnalysisLog, LogComment, LogPost } from "../../log/analysis-log.js";
import type { EntityKind, SharedReferencesResult } from "../../../core/contracts/report-collective-metrics.js";

/**
 * docs/metrics.md section 11: the references a log's posts and comments make (in text and through
 * memoryRef rows), each told long-range or not, with what the popularity null needs to redraw them.
 */

/** docs/metrics.md: long-range = not shown to the author in the previous 24 simulated hours. */
export const lookbackHours = 24;
const mentionPattern = /@([A-Za-z0-9_][A-Za-z0-9_-]*)/g;
const contentIdPattern = new RegExp(String.raw`\b${contentIdSource}\b`, "g");

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

export interface Scan {
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

export function scan(log: AnalysisLog): Scan {
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

export function entityCounts(refs: readonly { kind: EntityKind; target: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of refs) counts.set(`${r.kind}:${r.target}`, (counts.get(`${r.kind}:${r.target}`) ?? 0) + 1);
  return counts;
}

