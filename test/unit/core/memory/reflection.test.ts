import { describe, expect, it } from "vitest";
import { enoughToReflect, reflectionDue, simReflection } from "../../../../core/memory/reflection.js";
import type { StoredMemory } from "../../../../core/memory/memory-row.js";

const memory = { enabled: true, capacity: 200, reflectionEveryRounds: 24, rememberCitations: true };

function row(n: number, kind: StoredMemory["kind"], text: string, sources: string[]): StoredMemory {
  return { id: `m.a1.${n}`, round: n, kind, importance: 3, sources, text };
}

describe("the reflection trigger", () => {
  it("fires every reflectionEveryRounds rounds after the last reflection, never when off", () => {
    expect(reflectionDue(memory, 23, -1)).toBe(true); // 23 - (-1) = 24
    expect(reflectionDue(memory, 22, -1)).toBe(false);
    expect(reflectionDue(memory, 47, 24)).toBe(false);
    expect(reflectionDue(memory, 48, 24)).toBe(true);
    expect(reflectionDue({ ...memory, reflectionEveryRounds: 0 }, 1000, -1)).toBe(false);
    expect(reflectionDue({ ...memory, enabled: false }, 1000, -1)).toBe(false);
  });

  it("needs at least four rows to condense", () => {
    expect(enoughToReflect(3)).toBe(false);
    expect(enoughToReflect(4)).toBe(true);
  });
});

describe("a sim reflection", () => {
  const memories = [
    row(0, "observation", "qualia compiler", ["p.0.a2.0", "a2"]),
    row(1, "observation", "qualia runtime", ["c.1.a3.0", "a3"]),
    row(2, "feedback", "qualia compiler", ["p.0.a2.0", "a4"]),
    row(3, "action", "kernel", ["p.3.a1.0"]),
    row(4, "reflection", "qualia qualia qualia deploy", ["p.9.a9.0"]),
  ];

  it("keeps the most recurring words (reflections aside) and cites the items, in order", () => {
    // qualia 3, compiler 2, kernel 1, runtime 1 (ties in code-point order); "deploy" only in a reflection.
    expect(simReflection(memory, 24, -1, memories)).toEqual([
      {
        kind: "reflection",
        importance: 8,
        sources: ["c.1.a3.0", "p.0.a2.0", "p.3.a1.0", "p.9.a9.0"],
        text: "I keep coming back to qualia compiler kernel runtime",
      },
    ]);
  });

  it("writes nothing when not due or with too few rows", () => {
    expect(simReflection(memory, 20, -1, memories)).toEqual([]);
    expect(simReflection(memory, 24, -1, memories.slice(0, 3))).toEqual([]);
  });
});
