import { describe, expect, it } from "vitest";
import {
  importanceScaleMax,
  keptNoteImportance,
  llmObservedPostImportance,
  llmVoteImportance,
  ownCommentImportance,
  ownPostImportance,
  reflectionImportance,
  replyImportance,
  simObservedPostImportance,
  simVoteImportance,
} from "../../../../core/memory/importance.js";

describe("the importance scale", () => {
  it("places each kind of row where the memory stream has always put it", () => {
    expect(replyImportance).toBe(6);
    expect(ownPostImportance).toBe(5);
    expect(ownCommentImportance).toBe(3);
    expect(keptNoteImportance).toBe(5);
    expect(reflectionImportance).toBe(8);
    expect(llmVoteImportance).toBe(4);
  });

  it("keeps every row within the scale and a reflection above all but the most upvoted observed posts", () => {
    const belowReflection = [
      replyImportance,
      ownPostImportance,
      ownCommentImportance,
      keptNoteImportance,
      llmVoteImportance,
      simVoteImportance(-2),
    ];
    for (const importance of belowReflection) expect(importance).toBeLessThan(reflectionImportance);
    expect(simObservedPostImportance(1e9)).toBe(9);
    expect(llmObservedPostImportance(1e9)).toBe(9);
    expect(importanceScaleMax).toBe(10);
    // sim: 2 ln(1 + 20) = 6.09 -> 6, so a post at score 20 sits exactly at a reflection's 8.
    expect(simObservedPostImportance(20)).toBe(reflectionImportance);
  });

  it("weighs a sim vote by the size of its swing, either direction", () => {
    expect(simVoteImportance(undefined)).toBe(3);
    expect(simVoteImportance(1)).toBe(4);
    expect(simVoteImportance(-2)).toBe(5);
  });

  it("scores an observed post in whole steps for sim agents, on a log2 curve for llm agents, both capped at 9", () => {
    // sim: 2 + round(2 ln(1 + score)): ln 11 = 2.398 -> 4.796 -> 5; ln 2 = 0.693 -> 1.386 -> 1
    expect(simObservedPostImportance(0)).toBe(2);
    expect(simObservedPostImportance(-5)).toBe(2);
    expect(simObservedPostImportance(1)).toBe(3);
    expect(simObservedPostImportance(10)).toBe(7);
    expect(simObservedPostImportance(1000)).toBe(9);
    // llm: 2 + log2(1 + score)
    expect(llmObservedPostImportance(0)).toBe(2);
    expect(llmObservedPostImportance(3)).toBe(4);
    expect(llmObservedPostImportance(2)).toBeCloseTo(3.584962500721156, 12); // 2 + log2 3
    expect(llmObservedPostImportance(1000)).toBe(9);
  });
});
