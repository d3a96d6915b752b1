/**
 * One classification of the errors the engine meets when it calls its own Durable Objects (and
 * when its own code fails), read from the error's properties and message only - no platform
 * import, so it is pure and testable anywhere. Workers RPC keeps an error's message and, for the
 * standard JavaScript error types, its name; other own properties are dropped, except the ones the
 * runtime sets itself on Durable Object failures: `retryable` (safe to repeat), `overloaded` (the
 * object has too much queued) and `durableObjectReset` (the call was queued behind a reset).
 *
 * - `transient`: the platform says the call may simply be repeated (a deploy reset the object, a
 *   connection dropped, a call was queued behind a reset). Retried with jittered backoff.
 * - `overloaded`: the callee has too much to do. Never retried in place (that adds to the load):
 *   the whole step backs off.
 * - `poisonPill`: repeating cannot help - a stored row that fails its schema, a type error, a
 *   broken invariant. The run fails at once with the reason.
 *
 * An error that says nothing of itself (a plain `Error` without the runtime's flags) is treated as
 * transient by the step (the engine's steps are idempotent, so a bounded retry is safe, and the
 * platform does not flag every recoverable failure), but is not retried in place: a call is
 * repeated only when the platform says so, so retries do not multiply across the layers. Our own broken invariants are thrown as `InvariantViolation`
 * so they are poison pills on both sides of an RPC.
 */
export type PlatformErrorClass = "transient" | "overloaded" | "poisonPill";

export interface ClassifiedError {
  readonly errorClass: PlatformErrorClass;
  /** Which rule matched, for the run's failure reason and for tests. */
  readonly rule: string;
  /** `name: message` of the error, as the run reports it. */
  readonly reason: string;
}

/**
 * A broken invariant of the engine (a bug, or a stored row that contradicts another). A
 * RangeError, because RPC keeps only the standard error types' names: it stays a poison pill when
 * it crosses from a shard or a coordinator to the experiment.
 */
export class InvariantViolation extends RangeError {}

/** Error types that mean a bug or bad data: the same call fails the same way every time. */
const poisonNames: ReadonlySet<string> = new Set([
  "ZodError",
  "TypeError",
  "RangeError",
  "SyntaxError",
  "ReferenceError",
  "EvalError",
  "URIError",
]);

/** Messages the platform gives to errors that a repeat fixes (matched case-insensitively). */
const transientMessages: readonly string[] = [
  "reset because its code was updated",
  "durable object reset",
  "network connection lost",
  "cannot resolve durable object due to transient issue",
  "internal error in durable object storage",
];

/** Messages of an overloaded callee; the runtime also sets `overloaded` on most of them. */
const overloadedMessages: readonly string[] = ["durable object is overloaded", "too many requests queued", "requests queued for too long"];

/** The rule of an Error that says nothing of itself: transient for a step, not for one call. */
export const unclassifiedRule = "unclassified Error";

export function classifyPlatformError(error: unknown): ClassifiedError {
  const reason = describeError(error);
  const flags = runtimeFlags(error);
  const lower = reason.toLowerCase();
  if (flags.overloaded) return { errorClass: "overloaded", rule: "overloaded flag", reason };
  const overloadedText = overloadedMessages.find((text) => lower.includes(text));
  if (overloadedText !== undefined) return { errorClass: "overloaded", rule: `message "${overloadedText}"`, reason };
  if (flags.durableObjectReset) return { errorClass: "transient", rule: "durableObjectReset flag", reason };
  if (flags.retryable) return { errorClass: "transient", rule: "retryable flag", reason };
  const transientText = transientMessages.find((text) => lower.includes(text));
  if (transientText !== undefined) return { errorClass: "transient", rule: `message "${transientText}"`, reason };
  const name = error instanceof Error ? error.name : null;
  if (name !== null && poisonNames.has(name)) return { errorClass: "poisonPill", rule: name, reason };
  if (error instanceof Error && isSerializedZodError(error.message)) return { errorClass: "poisonPill", rule: "ZodError (remote)", reason };
  if (!(error instanceof Error)) return { errorClass: "poisonPill", rule: "not an Error", reason };
  return { errorClass: "transient", rule: unclassifiedRule, reason };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function runtimeFlags(error: unknown): { retryable: boolean; overloaded: boolean; durableObjectReset: boolean } {
  if (typeof error !== "object" || error === null) return { retryable: false, overloaded: false, durableObjectReset: false };
  return {
    retryable: "retryable" in error && error.retryable === true,
    overloaded: "overloaded" in error && error.overloaded === true,
    durableObjectReset: "durableObjectReset" in error && error.durableObjectReset === true,
  };
}

/**
 * A ZodError thrown in another object arrives as a plain Error. Measured in workerd: its message
 * is just "ZodError" (zod keeps the issue list behind a getter, which RPC does not copy); other
 * transports keep zod's message, the issue list as JSON (objects with `code`, `path`, `message`).
 */
function isSerializedZodError(message: string): boolean {
  if (message.trim() === "ZodError") return true;
  if (!message.trimStart().startsWith("[")) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return false;
  }
  return (
    Array.isArray(parsed) &&
    parsed.length > 0 &&
    parsed.every(
      (issue: unknown) =>
        typeof issue === "object" &&
        issue !== null &&
        "code" in issue &&
        "path" in issue &&
        Array.isArray(issue.path) &&
        "message" in issue,
    )
  );
}
