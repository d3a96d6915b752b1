import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { launchBrowser, screenshot, watchedPage } from "../support/browser.js";
import { structureResultSchema } from "../../core/contracts/report-structure.js";

const repo = resolve(import.meta.dirname, "..", "..");
const murmur = (args: string[]) =>
  spawnSync(process.execPath, [join(repo, "bin", "murmur.mjs"), ...args], { cwd: repo, encoding: "utf8", timeout: 170_000 });

describe("murmur analyze --compare (end to end)", () => {
  it("puts a real log's twin statistics beside the run's, each with its own mark, and report.html shows them in Chromium", async () => {
    const dir = mkdtempSync(join(tmpdir(), "murmur-compare-"));
    const at = (minutes: number): string => new Date(Date.parse("2026-01-28T09:00:00Z") + minutes * 60_000).toISOString();
    // Ties B -> A (c0), A -> B (c1), C -> A (c2): two of three reciprocated; no replies; depth 1.
    const rows = [
      { id: "p0", author: "A", submolt: "general", title: "t", content: "first post", created_at: at(0), upvotes: 0, downvotes: 0 },
      { id: "p1", author: "B", submolt: "general", title: "t", content: "second post", created_at: at(1), upvotes: 0, downvotes: 0 },
      { id: "c0", author: "B", post_id: "p0", parent_id: null, content: "one", created_at: at(70), upvotes: 0, downvotes: 0 },
      { id: "c1", author: "A", post_id: "p1", parent_id: null, content: "two", created_at: at(80), upvotes: 0, downvotes: 0 },
      { id: "c2", author: "C", post_id: "p0", parent_id: null, content: "three", created_at: at(90), upvotes: 0, downvotes: 0 },
    ];
    const file = join(dir, "moltbook.jsonl");
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const real = join(dir, "real");
    expect(murmur(["import", "moltbook", file, "--out", real]).status).toBe(0);

    const out = join(dir, "run");
    expect(murmur(["run", "--agents", "30", "--rounds", "6", "--seed", "2", "--out", out, "--quiet"]).status).toBe(0);
    const analysed = murmur(["analyze", out, "--compare", real]);
    expect(analysed.stderr).toBe("");
    expect(analysed.status).toBe(0);
    const structure = structureResultSchema.parse(JSON.parse(readFileSync(join(out, "report.json"), "utf8")).metrics.structure);
    expect(structure.comparedWith).toBe("real");
    const row = (key: string) => structure.twin.find((r) => r.key === key);
    expect(row("reciprocity")?.compared).toEqual({ value: 2 / 3, inBand: false });
    expect(row("noReplyShare")?.compared).toEqual({ value: 1, inBand: true });
    expect(row("meanThreadDepth")?.compared).toEqual({ value: 1, inBand: true });
    // Three agents: no power-law tail, so no value and no mark.
    expect(row("powerLawAlpha")?.compared).toEqual({ value: null, inBand: null });
    // The run's own values are untouched by the comparison.
    expect(row("reciprocity")?.value).toBe(structure.reciprocity);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("real log (real)");

    const browser = await launchBrowser();
    try {
      const { page, errors } = await watchedPage(browser);
      await page.goto(pathToFileURL(join(out, "report.html")).href);
      const section = page.locator("section", { hasText: "the Moltbook twin" });
      const header = await section.locator("table tr").first().textContent();
      expect(header).toContain("real log (real)");
      const reciprocity = section.locator("table tr", { hasText: "reciprocity" }).first();
      // statistic, this log, in band, real log, in band, published, band, source.
      expect(await reciprocity.locator("td").nth(3).textContent()).toBe("0.667");
      expect(await reciprocity.locator("td").nth(4).textContent()).toBe("out");
      await section.scrollIntoViewIfNeeded();
      await screenshot(page, "09-twin-report-compared");
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }

    const missing = murmur(["analyze", out, "--compare", join(dir, "nowhere")]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("no such file or directory");
  });

  it("analyses a log whose agents are named like Object.prototype's members", () => {
    const dir = mkdtempSync(join(tmpdir(), "murmur-names-"));
    const names = ["constructor", "__proto__", "__defineGetter__", "toString", "hasOwnProperty", "valueOf"];
    const at = (minutes: number): string => new Date(Date.parse("2026-01-28T09:00:00Z") + minutes * 60_000).toISOString();
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      rows.push({
        id: `p${i}`,
        author: names[i % 6],
        submolt: "general",
        title: "t",
        content: `post ${i}`,
        created_at: at(40 * i),
        upvotes: 1,
        downvotes: 0,
      });
      // Each post answered by the next two names in the ring.
      for (const k of [1, 2]) {
        rows.push({
          id: `c${i}.${k}`,
          author: names[(i + k) % 6],
          post_id: `p${i}`,
          parent_id: null,
          content: `reply ${i} ${k}`,
          created_at: at(40 * i + 70 + k),
          upvotes: 0,
          downvotes: 0,
        });
      }
    }
    writeFileSync(join(dir, "d.jsonl"), rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const run = join(dir, "run");
    expect(murmur(["import", "moltbook", join(dir, "d.jsonl"), "--out", run]).status).toBe(0);
    const analysed = murmur(["analyze", run]);
    expect(analysed.stderr).toBe("");
    expect(analysed.status).toBe(0);
    const graph = JSON.parse(readFileSync(join(run, "graph.json"), "utf8")) as { nodes: { id: string; community: number }[] };
    const nodes = new Map(graph.nodes.map((n) => [n.id, n.community]));
    for (const name of names) expect(nodes.get(name)).toBeGreaterThanOrEqual(0);
    const structure = structureResultSchema.parse(JSON.parse(readFileSync(join(run, "report.json"), "utf8")).metrics.structure);
    // A name answers the two before it in the ring (a -> b for b one or two behind a), never the
    // two after it, so no tie is reciprocated.
    expect(structure.reciprocity).toBe(0);
  });
});
