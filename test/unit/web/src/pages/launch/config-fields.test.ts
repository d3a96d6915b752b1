import { describe, expect, it } from "vitest";
import { fieldPlan, setValueAt, valueAt } from "../../../../../../web/src/pages/launch/config-fields.js";

const schema = {
  type: "object",
  properties: {
    name: { type: "string" },
    agents: { type: "integer", minimum: 2 },
    groups: { type: "array", items: {} },
    feed: {
      type: "object",
      properties: { algorithm: { type: "string", enum: ["hot", "new"] }, showScores: { type: "boolean", default: true } },
    },
    knobs: {
      type: "object",
      properties: {
        appeal: { type: "number", minimum: 0, maximum: 1, default: 0 },
        nested: { type: "object", properties: { x: { type: "number" } } },
      },
    },
    llm: { type: "object", properties: { providers: { type: "array" } } },
  },
};

describe("the launch form's fields", () => {
  it("gives every plain setting a field, by section, and names what only the JSON edits", () => {
    const plan = fieldPlan(schema);
    expect(plan.sections.map((s) => [s.name, s.fields.map((f) => `${f.path.join(".")}:${f.kind}`)])).toEqual([
      ["basics", ["name:string", "agents:integer"]],
      ["feed", ["feed.algorithm:choice", "feed.showScores:boolean"]],
      ["knobs", ["knobs.appeal:number", "knobs.nested.x:number"]],
    ]);
    expect(plan.jsonOnly).toEqual(["groups", "llm.providers"]);
    expect(plan.sections[2]?.fields[0]).toMatchObject({ min: 0, max: 1, defaultValue: 0 });
    expect(plan.sections[1]?.fields[0]?.options).toEqual(["hot", "new"]);
  });

  it("reads and writes values at a path, removing a key to let its default apply", () => {
    const config: Record<string, unknown> = { name: "x" };
    setValueAt(config, ["knobs", "appeal"], 0.5);
    expect(config).toEqual({ name: "x", knobs: { appeal: 0.5 } });
    expect(valueAt(config, ["knobs", "appeal"])).toBe(0.5);
    setValueAt(config, ["knobs", "appeal"], undefined);
    expect(config).toEqual({ name: "x", knobs: {} });
    expect(valueAt(config, ["feed", "algorithm"])).toBeUndefined();
  });
});
