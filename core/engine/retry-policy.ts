import {
  platformCallBaseDelayMs,
  platformCallMaxAttempts,
  platformCallMaxDelayMs,
  stepOverloadedBaseDelayMs,
  stepOverloadedMaxAttempts,
  stepOverloadedMaxDelayMs,
  stepTransientBaseDelayMs,
  stepTransientMaxAttempts,
  stepTransientMaxDelayMs,
} from "../tunables.js";
import { hash53 } from "../random/hash.js";
import { classifyPlatformError, unclassifiedRule } from "./platform-errors.js";
import type { ClassifiedError } from "./platform-errors.js";

/**
 * The engine's one retry policy, in the manner of the Cloudflare Agents SDK's retries module
 * (bounded attempts, exponential backoff with full jitter, a predicate that says what may be
 * retried), extended with the classes of platform-errors.ts:
 *
 * - transient errors are retried: in place for one RPC call (`retryInPlace`), and as a re-armed
 *   alarm for a whole step (`decideStepRetry`);
 * - an overloaded callee is never retried in place: the call fails up to its step, and the step
 *   backs off for longer before the alarm runs it again;
 * - a poison pill fails the run at once, with the reason.
 *
 * Jitter is a number in [0, 1) handed in by the caller (a hash of the step or call, never
 * Math.random), and the clock and sleep of `retryInPlace` are injected: the decisions are pure.
 */
export interface Backoff {
  /** Tries in all, the first included. */
  readonly maxAttempts: number;
  /** Bound of the wait after the first failure; it doubles with each failure after it. */
  readonly baseDelayMs: number;
  /** No wait is longer than this. */
  readonly maxDelayMs: number;
}

export const stepTransientBackoff: Backoff = {
  maxAttempts: stepTransientMaxAttempts,
  baseDelayMs: stepTransientBaseDelayMs,
  maxDelayMs: stepTransientMaxDelayMs,
};

export const stepOverloadedBackoff: Backoff = {
  maxAttempts: stepOverloadedMaxAttempts,
  baseDelayMs: stepOverloadedBaseDelayMs,
  maxDelayMs: stepOverloadedMaxDelayMs,
};

export const platformCallBackoff: Backoff = {
  maxAttempts: platformCallMaxAttempts,
  baseDelayMs: platformCallBaseDelayMs,
  maxDelayMs: platformCallMaxDelayMs,
};

/** The exponential bound after `failures` failures (1 = the first): base, 2 base, 4 base, ... capped. */
export function backoffBoundMs(failures: number, backoff: Backoff): number {
  return Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** Math.max(0, failures - 1));
}

/** "Full jitter": a uniform wait in [0, bound). `unit` is the caller's jitter in [0, 1). */
export function fullJitterMs(failures: number, backoff: Backoff, unit: number): number {
  return Math.floor(clampUnit(unit) * backoffBoundMs(failures, backoff));
}

/** "Equal jitter": at least half the bound, so a backed-off step never comes straight back. */
export function equalJitterMs(failures: number, backoff: Backoff, unit: number): number {
  const bound = backoffBoundMs(failures, backoff);
  return Math.floor(bound / 2 + clampUnit(unit) * (bound / 2));
}

/** What to do after a step of the round loop failed. */
export type StepRetryDecision =
  /** Run the same step again after `delayMs` (a transient error). */
  | { readonly action: "retry"; readonly delayMs: number }
  /** Leave the callee alone for `delayMs`, then run the step again (an overloaded callee). */
  | { readonly action: "backOff"; readonly delayMs: number }
  /** Fail the run with `reason`: a poison pill, or a class whose attempts are used up. */
  | { readonly action: "fail"; readonly reason: string };

/**
 * `failures` counts this failure and the failed steps right before it (1 = the first failure);
 * `unit` is the jitter in [0, 1).
 */
export function decideStepRetry(classified: ClassifiedError, failures: number, unit: number): StepRetryDecision {
  if (classified.errorClass === "poisonPill") {
    return { action: "fail", reason: `failed at once, a poison pill (${classified.rule}): ${classified.reason}` };
  }
  const backoff = classified.errorClass === "overloaded" ? stepOverloadedBackoff : stepTransientBackoff;
  if (failures >= backoff.maxAttempts) {
    return { action: "fail", reason: `failed ${failures} times (${classified.errorClass}, ${classified.rule}): ${classified.reason}` };
  }
  return classified.errorClass === "overloaded"
    ? { action: "backOff", delayMs: equalJitterMs(failures, backoff, unit) }
    : { action: "retry", delayMs: fullJitterMs(failures, backoff, unit) };
}

export interface InPlaceRetry {
  /** Jitter in [0, 1) for the wait after the `failures`-th failure. */
  readonly jitter: (failures: number) => number;
  /** Waits `ms` (the wall clock is not simulation logic; injected so tests do not wait). */
  readonly sleep: (ms: number) => Promise<void>;
  readonly backoff?: Backoff;
  /** True once the caller has given up (its deadline passed): no further attempt is made. */
  readonly stopped?: () => boolean;
}

/** Only errors the platform marks as transient are repeated in place (see platform-errors.ts). */
export function isRetryableInPlace(error: unknown): boolean {
  const classified = classifyPlatformError(error);
  return classified.errorClass === "transient" && classified.rule !== unclassifiedRule;
}

/**
 * Calls `call` until it answers, retrying errors the platform marks transient with full-jitter
 * backoff; overloaded callees, poison pills and unclassified errors are thrown at once (to the
 * step, which retries, backs off or fails the run), and so is the last transient error once the
 * attempts are used up. `call` must be safe to repeat and should make a fresh stub each time (a
 * stub whose object reset stays broken).
 */
export async function retryInPlace<T>(call: (attempt: number) => Promise<T>, options: InPlaceRetry): Promise<T> {
  const backoff = options.backoff ?? platformCallBackoff;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (attempt >= backoff.maxAttempts || !isRetryableInPlace(error)) throw error;
      await options.sleep(fullJitterMs(attempt, backoff, options.jitter(attempt)));
      if (options.stopped?.() === true) throw error;
    }
  }
}

/** A deterministic jitter in [0, 1) for `key` (e.g. the step or call and its failure count). */
export function jitterOf(key: string): number {
  return hash53(key) / 2 ** 53;
}

function clampUnit(unit: number): number {
  return Number.isFinite(unit) ? Math.min(Math.max(unit, 0), 1 - Number.EPSILON) : 0;
}
