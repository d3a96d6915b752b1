import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";

/**
 * What went wrong with a call, as logged in `llmCall.errorClass`. Retryable classes are retried by
 * our own layer (the SDK's retries are off); fatal ones pause the experiment with the reason.
 */
export const llmErrorClasses = [
  "rateLimited",
  "overloaded",
  "timeout",
  "network",
  "quota",
  "auth",
  "badRequest",
  "malformed",
  "circuitOpen",
  "budget",
] as const;
export type LlmErrorClass = (typeof llmErrorClasses)[number];

export const fatalErrorClasses: ReadonlySet<LlmErrorClass> = new Set(["quota", "auth"]);
export const retryableErrorClasses: ReadonlySet<LlmErrorClass> = new Set(["rateLimited", "overloaded", "timeout", "network"]);

/** For classes read back from logs and RPC results, where they are plain strings. */
export function isRetryableErrorClass(errorClass: string): boolean {
  return (retryableErrorClasses as ReadonlySet<string>).has(errorClass);
}

export interface ClassifiedError {
  readonly errorClass: LlmErrorClass;
  readonly message: string;
  /** Milliseconds the endpoint asked us to wait (Retry-After / retry-after-ms), when it said. */
  readonly retryAfterMs: number | null;
}

/** `retry-after-ms` (OpenAI's) wins over `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined, nowMs: number): number | null {
  if (!headers) return null;
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get("retry-after");
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : null;
}

function bodyCode(error: APIError): string {
  const code = error.code ?? "";
  const type = error.type ?? "";
  return `${code} ${type}`.toLowerCase();
}

/** Sorts an SDK error (or anything thrown) into a class, without leaking request details. */
export function classifyError(error: unknown, nowMs: number): ClassifiedError {
  if (error instanceof APIUserAbortError || error instanceof APIConnectionTimeoutError) {
    return { errorClass: "timeout", message: "the model did not answer within the timeout", retryAfterMs: null };
  }
  if (error instanceof APIConnectionError) {
    return { errorClass: "network", message: `could not reach the endpoint (${error.message})`, retryAfterMs: null };
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const code = bodyCode(error);
    const wait = retryAfterMs(error.headers, nowMs);
    if (code.includes("insufficient_quota") || code.includes("billing") || status === 402) {
      return { errorClass: "quota", message: `quota exhausted (HTTP ${status}): ${error.message}`, retryAfterMs: null };
    }
    if (status === 401 || status === 403)
      return { errorClass: "auth", message: `the endpoint refused the key (HTTP ${status})`, retryAfterMs: null };
    if (status === 429) return { errorClass: "rateLimited", message: `rate limited (HTTP 429)`, retryAfterMs: wait };
    if (status === 408) return { errorClass: "timeout", message: "the endpoint timed out (HTTP 408)", retryAfterMs: wait };
    if (status >= 500) return { errorClass: "overloaded", message: `the endpoint failed (HTTP ${status})`, retryAfterMs: wait };
    return {
      errorClass: "badRequest",
      message: `the endpoint rejected the request (HTTP ${status}): ${error.message}`,
      retryAfterMs: null,
    };
  }
  if (error instanceof Error && error.name === "AbortError") {
    return { errorClass: "timeout", message: "the model did not answer within the timeout", retryAfterMs: null };
  }
  return { errorClass: "network", message: error instanceof Error ? error.message : String(error), retryAfterMs: null };
}
