import { describe, expect, it } from "vitest";
import { commentScoreOrderSql, postOrderSql } from "../../../../durable-objects/shard/shard-order.js";

describe("shard sort orders", () => {
  it("orders posts by score, recency or hot rank, ties broken by id", () => {
    expect(postOrderSql("top")).toBe("(up - down) DESC, id");
    expect(postOrderSql("new")).toBe("round DESC, id");
    expect(postOrderSql("hot")).toBe("hot DESC, id");
  });

  it("orders a post's comments best scored first, as the score index of shard-schema.ts", () => {
    expect(commentScoreOrderSql).toBe("(up - down) DESC, id");
  });
});
