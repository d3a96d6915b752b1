/**
 * Forgetting: memory is bounded by `config.memory.capacity` rows. Past it, the least important
 * rows are forgotten first, and among equally important rows the oldest (the lowest row number
 * `n`) - so a reflection (importance 8) outlives the observations it condensed, and a burst of
 * new rows never pushes out an older, more important one. The agent's store runs this rule in
 * SQL (`ORDER BY importance ASC, n ASC`); `forgottenRows` is the same rule on rows in memory.
 */

export interface ForgettableRow {
  /** Position in the agent's stream: rows are numbered as they are written. */
  readonly n: number;
  readonly importance: number;
}

/** The order in which rows are forgotten: least important first, then oldest. */
export function compareForgetting(a: ForgettableRow, b: ForgettableRow): number {
  return a.importance - b.importance || a.n - b.n;
}

/**
 * How many rows to forget. `rowsEverWritten` bounds the rows kept, so below capacity nothing needs
 * counting (`rowsKept` is asked for only past it: counting rows costs a query).
 */
export function rowsToForget(rowsEverWritten: number, rowsKept: () => number, capacity: number): number {
  if (rowsEverWritten <= capacity) return 0;
  return Math.max(0, rowsKept() - capacity);
}

/** The rows forgotten when `rows` are kept with room for `capacity`, in the order they go. */
export function forgottenRows<T extends ForgettableRow>(rows: readonly T[], capacity: number): T[] {
  const excess = rows.length - capacity;
  return excess > 0 ? [...rows].sort(compareForgetting).slice(0, excess) : [];
}
