import { describe, expect, it } from "vitest";
import { z } from "zod";
import { classifyPlatformError, InvariantViolation } from "../../../../core/engine/platform-errors.js";

/** An error as the runtime hands it over, with the flags it sets on Durable Object failures. */
function platformError(message: string, flags: { retryable?: boolean; overloaded?: boolean; durableObjectReset?: boolean } = {}): Error {
  return Object.assign(new Error(message), flags);
}

function zodError(): unknown {
  try {
    z.strictObject({ round: z.number() }).parse({ round: "x" });
  } catch (error) {
    return error;
  }
  throw new Error("zod accepted a bad row");
}

describe("classifyPlatformError", () => {
  it("calls the runtime's retryable and reset errors transient", () => {
    for (const error of [
      platformError("Durable Object reset because its code was updated.", { retryable: true }),
      platformError("Network connection lost.", { retryable: true }),
      platformError("something the runtime flags", { retryable: true }),
      platformError("call queued behind a reset", { durableObjectReset: true }),
      platformError("Network connection lost."),
      platformError("Durable Object reset because its code was updated."),
    ]) {
      expect(classifyPlatformError(error).errorClass).toBe("transient");
    }
  });

  it("calls an overloaded callee overloaded, even when it is also marked retryable", () => {
    expect(classifyPlatformError(platformError("Durable Object is overloaded. Too many requests queued.")).errorClass).toBe("overloaded");
    const flagged = classifyPlatformError(platformError("busy", { retryable: true, overloaded: true }));
    expect(flagged).toMatchObject({ errorClass: "overloaded", rule: "overloaded flag" });
  });

  it("calls bugs and bad stored data poison pills, locally and after an RPC", () => {
    const local = zodError();
    expect(classifyPlatformError(local)).toMatchObject({ errorClass: "poisonPill", rule: "ZodError" });
    // Across some transports a ZodError arrives as a plain Error that keeps zod's message...
    const remote = new Error(local instanceof Error ? local.message : "");
    expect(classifyPlatformError(remote)).toMatchObject({ errorClass: "poisonPill", rule: "ZodError (remote)" });
    // ...and as workerd hands it over: a plain Error whose message is the class name.
    expect(classifyPlatformError(new Error("ZodError"))).toMatchObject({ errorClass: "poisonPill", rule: "ZodError (remote)" });
    expect(classifyPlatformError(new TypeError("cannot read properties of undefined")).errorClass).toBe("poisonPill");
    const invariant = classifyPlatformError(new InvariantViolation("round 3 has no opening part"));
    expect(invariant).toMatchObject({ errorClass: "poisonPill", reason: "RangeError: round 3 has no opening part" });
    expect(classifyPlatformError("a thrown string").errorClass).toBe("poisonPill");
  });

  it("retries an Error that says nothing of itself (the steps are idempotent)", () => {
    expect(classifyPlatformError(new Error("internal error")).errorClass).toBe("transient");
    expect(classifyPlatformError(new Error("[not json")).errorClass).toBe("transient");
  });
});
