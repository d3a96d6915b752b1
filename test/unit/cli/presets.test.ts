import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../../cli/presets.js";

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "murmur-config-")), "config.json");
  writeFileSync(path, text);
  return path;
}

describe("resolveConfig with a config file", () => {
  it("reports a syntax error at its line and column", () => {
    const path = configFile('{\n  "name": "x",\n  "agents": 50\n  "rounds": 2\n}\n');
    expect(() => resolveConfig({ configFile: path }, {})).toThrow(`${path}:4:3 JSON syntax: comma expected`);
  });

  it("places a misspelt key and suggests the known one", () => {
    const path = configFile('{\n  "name": "x",\n  "agents": 50,\n  "rounds": 2,\n  "knobs": { "authorApeal": 1 }\n}\n');
    expect(() => resolveConfig({ configFile: path }, {})).toThrow(
      `${path}:5:14 knobs.authorApeal: unknown key "authorApeal" - did you mean "authorAppeal"?`,
    );
  });

  it("leaves an issue an override caused as the schema gave it, and accepts what an override fixes", () => {
    const path = configFile('{ "name": "x", "agents": 50, "rounds": 2 }');
    expect(() => resolveConfig({ configFile: path }, { agents: 1 })).toThrow("agents: Too small");
    expect(resolveConfig({ configFile: configFile('{ "name": "x", "agents": 1, "rounds": 2 }') }, { agents: 20 }).agents).toBe(20);
  });
});
