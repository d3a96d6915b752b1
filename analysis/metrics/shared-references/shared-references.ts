import { missingTypes } from "../../log/analysis-log.js";
import type { AnalysisLog } from "../../log/analysis-log.js";
import { exposureDraws } from "./exposure-matched-null.js";
import type { ExposureDraws } from "./exposure-matched-null.js";
import { meanOfMeans } from "../../stats/bootstrap.js";
import { gini, hhi } from "../../stats/concentration.js";
import { entityCounts, scan } from "./reference-scan.js";
import type { Scan } from "./reference-scan.js";
import { nullConcentration, nullDraws, sharedReferencesNullReplicates } from "./popularity-null.js";
import type { AgentValues, Unavailable } from "../../../core/contracts/report-metrics.js";
import type { AnalysisContext, DiagnosticInput, PrimaryComponent } from "../metric-types.js";
import { Sharedness, nullMonteCarloError } from "./sharedness.js";
import type { ReferencingAgent, SharednessUnit } from "./sharedness.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import type { SharedReferencesResult } from "../../../core/contracts/report-collective-metrics.js";

/**
 * docs/metrics.md section 11, `sharedReferences`: do agents bring back things they have not just been shown
 * (long-range references, i.e. memory), and do they bring back the same things - more than
 * re-drawing each reference among what its own author was shown would (the exposure-matched
 * null; the popularity null is kept as context)?
 */

/** A null spread below this is floating-point noise of identical replicates: no z is reported. */
const negligibleSd = 1e-12;

function meanAndSd(values: readonly number[]): { mean: number | null; sd: number | null } {
  if (values.length === 0) return { mean: null, sd: null };
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length < 2) return { mean: m, sd: null };
  const variance = values.reduce((a, v) => a + (v - m) * (v - m), 0) / (values.length - 1);
  return { mean: m, sd: Math.sqrt(variance) };
}

/**
 * A verdict unit: an agent that posted or commented (referencing or not), with its long-range
 * references for sharedness and, for the rate component, its long-range references per post or
 * comment it wrote, minus the expectation under a memoryless null - zero, because an agent that
 * can only draw on what it is shown cannot make a long-range reference. Both components resample
 * the same units. Authors who reference nothing count (rate 0, no references), so a society
 * without memory reads 0 rather than "no units".
 */
export type SharedReferencesUnit = SharednessUnit & AgentValues;

function unitsOf(scanned: Scan, agents: readonly ReferencingAgent[]): SharedReferencesUnit[] {
  const longRange = new Map<string, number>();
  for (const r of scanned.references) if (r.longRange) longRange.set(r.author, (longRange.get(r.author) ?? 0) + 1);
  const byAgent = new Map(agents.map((a) => [a.agent, a]));
  return [...scanned.contentPerAuthor.entries()]
    .sort((a, b) => compareCodePoints(a[0], b[0]))
    .map(([agent, content]) => ({ agent, values: [(longRange.get(agent) ?? 0) / content], referencing: byAgent.get(agent) ?? null }));
}

/** What the verdict needs beyond the result (kept per result, rebuilt from the log for a parsed report). */
interface Diagnosable {
  readonly units: SharedReferencesUnit[];
  readonly sharedness: Sharedness;
  /** Null coincidence per replicate on all units: the Monte Carlo error's source. */
  readonly perReplicate: readonly number[];
}

const diagnosableByResult = new WeakMap<SharedReferencesResult, Diagnosable>();

type Measured = ReturnType<Sharedness["measure"]>;

/** The verdict's state under the exposure-matched null (docs/metrics.md section 11). */
function diagnosableOf(log: AnalysisLog, scanned: Scan, seed: number): Diagnosable & { draws: ExposureDraws; measured: Measured } {
  const draws = exposureDraws(log, scanned, seed);
  const sharedness = new Sharedness(draws.agents, draws.entities.size, sharedReferencesNullReplicates);
  const units = unitsOf(scanned, draws.agents);
  // Measured once on all units: the result reports it, and the verdict's Monte Carlo error reads its replicates.
  const measured = sharedness.measure(units, true);
  return { units, sharedness, perReplicate: measured?.perReplicate ?? [], draws, measured };
}

/** The popularity null, kept as context: its agents (for the descriptive concentration null) and its sharedness. */
function popularityOf(scanned: Scan, seed: number): { agents: ReferencingAgent[]; measured: Measured } {
  const { agents, entities } = nullDraws(scanned, seed);
  const sharedness = new Sharedness(agents, entities.size, sharedReferencesNullReplicates);
  return { agents, measured: sharedness.measure(unitsOf(scanned, agents)) };
}

export function computeSharedReferences(ctx: AnalysisContext): SharedReferencesResult | Unavailable {
  const missing = missingTypes(ctx.log, ["post", "comment", "exposure"]);
  if (missing !== null) return { available: false, reason: missing };
  const scanned = scan(ctx.log);
  const refs = scanned.references;
  const longRange = refs.filter((r) => r.longRange);
  const counts = entityCounts(longRange);
  const observedHhi = hhi(counts.values());
  const diagnosable = diagnosableOf(ctx.log, scanned, ctx.seed);
  const popularity = popularityOf(scanned, ctx.seed);
  const nulls = nullConcentration(popularity.agents);
  const nullHhi = meanAndSd(nulls.hhi);
  const nullGini = meanAndSd(nulls.gini);
  const { measured } = diagnosable;
  const nullCoincidence = meanAndSd(measured?.perReplicate ?? []);
  const rate = meanOfMeans(diagnosable.units);
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
      referencingAgents: diagnosable.draws.agents.length,
      coincidence: measured?.observed ?? null,
      nullCoincidence: nullCoincidence.mean,
      nullSd: nullCoincidence.sd,
      replicates: measured?.perReplicate.length ?? 0,
      excess,
      unmatched: diagnosable.draws.unmatched,
      firstHand: diagnosable.draws.firstHand,
      popularity: {
        coincidence: popularity.measured?.observed ?? null,
        nullCoincidence: popularity.measured?.null ?? null,
        excess: popularity.measured === null ? 0 : popularity.measured.observed - popularity.measured.null,
      },
    },
    authors: diagnosable.units.length,
    referencingAgents: new Set(refs.map((r) => r.author)).size,
    rate: Number.isFinite(rate) ? rate : null,
    primary: excess,
  };
  diagnosableByResult.set(result, diagnosable);
  return result;
}

/** The per-verdict state, kept from `computeSharedReferences` or rebuilt from the log (a parsed report.json). */
function diagnosableFor(ctx: AnalysisContext, result: SharedReferencesResult): Diagnosable {
  return diagnosableByResult.get(result) ?? diagnosableOf(ctx.log, scan(ctx.log), ctx.seed);
}

/** Names of the verdict's components (the rule's components of the same names hold their deltas). */
export const sharedReferencesComponentNames = { sharedness: "sharedness", rate: "rate" } as const;

/**
 * The verdict's two components (docs/metrics.md section 11): "sharedness", the cross-agent
 * coincidence of long-range references minus the exposure-matched null's, with the null's Monte Carlo
 * error; and "rate", long-range references per post or comment (memoryless expectation 0). Shared
 * memory needs both: references that exist and that are shared.
 */
export function sharedReferencesComponents(ctx: AnalysisContext, result: SharedReferencesResult): PrimaryComponent<SharedReferencesUnit>[] {
  const d = diagnosableFor(ctx, result);
  return [
    {
      name: sharedReferencesComponentNames.sharedness,
      units: d.units,
      statistic: (sample) => d.sharedness.excess(sample),
      // The reference's error, added to each bootstrap replicate (its sign is immaterial: the
      // resampled mean's error is symmetric about 0).
      referenceError: (random) => nullMonteCarloError(d.perReplicate, random),
    },
    { name: sharedReferencesComponentNames.rate, units: d.units, statistic: meanOfMeans },
  ];
}

export function diagnoseSharedReferences(ctx: AnalysisContext, result: SharedReferencesResult): DiagnosticInput<SharedReferencesUnit> {
  return { components: sharedReferencesComponents(ctx, result) };
}
