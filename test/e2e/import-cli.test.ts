import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "..", "..");
const murmur = (args: string[]) =>
  spawnSync(process.execPath, [join(repo, "bin", "murmur.mjs"), ...args], { cwd: repo, encoding: "utf8", timeout: 120_000 });

/** stderr is exactly one `murmur: ...` line: no stack trace, nothing else. */
const oneLine = (stderr: string): string => {
  const lines = stderr.split("\n").filter((line) => line !== "");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^murmur: /);
  return lines[0] ?? "";
};

describe("murmur import moltbook (end to end)", () => {
  const dir = mkdtempSync(join(tmpdir(), "murmur-import-cli-"));
  const table = join(dir, "posts.csv");
  writeFileSync(
    table,
    ["uuid,agent,ts,headline,body", "p1,zed,2026-02-01 10:05:00,Hello,First post", "p2,amy,2026-02-01 11:30:00,Again,Second post"].join(
      "\n",
    ),
  );
  const mapping = join(dir, "mapping.json");
  writeFileSync(
    mapping,
    JSON.stringify({ fields: { id: "uuid", author_name: "agent", created_at: "ts", title: "headline", content: "body" } }),
  );

  it("imports through a mapping file and reports wall time and peak RSS", () => {
    const out = join(dir, "run");
    const result = murmur(["import", "moltbook", table, "--map", mapping, "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("imported 2 posts and 0 comments by 2 agents into 2 hourly rounds");
    expect(result.stdout).toMatch(/import took [\d.]+ s, peak RSS \d+ MB/);
    expect(readFileSync(join(out, "events.ndjson"), "utf8")).toContain('"id":"p.1.amy.p2"');
  });

  it("says in one line, with exit 2, that a file is missing, a mapping is bad or a source is unknown", () => {
    const missing = murmur(["import", "moltbook", join(dir, "nope.csv"), "--out", join(dir, "x")]);
    expect(missing.status).toBe(2);
    expect(oneLine(missing.stderr)).toContain("nope.csv: no such file");

    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ fields: { author: "agent", auther_name: "agent" } }));
    const badMap = murmur(["import", "moltbook", table, "--map", bad, "--out", join(dir, "y")]);
    expect(badMap.status).toBe(2);
    expect(oneLine(badMap.stderr)).toMatch(/bad\.json: fields: .*"auther_name"/);

    const source = murmur(["import", "reddit", table, "--out", join(dir, "z")]);
    expect(source.status).toBe(2);
    expect(oneLine(source.stderr)).toContain('unknown source "reddit"');
  });

  it("says in one line, with exit 1, which file could not be read", () => {
    const broken = join(dir, "broken.parquet");
    writeFileSync(broken, "PAR1 not parquet at all PAR1");
    const result = murmur(["import", "moltbook", broken, "--out", join(dir, "w")]);
    expect(result.status).toBe(1);
    expect(oneLine(result.stderr)).toContain("broken.parquet (parquet, after 0 items)");
  });
});
