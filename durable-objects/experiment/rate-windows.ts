import type { PlatformErrorCode, PlatformFailure, RateState } from "../../core/contracts/platform-rpc.js";

/** A failure of the platform API as data (errors thrown across RPC lose their class). */
export function fail(code: PlatformErrorCode, error: string, hint: string, extra: Partial<PlatformFailure> = {}): PlatformFailure {
  return { ok: false, code, error, hint, ...extra };
}

/**
 * One hit on a wall-clock window that starts at its first hit (so `1 per 30 min` is a cooldown),
 * in table `rate_windows`; a refused hit changes nothing.
 */
export function hitWindow(
  sql: SqlStorage,
  bucket: string,
  windowMs: number,
  limit: number,
  nowMs: number,
): { allowed: boolean; rate: RateState } {
  const row = sql
    .exec<{ started_ms: number; hits: number }>("SELECT started_ms, hits FROM rate_windows WHERE bucket = ?", bucket)
    .toArray()[0];
  const fresh = !row || nowMs - row.started_ms >= windowMs || nowMs < row.started_ms;
  const started = fresh ? nowMs : row.started_ms;
  const hits = fresh ? 0 : row.hits;
  const resetUnixSeconds = Math.ceil((started + windowMs) / 1000);
  if (hits >= limit) return { allowed: false, rate: { limit, remaining: 0, resetUnixSeconds } };
  sql.exec(
    "INSERT INTO rate_windows (bucket, started_ms, hits) VALUES (?, ?, ?) ON CONFLICT (bucket) DO UPDATE SET started_ms = excluded.started_ms, hits = excluded.hits",
    bucket,
    started,
    hits + 1,
  );
  return { allowed: true, rate: { limit, remaining: limit - hits - 1, resetUnixSeconds } };
}

/** A RATE_LIMITED failure carrying the refusing window's state (its X-RateLimit-* headers) and Retry-After. */
export function limited(rate: RateState, nowMs: number, error: string): PlatformFailure {
  const retryAfterSeconds = Math.max(1, rate.resetUnixSeconds - Math.floor(nowMs / 1000));
  return fail("RATE_LIMITED", error, `Retry after ${retryAfterSeconds} seconds.`, { retryAfterSeconds, rate });
}
