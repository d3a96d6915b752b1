import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ErrorCode =
  "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "VALIDATION_ERROR" | "CONFLICT" | "RATE_LIMITED" | "INTERNAL_ERROR" | "NOT_CONFIGURED";

/** The HTTP status of each code (the platform API's errors extend this map). */
export const statusOfCode: Record<ErrorCode, ContentfulStatusCode> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_ERROR: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  NOT_CONFIGURED: 503,
};

/** The one error type of the HTTP layer; `onError` turns it into `{success:false, error, code, hint}`. */
export class ApiError extends HTTPException {
  constructor(
    readonly code: ErrorCode,
    readonly error: string,
    readonly hint: string,
  ) {
    super(statusOfCode[code], { message: error });
  }

  body(): { success: false; error: string; code: ErrorCode; hint: string } {
    return { success: false, error: this.error, code: this.code, hint: this.hint };
  }
}
