/** Reading dataset timestamps, and the hour grid an import's rounds sit on. */

export const hourMs = 3_600_000;

const zoneSuffix = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * Epoch milliseconds of a dataset timestamp, or null when it cannot be read. Strings are ISO-8601
 * (a space instead of `T` and a missing zone are accepted - dumps of SQL tables write both - and a
 * missing zone means UTC, as Moltbook's API writes UTC); numbers and numeric strings are epoch
 * seconds, milliseconds, microseconds or nanoseconds, told apart by size (any plausible date in
 * one unit is far from every plausible date in the others); Dates come from Parquet timestamps.
 */
export function toEpochMs(value: string | number | bigint | Date): number | null {
  if (value instanceof Date) return finiteOrNull(value.getTime());
  if (typeof value === "bigint") return fromEpochNumber(Number(value));
  if (typeof value === "number") return fromEpochNumber(value);
  const text = value.trim();
  if (text === "") return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return fromEpochNumber(Number(text));
  const iso = text.replace(/^(\d{4}-\d{2}-\d{2})[ T]/, "$1T");
  return finiteOrNull(Date.parse(zoneSuffix.test(iso) || !iso.includes("T") ? iso : `${iso}Z`));
}

function fromEpochNumber(n: number): number | null {
  if (!Number.isFinite(n)) return null;
  const magnitude = Math.abs(n);
  if (magnitude < 1e11) return Math.floor(n * 1000);
  if (magnitude < 1e14) return Math.floor(n);
  if (magnitude < 1e17) return Math.floor(n / 1e3);
  return Math.floor(n / 1e6);
}

function finiteOrNull(ms: number): number | null {
  return Number.isFinite(ms) ? Math.floor(ms) : null;
}

export function floorToHour(ms: number): number {
  return Math.floor(ms / hourMs) * hourMs;
}

/** Simulated time of a round: the first timestamp's hour plus one hour per round (docs/events.md). */
export function roundTime(originMs: number, round: number): string {
  return new Date(originMs + round * hourMs).toISOString();
}
