import { describe, expect, it } from "vitest";
import { citedSources, simCitation } from "../../../../core/memory/citation.js";

describe("sim citations", () => {
  it("writes the item and its author", () => {
    expect(simCitation("p.3.a0042.0", "a0042")).toBe(" Still thinking about p.3.a0042.0 by @a0042.");
    expect(simCitation("p.3.a0042.0", undefined)).toBe(" Still thinking about p.3.a0042.0.");
  });
  it("reads back what texts cite, sorted, without the excluded sources", () => {
    const texts = [
      `words here${simCitation("p.3.a0042.0", "a0042")}${simCitation("p.9.a0007.1", "a0007")}`,
      `a reply${simCitation("p.5.a0001.0", undefined)}`,
      "no citation: p.4.a0002.0 by @a0002 mentioned in passing",
    ];
    expect(citedSources(texts, ["p.9.a0007.1"])).toEqual(["a0007", "a0042", "p.3.a0042.0", "p.5.a0001.0"]);
    expect(citedSources([], [])).toEqual([]);
  });
});
