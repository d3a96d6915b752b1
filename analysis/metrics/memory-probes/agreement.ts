import { hash53 } from "../../../core/random/hash.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import { meanOf } from "../../stats/summary.js";
import type { ConsensusSummary } from "../../../core/contracts/report-collective-metrics.js";

/**
 * Consensus of docs/metrics.md section 10: how far the answers to one probe name the same
 * entities. An answer's *agreement* is the mean Jaccard similarity of its named set with every
 * other answer's to the same probe; the mean of the agreements over a probe's answers is its mean
 * pairwise Jaccard.
 */

/** Others an answer is compared with, exactly up to this many answers per probe. */
export const maxConsensusAnswers = 3000;

/** One answer's named set: entity keys (`agent:a0042`, `post:p.3.a0042.0`) and who gave it. */
export interface NamedSet {
  readonly agent: string;
  readonly keys: ReadonlySet<string>;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const key of a) if (b.has(key)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/**
 * Each answer's agreement with the others to the same probe (null when the probe has no other
 * answer naming something). Beyond `maxConsensusAnswers` answers, each is compared with a panel of
 * that many, chosen by a hash of the answering agent - no analysis seed, so the same log gives the
 * same agreements under any seed.
 */
export function agreements(sets: readonly NamedSet[]): (number | null)[] {
  const panel =
    sets.length <= maxConsensusAnswers
      ? sets.map((_, i) => i)
      : sets
          .map((s, i) => ({ i, h: hash53(`consensus-panel\u0000${s.agent}`), a: s.agent }))
          .sort((x, y) => x.h - y.h || compareCodePoints(x.a, y.a))
          .slice(0, maxConsensusAnswers)
          .map((x) => x.i);
  return sets.map((set, i) => {
    let sum = 0;
    let others = 0;
    for (const j of panel) {
      const other = sets[j];
      if (j === i || other === undefined) continue;
      sum += jaccard(set.keys, other.keys);
      others++;
    }
    return others > 0 ? sum / others : null;
  });
}

/**
 * Summary over probes: mean pairwise Jaccard, mention entropy (bits), distinct entities. `computed`
 * holds each probe's agreements when the caller already has them: reused where no set of the probe
 * is empty (then they are the agreements of exactly these sets), so the quadratic pass runs once.
 */
export function consensusSummary(
  probes: readonly (readonly NamedSet[])[],
  computed: readonly (readonly (number | null)[])[] = [],
): ConsensusSummary {
  const jaccards: number[] = [];
  const entropies: number[] = [];
  const distinct = new Set<string>();
  for (const [i, sets] of probes.entries()) {
    const named = sets.filter((s) => s.keys.size > 0);
    const counts = new Map<string, number>();
    for (const set of named) {
      for (const key of set.keys) {
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
    const reusable = named.length === sets.length ? computed[i] : undefined;
    const values = (reusable ?? agreements(named)).filter((v): v is number => v !== null);
    if (values.length > 0) jaccards.push(values.reduce((a, b) => a + b, 0) / values.length);
  }
  return {
    probes: jaccards.length,
    meanPairwiseJaccard: meanOf(jaccards),
    mentionEntropyBits: meanOf(entropies),
    distinctEntities: distinct.size,
  };
}
