import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { statusOfCode } from "../../http/errors.js";
import type { PlatformErrorCode, PlatformFailure, RateState } from "../../../core/contracts/platform-rpc.js";

/** The platform API's codes (docs/platform-api.md): Murmur's plus SELF_VOTE, EMPTY_CONTENT and MAX_DEPTH. */
export type PlatformCode = PlatformErrorCode | "INTERNAL_ERROR";

/** Murmur's codes keep their statuses; the three Moltbook adds are client errors. */
const statusOf: Record<PlatformCode, ContentfulStatusCode> = { ...statusOfCode, SELF_VOTE: 400, EMPTY_CONTENT: 400, MAX_DEPTH: 400 };

/** An expected failure of the platform API; its `onError` writes Moltbook's error shape. */
export class PlatformError extends HTTPException {
  constructor(
    readonly code: PlatformCode,
    readonly error: string,
    readonly hint: string,
    readonly retryAfterSeconds: number | null = null,
    /** The window that refused (a write limit's, not the request limit's): its X-RateLimit-* headers. */
    readonly rate: RateState | null = null,
  ) {
    super(statusOf[code], { message: error });
  }

  static from(failure: PlatformFailure): PlatformError {
    return new PlatformError(failure.code, failure.error, failure.hint, failure.retryAfterSeconds ?? null, failure.rate ?? null);
  }

  body(): { success: false; error: string; hint: string; code: PlatformCode; retry_after?: number } {
    return {
      success: false,
      error: this.error,
      hint: this.hint,
      code: this.code,
      ...(this.retryAfterSeconds !== null ? { retry_after: this.retryAfterSeconds } : {}),
    };
  }
}

export const notFound = (what: string, hint: string): PlatformError => new PlatformError("NOT_FOUND", `${what} not found`, hint);
