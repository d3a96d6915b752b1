import { describe, expect, it } from "vitest";
import { checkTurnAnswer, resolveTurnAnswer, turnJsonSchemaFor } from "../../../../core/llm/turn-output.js";
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

/**
 * A stand-in for a server that decodes under the request's schema (guided decoding): each string
 * field takes the first value its enumeration allows (or a fixed text), each array one element, and
 * each union every variant once - so every action type the schema offers is produced.
 */
function decodeUnder(schema: unknown): unknown {
  if (schema === null || typeof schema !== "object") return null;
  const node = schema as Record<string, unknown>;
  if (Array.isArray(node["enum"])) return node["enum"][0];
  if (node["const"] !== undefined) return node["const"];
  if (node["type"] === "string") return "text";
  if (node["type"] === "array") return (node["maxItems"] as number | undefined) === 0 ? [] : [decodeUnder(node["items"])];
  if (node["type"] === "object") {
    const properties = (node["properties"] ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, decodeUnder(value)]));
  }
  return null;
}

describe("the prompt's own answer schema", () => {
  it("lets a schema-following decoder produce only actions that stand: none dropped", () => {
    const schema = turnJsonSchemaFor(prompt) as { properties: { actions: { items: { anyOf?: unknown[]; oneOf?: unknown[] } } } };
    const variants = schema.properties.actions.items.anyOf ?? schema.properties.actions.items.oneOf ?? [];
    const answer = { actions: variants.map(decodeUnder), note: "" };
    const checked = checkTurnAnswer(JSON.stringify(answer), prompt);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.dropped).toEqual([]);
    // All five action types were offered (the prompt shows an item, memories, an agent, a community).
    expect(checked.answer.actions.map((a) => a.type)).toEqual(["post", "comment", "vote", "follow", "subscribe"]);
  });

  it("offers no comment or vote when no item is shown, and no memory to cite when none is", () => {
    const bare: TurnPrompt = { ...prompt, items: new Map(), memories: new Map() };
    const text = JSON.stringify(turnJsonSchemaFor(bare));
    expect(text).not.toContain('"const":"comment"');
    expect(text).not.toContain('"const":"vote"');
    expect(text).toContain('"maxItems":0');
  });
});
