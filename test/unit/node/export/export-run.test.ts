import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import Papa from "papaparse";
import initSqlJs from "sql.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportRun } from "../../../../node/export/export-run.js";

/**
 * A hand-written log with every event type and hostile text (markup, quotes, commas, line breaks,
 * NUL, emoji), exported in the three table formats and read back with independent readers
 * (papaparse, hyparquet, sql.js). Every expected value below is written out by hand from the log.
 */

const t = (round: number): string => `2026-01-01T${String(round).padStart(2, "0")}:00:00.000Z`;
const hostileName = `Tom <&> "Q" 'x'\u0000,;`;
const hostileContent = 'line1\r\nline2, "quoted" \u0000 é 🦀';

const events: Record<string, unknown>[] = [
  { round: 0, seq: 0, type: "submolt", name: "general" },
  { round: 0, seq: 1, type: "submolt", name: "a,b", description: 'say "hi"\nthere' },
  { round: 0, seq: 2, type: "agent", agent: "a0", name: hostileName, persona: { b: 1, a: [2] }, policy: "sim", group: "g<1>" },
  { round: 0, seq: 3, type: "agent", agent: "a1", name: "Ann", persona: {}, policy: "llm", model: "m1" },
  { round: 0, seq: 4, type: "agent", agent: "evil_name", name: "evil_name", persona: {}, policy: "external" },
  { round: 1, seq: 0, type: "post", agent: "a0", id: "p.1.a0.0", submolt: "general", title: 'Hello, "world"', content: hostileContent },
  {
    round: 1,
    seq: 1,
    type: "post",
    agent: "a1",
    id: "p.1.a1.0",
    submolt: "a,b",
    title: "",
    content: "x",
    url: "https://example.test/?a=1&b=2",
  },
  { round: 1, seq: 2, type: "comment", agent: "a1", id: "c.1.a1.0", post: "p.1.a0.0", parent: null, content: "reply" },
  { round: 2, seq: 0, type: "feedSnapshot", id: "s.2", items: ["p.1.a0.0", "p.1.a1.0", "c.1.a1.0"], feed: "hot" },
  { round: 2, seq: 1, type: "exposure", agent: "a0", kind: "feed", feed: "hot", snapshot: "s.2", ranks: [2, 0, 7] },
  { round: 2, seq: 2, type: "exposure", agent: "a1", kind: "notification", feed: "notifications", items: ["c.1.a1.0"] },
  { round: 2, seq: 3, type: "vote", agent: "a0", target: "p.1.a1.0", targetType: "post", value: 1, targetAuthor: "a1" },
  { round: 2, seq: 4, type: "follow", agent: "a0", target: "a1", value: 1 },
  { round: 2, seq: 5, type: "subscribe", agent: "a1", submolt: "general", value: 0 },
  { round: 2, seq: 6, type: "delete", agent: "evil_name", target: "p.1.a0.0", targetType: "post" },
  { round: 2, seq: 7, type: "memoryWrite", agent: "a0", id: "m.a0.0", kind: "observation", importance: 0.25, sources: ["p.1.a1.0"] },
  { round: 2, seq: 8, type: "memoryShown", agent: "a1", rows: ["m.a1.0"] },
  { round: 2, seq: 9, type: "memoryRef", agent: "a0", action: "c.2.a0.0", refs: ["m.a0.0"] },
  { round: 2, seq: 10, type: "probe", id: "q.2.0", mode: "private", question: "Who?", targets: ["a0"] },
  {
    round: 2,
    seq: 11,
    type: "probeAnswer",
    agent: "a0",
    probe: "q.2.0",
    agents: ["a1"],
    posts: [],
    names: ["Ann"],
    text: "Ann, of course",
  },
  { round: 2, seq: 12, type: "llmCall", agent: "a1", model: "m1", promptTokens: 120, completionTokens: 30, ok: true },
  {
    round: 2,
    seq: 13,
    type: "llmCall",
    agent: "a1",
    model: "m1",
    promptTokens: 0,
    completionTokens: 0,
    ok: false,
    errorClass: "rate_limit",
  },
  { round: 2, seq: 14, type: "turnTimeout", agent: "a0" },
  { round: 2, seq: 15, type: "intervention", kind: "note", details: { a: [1], b: 1 } },
  { round: 2, seq: 16, type: "scoreSnapshot", target: "p.1.a0.0", up: 3, down: 1 },
  { round: 2, seq: 17, type: "roundEnd", active: 2, actions: 5 },
];

/** Rows per table, counted by hand from the log above. */
const expectedRows = {
  agents: 3,
  submolts: 2,
  feed_snapshots: 1,
  exposures: 2,
  posts: 2,
  comments: 1,
  votes: 1,
  follows: 1,
  subscriptions: 1,
  deletions: 1,
  memory_writes: 1,
  memory_shown: 1,
  memory_refs: 1,
  probes: 1,
  probe_answers: 1,
  llm_calls: 2,
  turn_timeouts: 1,
  interventions: 1,
  score_snapshots: 1,
  round_ends: 1,
  exposure_items: 4,
  feed_snapshot_items: 3,
  verdicts: 0,
  verdict_components: 0,
  window_metrics: 0,
  influence_nodes: 0,
  influence_edges: 0,
};

/** a0 saw snapshot ranks 2, 0 and 7 (past the snapshot's end), a1 one notification. */
const expectedExposureItems = [
  { agent: "a0", rank: 0, snapshot_rank: 2, item: "c.1.a1.0", item_type: "comment", item_author: "a1" },
  { agent: "a0", rank: 1, snapshot_rank: 0, item: "p.1.a0.0", item_type: "post", item_author: "a0" },
  { agent: "a0", rank: 2, snapshot_rank: 7, item: null, item_type: null, item_author: null },
  { agent: "a1", rank: 0, snapshot_rank: null, item: "c.1.a1.0", item_type: "comment", item_author: "a1" },
];

let runDir = "";
let outDir = "";

beforeAll(async () => {
  runDir = mkdtempSync(join(tmpdir(), "murmur-export-run-"));
  outDir = join(runDir, "out");
  const lines = events.map(({ round, seq, type, ...rest }) => JSON.stringify({ v: 1, type, round, seq, t: t(Number(round)), ...rest }));
  writeFileSync(join(runDir, "events.ndjson"), `${lines.join("\n")}\n`);
  await exportRun(runDir, ["csv", "parquet", "sqlite"], outDir);
});

afterAll(() => rmSync(runDir, { recursive: true, force: true }));

function csvRows(table: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(join(outDir, `${table}.csv`), "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

async function parquetRows(table: string): Promise<Record<string, unknown>[]> {
  return parquetReadObjects({ file: await asyncBufferFromFile(join(outDir, `${table}.parquet`)) });
}

async function sqliteRows(table: string): Promise<Record<string, unknown>[]> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(join(outDir, "murmur.sqlite")));
  const [result] = db.exec(`SELECT * FROM "${table}" ORDER BY rowid`);
  db.close();
  return (result?.values ?? []).map((values) => Object.fromEntries((result?.columns ?? []).map((c, i) => [c, values[i]])));
}

describe("murmur export tables", () => {
  it("writes one row per event in each event table and one per shown item, in every format", async () => {
    for (const [table, rows] of Object.entries(expectedRows)) {
      expect({ table, csv: csvRows(table).length }).toEqual({ table, csv: rows });
      expect({ table, parquet: (await parquetRows(table)).length }).toEqual({ table, parquet: rows });
      expect({ table, sqlite: (await sqliteRows(table)).length }).toEqual({ table, sqlite: rows });
    }
  });

  it("keeps hostile text byte for byte", async () => {
    const pick = (row: Record<string, unknown> | undefined) => ({ title: row?.["title"], content: row?.["content"] });
    const expected = { title: 'Hello, "world"', content: hostileContent };
    expect(pick(csvRows("posts")[0])).toEqual(expected);
    expect(pick((await parquetRows("posts"))[0])).toEqual(expected);
    expect(pick((await sqliteRows("posts"))[0])).toEqual(expected);
    expect((await sqliteRows("agents"))[0]?.["name"]).toBe(hostileName);
    expect((await parquetRows("submolts"))[1]).toMatchObject({ name: "a,b", description: 'say "hi"\nthere' });
  });

  it("unfolds exposures into their shown items, snapshot ranks resolved", async () => {
    const fields = ["agent", "rank", "snapshot_rank", "item", "item_type", "item_author"];
    const pick = (row: Record<string, unknown>) => Object.fromEntries(fields.map((f) => [f, row[f]]));
    expect((await parquetRows("exposure_items")).map(pick)).toEqual(expectedExposureItems);
    expect((await sqliteRows("exposure_items")).map(pick)).toEqual(expectedExposureItems);
    expect((await parquetRows("exposures")).map((r) => [r["agent"], r["snapshot"], r["shown"]])).toEqual([
      ["a0", "s.2", 3],
      ["a1", null, 1],
    ]);
  });

  it("types columns the same way in every format: booleans, nulls, numbers and JSON lists", async () => {
    const parquet = await parquetRows("llm_calls");
    expect(parquet.map((r) => [r["ok"], r["error_class"], r["prompt_tokens"]])).toEqual([
      [true, null, 120],
      [false, "rate_limit", 0],
    ]);
    expect((await sqliteRows("llm_calls")).map((r) => [r["ok"], r["error_class"]])).toEqual([
      [1, null],
      [0, "rate_limit"],
    ]);
    expect(csvRows("llm_calls").map((r) => [r["ok"], r["error_class"]])).toEqual([
      ["true", ""],
      ["false", "rate_limit"],
    ]);
    expect((await parquetRows("memory_writes"))[0]).toMatchObject({ importance: 0.25, sources: '["p.1.a1.0"]' });
    expect((await parquetRows("interventions"))[0]).toMatchObject({ agent: null, kind: "note", details: '{"a":[1],"b":1}' });
    expect((await parquetRows("agents"))[0]).toMatchObject({ persona: '{"b":1,"a":[2]}', group: "g<1>", model: null });
    expect((await parquetRows("votes"))[0]).toMatchObject({ target_type: "post", value: 1, target_author: "a1" });
  });
});
