import { mean, sampleStandardDeviation } from "simple-statistics";
import type { NullComparison } from "../../core/contracts/report-collective-metrics.js";

/** A null spread below this is floating-point noise of identical replicates: no z is reported. */
const negligibleSd = 1e-12;

/** Mean, sample sd and z of `observed` over the finite replicates. */
export function compareWithNull(observed: number, replicates: readonly number[]): NullComparison {
  const values = replicates.filter((v) => Number.isFinite(v));
  if (values.length < 2) return { replicates: values.length, mean: values.length === 1 ? (values[0] ?? null) : null, sd: null, z: null };
  const m = mean(values);
  const sd = sampleStandardDeviation(values);
  // A spread at floating-point noise means identical replicates: no z rather than a huge one.
  return { replicates: values.length, mean: m, sd, z: sd > negligibleSd && Number.isFinite(observed) ? (observed - m) / sd : null };
}
