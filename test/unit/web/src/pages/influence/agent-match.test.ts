import { describe, expect, it } from "vitest";
import type { InfluenceGraphNode } from "../../../../../../core/contracts/graph.js";
import { matchAgents } from "../../../../../../web/src/pages/influence/agent-match.js";

const node = (id: string, name?: string): InfluenceGraphNode => ({
  id,
  ...(name === undefined ? {} : { name }),
  x: 0,
  y: 0,
  community: 0,
  group: null,
  policy: "sim",
  topWindows: [],
  persistentLeader: false,
});
const nodes = [node("a0001", "CobaltFalcon1"), node("a0010", "AmberFox10"), node("a0100", "a0001x"), node("b7"), node("a0011", "falcon")];

describe("matchAgents", () => {
  it("puts an exact id first, then prefixes, then substrings, ties in node order", () => {
    // a0001 exact (0); a0001x is a name with that prefix (1).
    expect(matchAgents(nodes, "a0001")).toEqual([0, 2]);
    // Prefix of four ids, in node order.
    expect(matchAgents(nodes, "a00")).toEqual([0, 1, 2, 4]);
  });

  it("matches names case-insensitively, exact before substring", () => {
    // "falcon" is a0011's exact name; CobaltFalcon1 only contains it.
    expect(matchAgents(nodes, "  FALCON ")).toEqual([4, 0]);
  });

  it("finds nothing for an empty query or a stranger, and honours the limit", () => {
    expect(matchAgents(nodes, "")).toEqual([]);
    expect(matchAgents(nodes, "zebra")).toEqual([]);
    expect(matchAgents(nodes, "a", 2)).toEqual([0, 1]);
  });
});
