import { describe, expect, it } from "vitest";
import { RandomStream } from "../../../../core/random/stream.js";
import { recordVotes, votedPageOf } from "../../../../durable-objects/agent/voted-page.js";
import type { VotedPage } from "../../../../durable-objects/agent/voted-page.js";

/**
 * The table the page replaces: every target ever voted on with the round of its last vote
 * (INSERT OR REPLACE), read as `ORDER BY round DESC, target LIMIT size`.
 */
function tableModel(votes: readonly { target: string; round: number }[], size: number): string[] {
  const table = new Map<string, number>();
  for (const { target, round } of votes) table.set(target, round);
  return [...table]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, size)
    .map(([target]) => target);
}

describe("the voted page", () => {
  it("shows what the whole table would show, for any sequence of votes", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = new RandomStream(seed, "voted-page", 0, "test");
      const size = 1 + random.int(12);
      const targets = Array.from({ length: 30 }, (_, i) => `p${i}`);
      let page: VotedPage = [];
      const all: { target: string; round: number }[] = [];
      for (let round = 0; round < 60; round++) {
        const count = random.int(4);
        const now = Array.from({ length: count }, () => targets[random.int(targets.length)] ?? "p0");
        page = recordVotes(page, now, round, size);
        for (const target of now) all.push({ target, round });
        expect(page.map(([target]) => target)).toEqual(tableModel(all, size));
        expect(page.length).toBeLessThanOrEqual(size);
      }
    }
  });

  it("orders rows read from an older agent's table like the table did", () => {
    expect(
      votedPageOf(
        [
          ["b", 1],
          ["a", 1],
          ["c", 3],
        ],
        2,
      ),
    ).toEqual([
      ["c", 3],
      ["a", 1],
    ]);
  });
});
