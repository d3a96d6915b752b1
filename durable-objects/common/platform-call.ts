import { jitterOf, retryInPlace } from "../../core/engine/retry-policy.js";
import { DeadlineExceeded, withDeadline } from "../../core/util/concurrency.js";

/**
 * One RPC call to another of the engine's objects, under the engine's one retry policy
 * (core/engine/retry-policy.ts): transient errors are retried in place with jittered backoff,
 * overloaded callees and poison pills go straight up to the step. `callKey` names the call (e.g.
 * `experiment:round:shard 3`) and seeds its jitter, so waits never depend on Math.random. `call`
 * must be safe to repeat and should make a fresh stub each time: a stub whose object reset stays
 * broken. With `deadlineMs` the call and its retries share one deadline (`DeadlineExceeded`), and
 * a retry still waiting in its backoff when it passes makes no further call: the caller has moved on.
 */
export function platformCall<T>(callKey: string, call: (attempt: number) => Promise<T>, deadlineMs?: number): Promise<T> {
  let expired = false;
  const retried = retryInPlace(call, {
    jitter: (failures) => jitterOf(`${callKey}:${failures}`),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    stopped: () => expired,
  });
  if (deadlineMs === undefined) return retried;
  return withDeadline(retried, deadlineMs).catch((error: unknown) => {
    if (error instanceof DeadlineExceeded) expired = true;
    throw error;
  });
}
