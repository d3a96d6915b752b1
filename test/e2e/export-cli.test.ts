import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync } from "hyparquet";
import Papa from "papaparse";
import initSqlJs from "sql.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { influenceGraphSchema } from "../../core/contracts/graph.js";
import { murmur } from "../support/murmur-cli.js";
import { elementsNamed, parseXml } from "../support/xml-elements.js";

/**
 * A real run exported in every format and read back by independent readers (papaparse, hyparquet,
 * sql.js, a strict XML reader): rows per table against the event types counted here from
 * events.ndjson, graphs against graph.json.
 */

/** docs/export.md's table of each event type, written out here. */
const tableOfType: Readonly<Record<string, string>> = {
  agent: "agents",
  submolt: "submolts",
  feedSnapshot: "feed_snapshots",
  exposure: "exposures",
  post: "posts",
  comment: "comments",
  vote: "votes",
  follow: "follows",
  subscribe: "subscriptions",
  delete: "deletions",
  memoryWrite: "memory_writes",
  memoryShown: "memory_shown",
  memoryRef: "memory_refs",
  probe: "probes",
  probeAnswer: "probe_answers",
  llmCall: "llm_calls",
  turnTimeout: "turn_timeouts",
  intervention: "interventions",
  scoreSnapshot: "score_snapshots",
  roundEnd: "round_ends",
};

let dir = "";
const runDir = (): string => join(dir, "run");
const outDir = (): string => join(dir, "out");

/** Rows each table must have, from the log alone: one per event, one per shown item for the item tables. */
function expectedRows(): Record<string, number> {
  const rows: Record<string, number> = Object.fromEntries(Object.values(tableOfType).map((t) => [t, 0]));
  rows["exposure_items"] = 0;
  rows["feed_snapshot_items"] = 0;
  for (const line of readFileSync(join(runDir(), "events.ndjson"), "utf8").split("\n")) {
    if (line === "") continue;
    const event: { type: string; items?: unknown[]; ranks?: unknown[] } = JSON.parse(line);
    const table = tableOfType[event.type];
    if (table === undefined) throw new Error(`an event type the test does not know: ${event.type}`);
    rows[table] = (rows[table] ?? 0) + 1;
    if (event.type === "exposure") rows["exposure_items"] = (rows["exposure_items"] ?? 0) + (event.items ?? event.ranks ?? []).length;
    if (event.type === "feedSnapshot") rows["feed_snapshot_items"] = (rows["feed_snapshot_items"] ?? 0) + (event.items ?? []).length;
  }
  return rows;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "murmur-export-e2e-"));
  const run = await murmur([
    "run",
    "--preset",
    "moltbook-like",
    "--agents",
    "40",
    "--rounds",
    "12",
    "--seed",
    "3",
    "--out",
    runDir(),
    "--quiet",
  ]);
  expect(run.code).toBe(0);
  const exported = await murmur(["export", runDir(), "--format", "csv,parquet,sqlite,gexf,graphml", "--out", outDir(), "--quiet"]);
  expect(exported.stderr).toBe("");
  expect(exported.code).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("murmur export (end to end)", () => {
  it("writes every table in CSV, Parquet and SQLite with the log's counts per type", async () => {
    const expected = expectedRows();
    expect(expected["agents"]).toBe(40);
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(join(outDir(), "murmur.sqlite")));
    for (const [table, rows] of Object.entries(expected)) {
      const csv = Papa.parse(readFileSync(join(outDir(), `${table}.csv`), "utf8"), { header: true, skipEmptyLines: true });
      expect(csv.errors).toEqual([]);
      const parquet = await parquetMetadataAsync(await asyncBufferFromFile(join(outDir(), `${table}.parquet`)));
      const sqlite = db.exec(`SELECT COUNT(*) FROM "${table}"`)[0]?.values[0]?.[0];
      expect({ table, csv: csv.data.length, parquet: Number(parquet.num_rows), sqlite }).toEqual({
        table,
        csv: rows,
        parquet: rows,
        sqlite: rows,
      });
    }
    db.close();
  });

  it("writes GEXF and GraphML per window and cumulative, matching graph.json", () => {
    const graph = influenceGraphSchema.parse(JSON.parse(readFileSync(join(runDir(), "graph.json"), "utf8")));
    const ids = graph.nodes.map((n) => n.id);
    const total = new Map<string, number>();
    const expected = graph.windows.map((w) => {
      const edges = new Map<string, number>();
      for (const [s, t, count] of w.edges) {
        const key = `${ids[s]} ${ids[t]}`;
        edges.set(key, count);
        total.set(key, (total.get(key) ?? 0) + count);
      }
      return { name: `window-${String(w.index).padStart(2, "0")}`, edges };
    });
    expected.push({ name: "cumulative", edges: total });
    const files = readdirSync(outDir()).filter((f) => f.startsWith("graph-"));
    expect(files.length).toBe(2 * expected.length);
    for (const { name, edges } of expected) {
      const gexf = parseXml(readFileSync(join(outDir(), `graph-${name}.gexf`), "utf8"));
      const gexfEdges = elementsNamed(gexf, "edge").map((e): [string, number] => [
        `${e.attributes["source"]} ${e.attributes["target"]}`,
        Number(e.attributes["weight"]),
      ]);
      expect(new Map(gexfEdges)).toEqual(edges);
      expect(elementsNamed(gexf, "graph")[0]?.attributes["defaultedgetype"]).toBe("directed");
      const graphml = parseXml(readFileSync(join(outDir(), `graph-${name}.graphml`), "utf8"));
      const graphmlEdges = elementsNamed(graphml, "edge").map((e): [string, number] => [
        `${e.attributes["source"]} ${e.attributes["target"]}`,
        Number(elementsNamed(e, "data").find((d) => d.attributes["key"] === "weight")?.text),
      ]);
      expect(new Map(graphmlEdges)).toEqual(edges);
    }
    const cumulativeNodes = elementsNamed(parseXml(readFileSync(join(outDir(), "graph-cumulative.gexf"), "utf8")), "node");
    expect(cumulativeNodes.map((n) => n.attributes["id"])).toEqual(ids);
  });

  it("refuses an unknown format as a usage error and a missing run with one line", async () => {
    const badFormat = await murmur(["export", runDir(), "--format", "xlsx", "--out", outDir()]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain("expected csv, parquet, sqlite, gexf, graphml");
    const missing = await murmur(["export", join(dir, "no-such-run"), "--format", "csv", "--out", outDir()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split("\n")).toEqual([`murmur: not a run directory: ${join(dir, "no-such-run")}`]);
  });
});
