import { RandomStream } from "../../../core/random/stream.js";
import { gini, hhi } from "../../stats/concentration.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import type { EntityKind } from "../../../core/contracts/report-collective-metrics.js";
import type { Reference, Scan } from "./reference-scan.js";
import type { ReferencingAgent } from "./sharedness.js";

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

/** Dense ids for "kind:target" entity keys, observed and drawn alike. */
export class EntityIds {
  private readonly ids = new Map<string, number>();
  of(kind: EntityKind, target: string): number {
    return this.ofKey(`${kind}:${target}`);
  }
  ofKey(key: string): number {
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
export function nullDraws(scanned: Scan, seed: number): { agents: ReferencingAgent[]; entities: EntityIds } {
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
export function nullConcentration(agents: readonly ReferencingAgent[]): { hhi: number[]; gini: number[] } {
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

