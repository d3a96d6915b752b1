/**
 * Ranks 1..n with tied values sharing the average of the ranks they span, so a block of ties
 * neither gains nor loses rank mass (what Spearman's rho with ties needs).
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const ranks = new Array<number>(values.length).fill(0);
  let start = 0;
  while (start < order.length) {
    let end = start;
    const value = values[order[start] ?? 0];
    while (end + 1 < order.length && values[order[end + 1] ?? 0] === value) end++;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i] ?? 0] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Pearson correlation; NaN when fewer than two pairs or either side has no variance. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  if (n < 2) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] ?? 0;
    my += y[i] ?? 0;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return Number.NaN;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Spearman's rho as the Pearson correlation of average ranks - the form that stays exact with ties
 * (the 1 - 6 sum d^2 shortcut does not). NaN when it is undefined (n < 2 or a constant side).
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(averageRanks(x), averageRanks(y));
}
