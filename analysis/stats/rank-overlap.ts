/**
 * Tie-robust comparison of who leads two rankings (docs/metrics.md section 9, "persistence").
 *
 * The top k of a ranking is ambiguous when the k-th score is tied: sorting the ties by id would
 * make leadership depend on agent names. Here membership is fractional instead: every holder
 * strictly above the k-th largest score is a full member, and the block tied at that score shares
 * the remaining places equally. Memberships always sum to min(k, holders), whatever the ties, and
 * the overlap of two rankings is the membership they share: sum over holders of min(m_a, m_b).
 */

/** Above this k the k-th largest comes from a sort rather than a running buffer of the top k. */
const bufferedK = 64;

/**
 * The k-th largest finite value (the smallest when fewer than k are finite); NaN when none is.
 * Runs in one pass with a sorted buffer of the k largest so far when k is small - the bootstrap
 * calls it thousands of times per window.
 */
export function kthLargest(values: ArrayLike<number>, k: number): number {
  const n = values.length;
  if (k > bufferedK) {
    const finite: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = values[i] ?? Number.NaN;
      if (Number.isFinite(v)) finite.push(v);
    }
    if (finite.length === 0) return Number.NaN;
    finite.sort((x, y) => y - x);
    return finite[Math.min(k, finite.length) - 1] ?? Number.NaN;
  }
  const top = new Float64Array(Math.max(1, k));
  let size = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? Number.NaN;
    if (!Number.isFinite(v)) continue;
    if (size === k && v <= (top[size - 1] ?? 0)) continue;
    // Insert v, keeping the buffer sorted in descending order.
    let j = size < k ? size++ : size - 1;
    while (j > 0 && (top[j - 1] ?? 0) < v) {
      top[j] = top[j - 1] ?? 0;
      j--;
    }
    top[j] = v;
  }
  return size > 0 ? (top[size - 1] ?? Number.NaN) : Number.NaN;
}

/**
 * Each value's fractional membership in the top k: 1 above the k-th largest value, (places left)
 * / (size of the tied block) at it, 0 below. Non-finite values never lead.
 */
export function topKMembership(values: ArrayLike<number>, k: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const places = Math.max(0, Math.floor(k));
  if (places === 0) return out;
  const kth = kthLargest(values, places);
  if (Number.isNaN(kth)) return out;
  let above = 0;
  let tied = 0;
  let finite = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? Number.NaN;
    if (!Number.isFinite(v)) continue;
    finite++;
    if (v > kth) above++;
    else if (v === kth) tied++;
  }
  const share = Math.max(0, Math.min(places, finite) - above) / Math.max(1, tied);
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? Number.NaN;
    out[i] = v > kth ? 1 : v === kth ? share : 0;
  }
  return out;
}

/** The cut of a fractional top k: the k-th value and the membership of the values tied at it. */
function cutOf(values: ArrayLike<number>, k: number): { kth: number; share: number; places: number } {
  const places = Math.max(0, Math.floor(k));
  const kth = places > 0 ? kthLargest(values, places) : Number.NaN;
  let above = 0;
  let tied = 0;
  let finite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NaN;
    if (!Number.isFinite(v)) continue;
    finite++;
    if (v > kth) above++;
    else if (v === kth) tied++;
  }
  return { kth, share: Math.max(0, Math.min(places, finite) - above) / Math.max(1, tied), places: Math.min(places, finite) };
}

function membershipAt(v: number, cut: { kth: number; share: number }): number {
  return v > cut.kth ? 1 : v === cut.kth ? cut.share : 0;
}

/**
 * Leader persistence: the share of the top k of `before` still in the top k of `after`, over
 * holders listed index for index in both (absent holders carry -Infinity or NaN). In [0, 1]: 1 when
 * the same holders lead, about k / n when leadership is drawn at random. NaN when nothing leads.
 * Allocation-free apart from the k-th value's buffer: the bootstrap calls it per resample, pair
 * and null replicate.
 */
export function topKPersistence(before: ArrayLike<number>, after: ArrayLike<number>, k: number): number {
  const a = cutOf(before, k);
  const b = cutOf(after, k);
  if (a.places === 0 || Number.isNaN(a.kth)) return Number.NaN;
  let shared = 0;
  for (let i = 0; i < before.length; i++) shared += Math.min(membershipAt(before[i] ?? Number.NaN, a), membershipAt(after[i] ?? Number.NaN, b));
  return shared / a.places;
}

/** Jaccard of two fractional top-k sets: shared membership over the union's (|A| + |B| - shared). */
export function topKJaccard(before: ArrayLike<number>, after: ArrayLike<number>, k: number): number {
  const a = topKMembership(before, k);
  const b = topKMembership(after, k);
  let shared = 0;
  let sizes = 0;
  for (let i = 0; i < a.length; i++) {
    shared += Math.min(a[i] ?? 0, b[i] ?? 0);
    sizes += (a[i] ?? 0) + (b[i] ?? 0);
  }
  return sizes - shared > 0 ? shared / (sizes - shared) : Number.NaN;
}
