import { describe, expect, it } from "vitest";
import { tokenCount } from "../../../../core/llm/llm-client.js";

describe("tokenCount: an endpoint's usage count as the log records it", () => {
  it("rounds, floors at 0, caps at ten million, reads numeric strings and takes anything else as 0", () => {
    expect(tokenCount(812.5)).toBe(813);
    expect(tokenCount(-3)).toBe(0);
    // Past 2^53 a count is no safe integer: the event schema would refuse it every time.
    expect(tokenCount(1e17)).toBe(10_000_000);
    expect(tokenCount(2 ** 53)).toBe(10_000_000);
    expect(tokenCount("12")).toBe(12);
    expect(tokenCount("twelve")).toBe(0);
    expect(tokenCount(Number.POSITIVE_INFINITY)).toBe(0);
    expect(tokenCount(null)).toBe(0);
    expect(tokenCount({ total: 5 })).toBe(0);
  });
});
