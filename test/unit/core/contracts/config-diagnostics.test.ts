import { describe, expect, it } from "vitest";
import {
  diagnoseConfigText,
  experimentConfigJsonSchema,
  formatConfigProblems,
  lineColumn,
} from "../../../../core/contracts/config-diagnostics.js";

describe("config diagnostics", () => {
  it("converts offsets to 1-based lines and columns", () => {
    expect(lineColumn("ab\ncd\nef", 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn("ab\ncd\nef", 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn("ab\ncd\nef", 6)).toEqual({ line: 3, column: 1 });
  });

  it("places a syntax error where the parser stopped", () => {
    const text = '{\n  "name": "x",\n  "agents": 100\n  "rounds": 3\n}';
    const d = diagnoseConfigText(text);
    expect(d.ok).toBe(false);
    if (d.ok) return;
    // Line 4 starts with two spaces; the key that needed a comma before it is at column 3.
    expect(formatConfigProblems(d.problems)).toEqual(["4:3 JSON syntax: comma expected"]);
  });

  it("places schema issues at their value, suggests the nearest key, names a missing one", () => {
    const text = '{\n  "name": "x",\n  "agents": 1,\n  "knobs": { "authorApeal": 1 }\n}';
    const d = diagnoseConfigText(text);
    if (d.ok) throw new Error("expected problems");
    expect(formatConfigProblems(d.problems, "cfg.json")).toEqual([
      'cfg.json:1:1 rounds: required key "rounds" is missing',
      "cfg.json:3:13 agents: Too small: expected number to be >=2",
      'cfg.json:4:14 knobs.authorApeal: unknown key "authorApeal" - did you mean "authorAppeal"?',
    ]);
    expect(d.problems[2]?.suggestion).toBe("authorAppeal");
  });

  it("suggests nothing for a key far from every known one, and lists the known keys instead", () => {
    const d = diagnoseConfigText('{ "name": "x", "agents": 10, "rounds": 2, "knobs": { "zzzzzzzz": 1 } }');
    if (d.ok) throw new Error("expected problems");
    expect(d.problems[0]?.suggestion).toBeUndefined();
    expect(d.problems[0]?.message).toContain("known here: feedbackLearning");
  });

  it("accepts a valid config and publishes a JSON Schema of it", () => {
    const d = diagnoseConfigText('{ "name": "x", "agents": 10, "rounds": 2 }');
    expect(d.ok && d.config.agents).toBe(10);
    const schema = experimentConfigJsonSchema();
    expect(schema["additionalProperties"]).toBe(false);
    expect(Object.keys(schema["properties"] as object)).toContain("knobs");
  });
});
