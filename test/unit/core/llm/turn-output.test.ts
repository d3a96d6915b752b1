import { describe, expect, it } from "vitest";
import { checkTurnAnswer, resolveTurnAnswer } from "../../../../core/llm/turn-output.js";
import type { TurnPrompt } from "../../../../core/llm/turn-prompt.js";

/**
 * Which memory rows a post or comment is logged as referencing (issue 13): only the rows the
 * answer cites. A prompt that showed M1-M3 to an answer citing nothing yields no reference at all.
 */

const prompt: TurnPrompt = {
  messages: [],
  items: new Map([["P1", { kind: "post", id: "p.1.a2.0", author: "a2" }]]),
  memories: new Map([
    ["M1", "m.a1.0"],
    ["M2", "m.a1.4"],
    ["M3", "m.a1.9"],
  ]),
  agents: new Set(["a2"]),
  submolts: ["general"],
};

function resolve(actions: unknown[]) {
  const checked = checkTurnAnswer(JSON.stringify({ actions, note: "" }), prompt);
  if (!checked.ok) throw new Error(checked.error);
  return resolveTurnAnswer(checked.answer, prompt, "a1", 5);
}

describe("resolveTurnAnswer's memory references", () => {
  it("logs no reference for a post and a comment that cite no memory, though three rows were shown", () => {
    const turn = resolve([
      { type: "post", submolt: "general", title: "A title", content: "Some content", memories: [] },
      { type: "comment", on: "P1", content: "A reply" },
    ]);
    expect(turn.actions.map((a) => a.type)).toEqual(["post", "comment"]);
    expect(turn.references).toEqual([]);
  });

  it("logs exactly the row an action cites (M2), and nothing for the action that cites none", () => {
    const turn = resolve([
      { type: "comment", on: "P1", content: "A reply", memories: ["M2"] },
      { type: "post", submolt: "general", title: "A title", content: "Some content", memories: [] },
    ]);
    expect(turn.references).toEqual([{ action: "c.5.a1.0", memoryIds: ["m.a1.4"] }]);
  });

  it("names a row cited twice once", () => {
    const turn = resolve([{ type: "post", submolt: "general", title: "A title", content: "Some content", memories: ["M3", "M3"] }]);
    expect(turn.references).toEqual([{ action: "p.5.a1.0", memoryIds: ["m.a1.9"] }]);
  });
});
