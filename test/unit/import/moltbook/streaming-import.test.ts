import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteFile } from "hyparquet-writer";
import Papa from "papaparse";
import { afterAll, describe, expect, it } from "vitest";
import { eventSchema } from "../../../../core/events/event-schema.js";
import type { MurmurEvent } from "../../../../core/events/event-schema.js";
import { ImportError, MappingError, importMoltbook, loadColumnMapping } from "../../../../import/moltbook/index.js";
import type { ColumnMapping } from "../../../../import/moltbook/index.js";

const root = mkdtempSync(join(tmpdir(), "murmur-stream-import-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = (): string => join(root, `run-${dirCount++}`);
const write = (name: string, text: string): string => {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
};

/**
 * A crawl written newest first (as a crawl of the "new" listing returns it), so the importer has to
 * sort. Round 0 is 2026-02-01T10:00Z (p1's hour). Hand-placed:
 * - c1 (bob, 10:20) answers zed's p1 of the same hour, and bob sorts before zed: deferred to round 1.
 * - c2 (amy, 10:40) answers c1, now in round 1, and amy sorts before bob: deferred to round 2.
 * - c3 (zed, 11:10) answers c2 (round 2): placed in round 2, after it (amy < zed).
 * - c7 (10:50) answers c8, written later (11:50): parentLater. c6 answers c9, which does not exist: missingParent.
 * - c10 and c11 share a millisecond and c10 (read first: "c10" < "c11") answers c11: c11 is placed first.
 */
interface Fixture {
  id: string;
  kind: "post" | "comment";
  agent: string;
  at: string;
  post?: string;
  parent?: string;
  submolt?: string;
  up?: number;
  down?: number;
}
const fixture: Fixture[] = [
  { id: "p1", kind: "post", agent: "zed", at: "2026-02-01T10:05:00Z", submolt: "general", up: 4, down: 1 },
  { id: "c1", kind: "comment", agent: "bob", at: "2026-02-01T10:20:00Z", post: "p1" },
  { id: "c2", kind: "comment", agent: "amy", at: "2026-02-01T10:40:00Z", post: "p1", parent: "c1" },
  { id: "c7", kind: "comment", agent: "cat", at: "2026-02-01T10:50:00Z", post: "p1", parent: "c8" },
  { id: "c3", kind: "comment", agent: "zed", at: "2026-02-01T11:10:00Z", post: "p1", parent: "c2" },
  { id: "p2", kind: "post", agent: "amy", at: "2026-02-01T11:30:00Z", submolt: "art" },
  { id: "c4", kind: "comment", agent: "bob", at: "2026-02-01T11:45:00Z", post: "p2" },
  { id: "c8", kind: "comment", agent: "cat", at: "2026-02-01T11:50:00Z", post: "p1" },
  { id: "c5", kind: "comment", agent: "amy", at: "2026-02-01T12:00:00Z", post: "p2", parent: "c4" },
  { id: "c6", kind: "comment", agent: "bob", at: "2026-02-01T12:30:00Z", post: "p2", parent: "c9" },
  { id: "c10", kind: "comment", agent: "eve", at: "2026-02-01T13:00:00.000Z", post: "p2", parent: "c11", up: 2 },
  { id: "c11", kind: "comment", agent: "dan", at: "2026-02-01T13:00:00.000Z", post: "p2" },
];
const newestFirst = [...fixture].reverse();

const expectedLog = [
  "0/0 2026-02-01T10:00 submolt art",
  "0/1 2026-02-01T10:00 submolt general",
  "0/2 2026-02-01T10:00 agent amy",
  "0/3 2026-02-01T10:00 agent bob",
  "0/4 2026-02-01T10:00 agent cat",
  "0/5 2026-02-01T10:00 agent dan",
  "0/6 2026-02-01T10:00 agent eve",
  "0/7 2026-02-01T10:00 agent zed",
  "0/8 2026-02-01T10:00 post p.0.zed.p1",
  "1/0 2026-02-01T11:00 post p.1.amy.p2",
  "1/1 2026-02-01T11:00 comment c.1.bob.c1 on p.0.zed.p1 re null",
  "1/2 2026-02-01T11:00 comment c.1.bob.c4 on p.1.amy.p2 re null",
  "1/3 2026-02-01T11:00 comment c.1.cat.c8 on p.0.zed.p1 re null",
  "2/0 2026-02-01T12:00 comment c.2.amy.c2 on p.0.zed.p1 re c.1.bob.c1",
  "2/1 2026-02-01T12:00 comment c.2.amy.c5 on p.1.amy.p2 re c.1.bob.c4",
  "2/2 2026-02-01T12:00 comment c.2.zed.c3 on p.0.zed.p1 re c.2.amy.c2",
  "3/0 2026-02-01T13:00 comment c.3.dan.c11 on p.1.amy.p2 re null",
  "3/1 2026-02-01T13:00 comment c.3.eve.c10 on p.1.amy.p2 re c.3.dan.c11",
  "3/2 2026-02-01T13:00 scoreSnapshot p.0.zed.p1 +4 -1",
  "3/3 2026-02-01T13:00 scoreSnapshot c.3.eve.c10 +2 -0",
];

function brief(e: MurmurEvent): string {
  const base = `${e.round}/${e.seq} ${e.t.slice(0, 16)} ${e.type}`;
  switch (e.type) {
    case "submolt":
      return `${base} ${e.name}`;
    case "agent":
      return `${base} ${e.agent}`;
    case "post":
      return `${base} ${e.id}`;
    case "comment":
      return `${base} ${e.id} on ${e.post} re ${e.parent}`;
    case "scoreSnapshot":
      return `${base} ${e.target} +${e.up} -${e.down}`;
    default:
      return `${base} unexpected`;
  }
}

function readLog(dir: string): { text: string; brief: string[] } {
  const text = readFileSync(join(dir, "events.ndjson"), "utf8");
  const events = text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => eventSchema.parse(JSON.parse(line)));
  return { text, brief: events.map(brief) };
}

/** The live API's nested JSON shape. */
const jsonRecord = (r: Fixture): Record<string, unknown> => ({
  id: r.id,
  author: { name: r.agent },
  content: `text of ${r.id}`,
  created_at: r.at,
  ...(r.kind === "post" ? { title: `title of ${r.id}`, submolt: { name: r.submolt } } : { post_id: r.post, parent_id: r.parent ?? null }),
  ...(r.up !== undefined ? { upvotes: r.up, downvotes: r.down ?? 0 } : {}),
});

/** Flat table columns, with names unlike the importer's (for the mapping test). */
const renamedRow = (r: Fixture): Record<string, unknown> =>
  r.kind === "post"
    ? {
        post_uuid: r.id,
        agent: r.agent,
        community: r.submolt,
        headline: `title of ${r.id}`,
        body: `text of ${r.id}`,
        ts: r.at,
        up: r.up ?? "",
        down: r.up === undefined ? "" : (r.down ?? 0),
      }
    : {
        comment_uuid: r.id,
        post_uuid: r.post,
        reply_to: r.parent ?? "",
        agent: r.agent,
        body: `text of ${r.id}`,
        ts: r.at,
        up: r.up ?? "",
        down: r.up === undefined ? "" : (r.down ?? 0),
      };

const renamedMapping: ColumnMapping = {
  fields: { author_name: "agent", content: "body", created_at: "ts", upvotes: "up", downvotes: "down" },
  tables: [
    { kind: "comment", fields: { id: "comment_uuid", post_id: "post_uuid", parent_id: "reply_to" } },
    { kind: "post", fields: { id: "post_uuid", submolt: "community", title: "headline" } },
  ],
};

/** Tiny sort chunks: a handful of records per temporary file, so the k-way merge does the ordering. */
const tinyChunks = { chunkBytes: 400 };

describe("streaming Moltbook import", () => {
  let reference = "";

  it("sorts a newest-first JSONL dump into time order: replies after their parents, same-millisecond parents first", async () => {
    const path = write("newest-first.jsonl", newestFirst.map((r) => JSON.stringify(jsonRecord(r))).join("\n"));
    const out = freshDir();
    const summary = await importMoltbook([path], out, tinyChunks);
    const log = readLog(out);
    reference = log.text;
    expect(log.brief).toEqual(expectedLog);
    expect(summary.deferred).toBe(3);
    expect(summary.dropped).toMatchObject({ parentLater: 1, missingParent: 1, duplicate: 0, invalid: 0 });
    expect(summary.records).toEqual({ posts: 2, comments: 10 });
  });

  it("writes the same log whatever the chunk size (one chunk, or one per record)", async () => {
    const path = write("one-chunk.jsonl", newestFirst.map((r) => JSON.stringify(jsonRecord(r))).join("\n"));
    const out = freshDir();
    await importMoltbook([path], out, { chunkBytes: 1 });
    expect(readLog(out).text).toBe(reference);
  });

  it("reads CSV and Parquet tables under other column names through a mapping, to the same log", async () => {
    const rows = newestFirst.map(renamedRow);
    const posts = write("posts-renamed.csv", Papa.unparse(rows.filter((r) => "headline" in r)));
    const comments = write("comments-renamed.csv", Papa.unparse(rows.filter((r) => "comment_uuid" in r)));
    const csvOut = freshDir();
    await importMoltbook([comments, posts], csvOut, { ...tinyChunks, mapping: renamedMapping });
    expect(readLog(csvOut).text).toBe(reference);

    // One Parquet table holding both kinds: each row's table is told by which id column it has.
    const parquet = join(root, "renamed.parquet");
    const column = (name: string) =>
      newestFirst.map((r) => {
        const value = renamedRow(r)[name];
        return value === undefined || value === "" ? null : String(value);
      });
    parquetWriteFile({
      filename: parquet,
      columnData: ["post_uuid", "comment_uuid", "reply_to", "agent", "community", "headline", "body", "ts"].map((name) => ({
        name,
        data: column(name),
        type: "STRING" as const,
      })),
    });
    const parquetOut = freshDir();
    await importMoltbook([parquet], parquetOut, { mapping: renamedMapping });
    // This table has no vote columns, so the log is the reference without its score snapshots.
    expect(readLog(parquetOut).brief).toEqual(expectedLog.filter((line) => !line.includes("scoreSnapshot")));
  });

  it("without the mapping the renamed table holds no record", async () => {
    const path = write("unmapped.csv", Papa.unparse(newestFirst.map(renamedRow)));
    await expect(importMoltbook([path], freshDir())).rejects.toThrow(ImportError);
  });

  it("refuses a bad mapping in one line naming the field", async () => {
    const unknownField = write("bad-field.json", JSON.stringify({ fields: { author: "agent", idd: "uuid" } }));
    await expect(loadColumnMapping(unknownField)).rejects.toThrow(MappingError);
    await expect(loadColumnMapping(unknownField)).rejects.toThrow(/fields: .*"idd"/);
    const badKind = write("bad-kind.json", JSON.stringify({ tables: [{ kind: "thread", fields: { id: "x" } }] }));
    await expect(loadColumnMapping(badKind)).rejects.toThrow(/tables\.0\.kind/);
    await expect(loadColumnMapping(write("empty.json", "{}"))).rejects.toThrow(/needs `fields` or `tables`/);
    await expect(loadColumnMapping(join(root, "absent.json"))).rejects.toThrow(/no such file, and not a built-in mapping \(observatory\)/);
    for (const path of [unknownField, badKind]) {
      const message = await loadColumnMapping(path).then(
        () => "loaded",
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      expect(message.split("\n")).toHaveLength(1);
    }
  });

  it("reads the Observatory Archive layout by name (agent_id / agent_name author columns)", async () => {
    const rows = fixture.map((r) => ({
      id: r.id,
      agent_id: `id-${r.agent}`,
      agent_name: r.agent,
      submolt: r.submolt ?? "",
      title: r.kind === "post" ? `title of ${r.id}` : "",
      content: `text of ${r.id}`,
      post_id: r.post ?? "",
      parent_id: r.parent ?? "",
      created_at: r.at,
      upvotes: r.up ?? "",
      downvotes: r.up === undefined ? "" : (r.down ?? 0),
    }));
    const path = write("observatory.csv", Papa.unparse(rows));
    const out = freshDir();
    await importMoltbook([path], out, { mapping: await loadColumnMapping("observatory") });
    expect(readLog(out).text).toBe(reference);
  });

  it("names the file a reader failed in", async () => {
    const path = write("broken.parquet", "PAR1 this is not a parquet file PAR1");
    await expect(importMoltbook([path], freshDir())).rejects.toThrow(/broken\.parquet \(parquet, after 0 items\)/);
    await expect(importMoltbook([join(root, "missing.jsonl")], freshDir())).rejects.toThrow(/missing\.jsonl: no such file/);
  });
});
