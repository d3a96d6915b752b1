import { RandomStream } from "../../../core/random/stream.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import { cumulativeIndex } from "../../stats/urn.js";
import type { AnalysisLog } from "../../log/analysis-log.js";
import { attendedItems } from "../memory-probes/exposure-null.js";
import { EntityIds, sharedReferencesNullReplicates } from "./popularity-null.js";
import type { Reference, Scan } from "./reference-scan.js";
import type { ReferencingAgent } from "./sharedness.js";

/**
 * docs/metrics.md section 11, the verdict's null: every long-range reference re-drawn among what
 * *its own author* was shown before the reference's lookback (rounds up to its round minus 24
 * simulated hours), weighted the way a memory is written - the first posts of each feed exposure
 * and the items of each notification (`attendedItems`, the attention rule of section 10's
 * exposure-matched null), an agent counting once for each of its attended items. A society whose
 * agents each recall what they were shown, as often as they attended to it - however alike the
 * hot feed made their pasts - scores the null's coincidence: shared exposure is not shared memory.
 * What the null cannot reproduce is a reference to something its author never attended to
 * (learned from others' citations or text), and references converging on the same few things
 * beyond the agents' own histories - which agents recalling privately by one common salience
 * (sim recall: the best-scored post of a topic) do too: the private-recall control emerges.
 */

/** One impression an agent attended to: its round, the item, the item's author. */
interface Attended {
  readonly round: number;
  readonly item: string;
  readonly owner: string | undefined;
}

/** The null's candidates for one reference: entities and cumulative weights (last = total). */
interface Candidates {
  readonly ids: readonly number[];
  readonly cumulative: readonly number[];
}

export interface ExposureDraws {
  readonly agents: ReferencingAgent[];
  readonly entities: EntityIds;
  /** Long-range references whose author attended to nothing eligible of their kind: left out of both sides. */
  readonly unmatched: number;
  /** Long-range references naming something among their own null's candidates (first-hand recall). */
  readonly firstHand: number;
}

function attendedByAgent(log: AnalysisLog, scanned: Scan, agents: ReadonlySet<string>): Map<string, Attended[]> {
  const byAgent = new Map<string, Attended[]>();
  const posts = new Set(log.posts.map((p) => p.id));
  const isPost = (id: string): boolean => posts.has(id);
  const exposures = log.exposures.filter((e) => agents.has(e.agent)).sort((a, b) => a.round - b.round);
  for (const exposure of exposures) {
    let list = byAgent.get(exposure.agent);
    if (!list) {
      list = [];
      byAgent.set(exposure.agent, list);
    }
    for (const item of attendedItems(exposure, isPost)) list.push({ round: exposure.round, item, owner: scanned.authorOf(item) });
  }
  return byAgent;
}

/**
 * The null's candidates for a long-range reference, as "kind:target" keys with their weights:
 * what its author attended to at rounds up to its round minus the lookback, of the reference's
 * kind, that it could name and still be long-range - not shown to it in the lookback, not its own.
 * Each attended impression adds 1 to its item, or to its item's author for an agent reference.
 */
export function exposureCandidates(log: AnalysisLog, scanned: Scan): (ref: Reference) => Map<string, number> {
  const attended = attendedByAgent(log, scanned, new Set(scanned.references.filter((r) => r.longRange).map((r) => r.author)));
  return (ref) => {
    const cutoff = ref.round - scanned.lookbackRounds;
    const seen = scanned.recent(ref.author, ref.round);
    const weights = new Map<string, number>();
    for (const a of attended.get(ref.author) ?? []) {
      if (a.round > cutoff) break;
      if (a.owner === undefined || a.owner === ref.author) continue;
      const target = ref.kind === "item" ? a.item : a.owner;
      if ((ref.kind === "item" ? seen.items : seen.agents).has(target)) continue;
      const key = `${ref.kind}:${target}`;
      weights.set(key, (weights.get(key) ?? 0) + 1);
    }
    return weights;
  };
}

function candidatesOf(weights: ReadonlyMap<string, number>, entities: EntityIds): Candidates {
  const ids: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [key, w] of weights) {
    total += w;
    ids.push(entities.ofKey(key));
    cumulative.push(total);
  }
  return { ids, cumulative };
}

/** The candidate whose cumulative weight first exceeds u (0 <= u < total). */
function pick(c: Candidates, u: number): number {
  return c.ids[cumulativeIndex(c.cumulative, u)] ?? -1;
}

/**
 * Seeded replicates of the exposure-matched null, per referencing agent (code-point order). A
 * reference with no candidate - its author attended to nothing of its kind before the lookback
 * that is not also in it - has no counterpart and is left out of the comparison on both sides,
 * like the popularity null's references made before any impression: a draw that can never match
 * would credit all its observed matches to memory, and its observed side kept without a null one
 * would compare two different sets of references. It still counts for the rate.
 */
export function exposureDraws(log: AnalysisLog, scanned: Scan, seed: number): ExposureDraws {
  const entities = new EntityIds();
  const longRange = scanned.references.filter((r) => r.longRange);
  const weightsOf = exposureCandidates(log, scanned);
  const byAuthor = new Map<string, { ref: Reference; candidates: Candidates }[]>();
  const cache = new Map<string, Candidates>();
  let unmatched = 0;
  let firstHand = 0;
  for (const ref of longRange) {
    const key = `${ref.author}\u0000${ref.round}\u0000${ref.kind}`;
    let candidates = cache.get(key);
    if (!candidates) {
      candidates = candidatesOf(weightsOf(ref), entities);
      cache.set(key, candidates);
    }
    if (candidates.ids.length === 0) {
      unmatched++;
      continue;
    }
    if (candidates.ids.includes(entities.of(ref.kind, ref.target))) firstHand++;
    const list = byAuthor.get(ref.author) ?? [];
    list.push({ ref, candidates });
    byAuthor.set(ref.author, list);
  }
  const agents: ReferencingAgent[] = [];
  const R = sharedReferencesNullReplicates;
  for (const [author, refs] of [...byAuthor.entries()].sort((a, b) => compareCodePoints(a[0], b[0]))) {
    const observed = Int32Array.from(refs.map(({ ref }) => entities.of(ref.kind, ref.target)));
    const drawn = new Int32Array(R * refs.length);
    for (let replicate = 0; replicate < R; replicate++) {
      const random = new RandomStream(seed, author, 0, `shared-references-exposure-null-${replicate}`);
      refs.forEach(({ candidates }, i) => {
        const total = candidates.cumulative[candidates.cumulative.length - 1] ?? 0;
        drawn[replicate * refs.length + i] = pick(candidates, random.int(total));
      });
    }
    agents.push({ agent: author, index: agents.length, observed, drawn });
  }
  return { agents, entities, unmatched, firstHand };
}
