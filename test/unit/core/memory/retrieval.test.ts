import { describe, expect, it } from "vitest";
import type { StoredMemory } from "../../../../core/memory/memory-row.js";
import { memoryVector } from "../../../../core/memory/memory-vector.js";
import { retrieveMemories, simRecall, simRetrievalScore } from "../../../../core/memory/retrieval.js";
import { memoryRecencyDecayPerRound } from "../../../../core/tunables.js";

// Topic 0 is "consciousness" (qualia, awareness, mind), topic 1 "tooling" (compiler, runtime).
const consciousness = 0;
const tooling = 1;
const round = 10;
const d = memoryRecencyDecayPerRound; // 0.97

function row(
  id: string,
  memoryRound: number,
  kind: StoredMemory["kind"],
  importance: number,
  text: string,
  sources: string[],
): StoredMemory {
  return { id, round: memoryRound, kind, importance, sources, text };
}

describe("sim retrieval", () => {
  // Scores at round 10 on the consciousness topic (recency + importance / 10 + on-topic):
  const fresh = row("m.a1.0", 10, "observation", 2, "qualia awareness", ["p.9.a2.0", "a2"]); // 1 + 0.2 + 1 = 2.2
  const oldOffTopic = row("m.a1.1", 0, "observation", 9, "compiler runtime", ["p.0.a3.0", "a3"]); // 0.97^10 + 0.9 + 0 = 1.637
  const ownAction = row("m.a1.2", 10, "action", 9, "qualia", ["p.10.a1.0"]); // 2.9, but an own action is not recalled
  const noItem = row("m.a1.3", 10, "feedback", 9, "qualia", ["a5"]); // 2.9, but names no item to cite
  const reflection = row("m.a1.4", 5, "reflection", 8, "qualia mind", ["c.3.a4.0"]); // 0.97^5 + 0.8 + 1 = 2.659
  const memories = [fresh, oldOffTopic, ownAction, noItem, reflection];

  it("adds recency, importance on the scale of 10, and topic relevance", () => {
    expect(simRetrievalScore(fresh, round, consciousness)).toBeCloseTo(2.2, 12);
    expect(simRetrievalScore(oldOffTopic, round, consciousness)).toBeCloseTo(d ** 10 + 0.9, 12);
    expect(simRetrievalScore(reflection, round, consciousness)).toBeCloseTo(d ** 5 + 1.8, 12);
    expect(simRetrievalScore(oldOffTopic, round, tooling)).toBeCloseTo(d ** 10 + 1.9, 12);
  });

  it("recalls the best-scoring citable row: the on-topic reflection, or on tooling the old important post", () => {
    expect(simRecall(memories, round, consciousness)?.id).toBe("m.a1.4");
    // tooling: fresh 1.2, old 0.737 + 0.9 + 1 = 2.637, reflection 0.859 + 0.8 = 1.659
    expect(simRecall(memories, round, tooling)?.id).toBe("m.a1.1");
    expect(simRecall([ownAction, noItem], round, consciousness)).toBeUndefined();
  });

  it("breaks a tie by the smaller id in code-point order", () => {
    const a = row("m.a1.9", 10, "observation", 4, "qualia", ["p.1.a2.0"]);
    const b = row("m.a1.10", 10, "observation", 4, "qualia", ["p.1.a3.0"]);
    expect(simRecall([a, b], round, consciousness)?.id).toBe("m.a1.10");
    expect(simRecall([b, a], round, consciousness)?.id).toBe("m.a1.10");
  });
});

describe("llm retrieval", () => {
  // Without vectors relevance is 0 for all. Recency min-max: round 10 -> 1, round 0 -> 0, round 5
  // -> (0.97^5 - 0.97^10) / (1 - 0.97^10) = 0.462. Importance min-max over 2..8: 0, 1, 0.5.
  // new: 1 + 0 = 1, old: 0 + 1 = 1 (a tie: the newer row first), mid: 0.462 + 0.5 = 0.962.
  const newest = { id: "m.a1.2", round: 10, importance: 2, vector: null };
  const oldest = { id: "m.a1.0", round: 0, importance: 8, vector: null };
  const middle = { id: "m.a1.1", round: 5, importance: 5, vector: null };

  it("ranks by scaled recency + importance + relevance, ties to the newer row", () => {
    expect(retrieveMemories([oldest, middle, newest], new Float32Array(64), round, 3).map((m) => m.id)).toEqual([
      "m.a1.2",
      "m.a1.0",
      "m.a1.1",
    ]);
  });

  it("lifts the row relevant to the query to the top (relevance scaled to 1, the others 0)", () => {
    const relevant = { ...middle, vector: memoryVector("qualia awareness") };
    const query = memoryVector("qualia awareness");
    expect(retrieveMemories([oldest, relevant, newest], query, round, 2).map((m) => m.id)).toEqual(["m.a1.1", "m.a1.2"]);
  });

  it("returns nothing for k = 0 or no candidates", () => {
    expect(retrieveMemories([oldest], new Float32Array(64), round, 0)).toEqual([]);
    expect(retrieveMemories([], new Float32Array(64), round, 4)).toEqual([]);
  });
});
