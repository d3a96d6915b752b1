import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteFile } from "hyparquet-writer";
import Papa from "papaparse";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { readLog } from "../../../../analysis/log/read-log.js";
import { windowOfRound, windowsOf } from "../../../../analysis/log/windows.js";
import { importRunSummarySchema, runManifestSchema } from "../../../../core/contracts/run-directory.js";
import { canonicalLine } from "../../../../core/events/canonical.js";
import { eventSchema } from "../../../../core/events/event-schema.js";
import type { MurmurEvent } from "../../../../core/events/event-schema.js";
import { authorOfContent, roundOfContent } from "../../../../core/ids.js";
import { importMoltbook } from "../../../../import/moltbook/index.js";
import { detectFormat } from "../../../../import/moltbook/source-format.js";
import { toEpochMs } from "../../../../import/moltbook/source-time.js";
import { sanitiseId, uniqueSanitisedIds } from "../../../../import/moltbook/id-alphabet.js";

const root = mkdtempSync(join(tmpdir(), "murmur-import-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = (): string => join(root, `run-${dirCount++}`);

/**
 * One small Moltbook crawl, written below in every format. Round 0 is 2026-01-30T10:00Z (the first
 * timestamp's hour); p3 opens the next UTC day (round 14). Same-hour replies by agents that sort
 * before their target's author (c1, c9) are deferred one round; c3-c7 break a link each.
 */
interface Row {
  id: string;
  kind: "post" | "comment";
  authorId: string | null;
  authorName: string | null;
  submolt: string | null;
  title: string | null;
  content: string;
  url: string | null;
  createdAt: string;
  postId: string | null;
  parentId: string | null;
  upvotes: number | null;
  downvotes: number | null;
}

const row = (r: Partial<Row> & Pick<Row, "id" | "kind" | "createdAt">): Row => ({
  authorId: null,
  authorName: null,
  submolt: null,
  title: null,
  content: `text of ${r.id}`,
  url: null,
  postId: null,
  parentId: null,
  upvotes: null,
  downvotes: null,
  ...r,
});

const rows: Row[] = [
  row({
    id: "p1",
    kind: "post",
    authorId: "u-bob",
    authorName: "bob",
    submolt: "general",
    title: "First",
    createdAt: "2026-01-30T10:30:00Z",
    upvotes: 5,
    downvotes: 1,
  }),
  row({
    id: "c1",
    kind: "comment",
    authorId: "u-alice",
    authorName: "alice",
    postId: "p1",
    createdAt: "2026-01-30T10:45:00Z",
    upvotes: 1,
    downvotes: 0,
  }),
  row({ id: "c2", kind: "comment", authorName: "bob", postId: "p1", parentId: "c1", createdAt: "2026-01-30T11:20:00Z" }),
  row({ id: "c9", kind: "comment", authorName: "alice", postId: "p1", parentId: "c2", createdAt: "2026-01-30T11:50:00Z" }),
  row({ id: "p2", kind: "post", authorName: "Zoë.bot", submolt: "ai", title: "Second", createdAt: "2026-01-30T12:10:00Z", upvotes: 2 }),
  row({ id: "c3", kind: "comment", authorName: "bob", postId: "p404", createdAt: "2026-01-30T12:30:00Z" }),
  row({ id: "c4", kind: "comment", authorName: "bob", postId: "p2", createdAt: "2026-01-30T11:00:00Z" }),
  row({ id: "c5", kind: "comment", authorName: "bob", postId: "p1", parentId: "c404", createdAt: "2026-01-30T13:00:00Z" }),
  row({ id: "c6", kind: "comment", authorName: "alice", postId: "p1", parentId: "c5", createdAt: "2026-01-30T13:30:00Z" }),
  row({ id: "c7", kind: "comment", authorName: "bob", postId: "p2", parentId: "c1", createdAt: "2026-01-30T14:00:00Z" }),
  row({
    id: "p3",
    kind: "post",
    authorId: "u-bob",
    authorName: "bob",
    submolt: "general",
    title: 'Day two, "quoted"',
    content: "line one\nline two, with a comma",
    url: "https://example.com/x",
    createdAt: "2026-01-31T00:00:00Z",
    upvotes: 0,
    downvotes: 0,
  }),
  // Known by id only here; the id is alice's elsewhere, so this is alice.
  row({ id: "c8", kind: "comment", authorId: "u-alice", postId: "p2", createdAt: "2026-01-31T01:05:00Z", upvotes: 0, downvotes: 3 }),
];

/** The nested shape of the live API and most JSON dumps. */
function nested(r: Row): Record<string, unknown> {
  const author = r.authorName === null ? undefined : r.authorId === null ? r.authorName : { id: r.authorId, name: r.authorName };
  return {
    id: r.id,
    ...(author !== undefined ? { author } : { author_id: r.authorId }),
    ...(r.kind === "post" ? { submolt: { name: r.submolt, display_name: r.submolt }, title: r.title, url: r.url } : {}),
    content: r.content,
    created_at: r.createdAt,
    ...(r.kind === "comment" ? { post_id: r.postId, parent_id: r.parentId } : {}),
    ...(r.upvotes !== null ? { upvotes: r.upvotes } : {}),
    ...(r.downvotes !== null ? { downvotes: r.downvotes } : {}),
    extra_field: { ignored: true },
  };
}

/** The flat shape of CSV and Parquet tables. */
function flat(r: Row, createdAt: string | Date = r.createdAt): Record<string, unknown> {
  return {
    id: r.id,
    author_id: r.authorId,
    author_name: r.authorName,
    submolt_name: r.submolt,
    title: r.title,
    content: r.content,
    url: r.url,
    created_at: createdAt,
    post_id: r.postId,
    parent_id: r.parentId,
    upvotes: r.upvotes,
    downvotes: r.downvotes,
  };
}

function readRun(dir: string): { text: string; events: MurmurEvent[]; lines: string[] } {
  const text = readFileSync(join(dir, "events.ndjson"), "utf8");
  const lines = text.split("\n").filter((line) => line !== "");
  return { text, lines, events: lines.map((line) => eventSchema.parse(JSON.parse(line))) };
}

const jsonFile = (name: string, value: unknown): string => {
  const path = join(root, name);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
};

/** An import's manifest: the run manifest's contract, with what only an import has. */
const manifestSchema = runManifestSchema.extend({
  experimentId: z.literal("import"),
  seed: z.null(),
  policies: z.tuple([z.literal("imported")]),
});

describe("Moltbook import", () => {
  let reference = "";

  it("imports a JSON array into the canonical log: setup, rounds per hour, deferred replies, score snapshots", async () => {
    const main = jsonFile("crawl.json", rows.map(nested));
    // A later file repeating p1 (first copy wins) and a record without a timestamp.
    const p1Row = rows.find((r) => r.id === "p1");
    if (!p1Row) throw new Error("fixture lost p1");
    const extra = jsonFile("extra.json", [
      { ...nested(p1Row), title: "later copy" },
      { id: "x1", content: "no time" },
    ]);
    const out = freshDir();
    const summary = await importMoltbook([main, extra], out);
    const { text, events } = readRun(out);
    reference = text;

    const brief = events.map((e) => {
      const base = `${e.round}/${e.seq} ${e.t.slice(0, 16)} ${e.type}`;
      switch (e.type) {
        case "submolt":
          return `${base} ${e.name}`;
        case "agent":
          return `${base} ${e.agent} ${e.name} ${e.policy}`;
        case "post":
          return `${base} ${e.id} ${e.submolt}`;
        case "comment":
          return `${base} ${e.id} on ${e.post} re ${e.parent}`;
        case "scoreSnapshot":
          return `${base} ${e.target} +${e.up} -${e.down}`;
        default:
          return `${base} unexpected`;
      }
    });
    expect(brief).toEqual([
      "0/0 2026-01-30T10:00 submolt ai",
      "0/1 2026-01-30T10:00 submolt general",
      "0/2 2026-01-30T10:00 agent Zo_bot Zoë.bot imported",
      "0/3 2026-01-30T10:00 agent alice alice imported",
      "0/4 2026-01-30T10:00 agent bob bob imported",
      "0/5 2026-01-30T10:00 post p.0.bob.p1 general",
      "1/0 2026-01-30T11:00 comment c.1.alice.c1 on p.0.bob.p1 re null",
      "1/1 2026-01-30T11:00 comment c.1.bob.c2 on p.0.bob.p1 re c.1.alice.c1",
      "2/0 2026-01-30T12:00 post p.2.Zo_bot.p2 ai",
      "2/1 2026-01-30T12:00 comment c.2.alice.c9 on p.0.bob.p1 re c.1.bob.c2",
      "14/0 2026-01-31T00:00 post p.14.bob.p3 general",
      "15/0 2026-01-31T01:00 comment c.15.alice.c8 on p.2.Zo_bot.p2 re null",
      "15/1 2026-01-31T01:00 scoreSnapshot p.0.bob.p1 +5 -1",
      "15/2 2026-01-31T01:00 scoreSnapshot c.1.alice.c1 +1 -0",
      "15/3 2026-01-31T01:00 scoreSnapshot p.2.Zo_bot.p2 +2 -0",
      "15/4 2026-01-31T01:00 scoreSnapshot p.14.bob.p3 +0 -0",
      "15/5 2026-01-31T01:00 scoreSnapshot c.15.alice.c8 +0 -3",
    ]);

    const p1 = events.find((e) => e.type === "post" && e.id === "p.0.bob.p1");
    expect(p1).toMatchObject({ title: "First", content: "text of p1" });
    expect(events.find((e) => e.type === "post" && e.id === "p.14.bob.p3")).toMatchObject({
      title: 'Day two, "quoted"',
      content: "line one\nline two, with a comma",
      url: "https://example.com/x",
    });
    expect(events.find((e) => e.type === "agent" && e.agent === "alice")).toMatchObject({ persona: {} });
    // Imported ids keep the docs/events.md form, so the shared helpers read them.
    expect(authorOfContent("c.2.alice.c9")).toBe("alice");
    expect(roundOfContent("p.14.bob.p3")).toBe(14);

    expect(summary).toMatchObject({
      records: { posts: 3, comments: 9 },
      agents: 3,
      submolts: 2,
      rounds: 16,
      startTime: "2026-01-30T10:00:00.000Z",
      events: 17,
      counts: { submolt: 2, agent: 3, post: 3, comment: 4, scoreSnapshot: 5 },
      deferred: 2,
    });
    expect(summary.dropped).toEqual({
      unparseable: 0,
      invalid: 1,
      noAuthor: 0,
      duplicate: 1,
      missingPost: 1,
      postDropped: 0,
      postLater: 1,
      missingParent: 1,
      parentLater: 0,
      parentDropped: 1,
      parentOtherPost: 1,
      cycle: 0,
      sameRoundOrder: 0,
    });
  });

  it("writes only valid canonical lines, seq per round from 0, nothing pointing forward, and a matching manifest", async () => {
    const out = freshDir();
    await importMoltbook([jsonFile("crawl-again.json", rows.map(nested))], out);
    const { text, lines, events } = readRun(out);
    lines.forEach((line, i) => {
      const event = eventSchema.parse(JSON.parse(line));
      expect(canonicalLine(event, event.seq)).toBe(line);
      const previous = events[i - 1];
      expect(event.seq).toBe(previous === undefined || previous.round !== event.round ? 0 : previous.seq + 1);
      if (previous) expect(event.round).toBeGreaterThanOrEqual(previous.round);
    });
    const seen = new Set<string>();
    for (const event of events) {
      if (event.type === "comment") {
        expect(seen.has(event.post)).toBe(true);
        if (event.parent !== null) expect(seen.has(event.parent)).toBe(true);
      }
      if (event.type === "scoreSnapshot") expect(seen.has(event.target)).toBe(true);
      if (event.type === "post" || event.type === "comment") seen.add(event.id);
    }

    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")));
    expect(manifest.eventsSha256).toBe(createHash("sha256").update(text).digest("hex"));
    expect(manifest.events).toBe(lines.length);
    expect(manifest).toMatchObject({ startTime: "2026-01-30T10:00:00.000Z", rounds: 16, counts: { post: 3, comment: 4 } });
    const summary = importRunSummarySchema.parse(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")));
    expect(summary).toMatchObject({ rounds: 16, deferred: 2, dropped: { missingPost: 1 } });
    const config = z
      .object({ policy: z.literal("imported"), source: z.object({ files: z.array(z.object({ path: z.string(), format: z.string() })) }) })
      .parse(JSON.parse(readFileSync(join(out, "config.json"), "utf8")));
    expect(config.source.files[0]?.format).toBe("json");
    expect(readFileSync(join(out, "telemetry.ndjson"), "utf8")).toBe("");

    // The analysis reads it as an import: hourly rounds, windows on UTC days.
    const log = await readLog(lines);
    expect(log).toMatchObject({ imported: true, roundHours: 1, rounds: 16, startTime: "2026-01-30T10:00:00.000Z" });
    const windows = windowsOf(log);
    expect(windows[0]).toMatchObject({ fromRound: 0, toRound: 13 });
    expect(windowOfRound(windows, 14)).toBe(1);
  });

  it("reads a JSON object holding posts and comments arrays", async () => {
    const path = jsonFile("tables.json", {
      posts: rows.filter((r) => r.kind === "post").map(nested),
      comments: rows.filter((r) => r.kind === "comment").map(nested),
    });
    const out = freshDir();
    await importMoltbook([path], out);
    expect(readRun(out).text).toBe(reference);
  });

  it("reads JSONL (epoch-second timestamps, a truncated last line counted as unparseable)", async () => {
    const path = join(root, "crawl.jsonl");
    const lines = rows.map((r) => JSON.stringify({ ...nested(r), created_at: Date.parse(r.createdAt) / 1000 }));
    writeFileSync(path, `${lines.join("\n")}\n{"id":"trunc`);
    const out = freshDir();
    const summary = await importMoltbook([path], out);
    expect(readRun(out).text).toBe(reference);
    expect(summary.dropped.unparseable).toBe(1);
    expect(summary.files[0]?.format).toBe("jsonl");
  });

  it("reads CSV (flat author and submolt columns, SQL-style timestamps, quoted newlines)", async () => {
    const path = join(root, "crawl.csv");
    const sqlTime = (iso: string): string => iso.replace("T", " ").replace("Z", "");
    writeFileSync(path, Papa.unparse(rows.map((r) => flat(r, sqlTime(r.createdAt)))));
    const out = freshDir();
    await importMoltbook([path], out);
    expect(readRun(out).text).toBe(reference);
  });

  it("reads Parquet (written with hyparquet-writer; TIMESTAMP and INT32 columns)", async () => {
    const path = join(root, "crawl.parquet");
    const text = (pick: (r: Row) => string | null) => rows.map(pick);
    parquetWriteFile({
      filename: path,
      rowGroupSize: 5,
      columnData: [
        { name: "id", data: text((r) => r.id), type: "STRING" },
        { name: "author_id", data: text((r) => r.authorId), type: "STRING" },
        { name: "author_name", data: text((r) => r.authorName), type: "STRING" },
        { name: "submolt_name", data: text((r) => r.submolt), type: "STRING" },
        { name: "title", data: text((r) => r.title), type: "STRING" },
        { name: "content", data: text((r) => r.content), type: "STRING" },
        { name: "url", data: text((r) => r.url), type: "STRING" },
        { name: "created_at", data: rows.map((r) => new Date(r.createdAt)), type: "TIMESTAMP" },
        { name: "post_id", data: text((r) => r.postId), type: "STRING" },
        { name: "parent_id", data: text((r) => r.parentId), type: "STRING" },
        { name: "upvotes", data: rows.map((r) => r.upvotes), type: "INT32" },
        { name: "downvotes", data: rows.map((r) => r.downvotes), type: "INT32" },
      ],
    });
    expect(await detectFormat(path)).toBe("parquet");
    const out = freshDir();
    await importMoltbook([path], out);
    expect(readRun(out).text).toBe(reference);
  });

  it("drops same-hour replies that would precede their target when asked to, and their replies with them", async () => {
    const out = freshDir();
    const summary = await importMoltbook([jsonFile("crawl-drop.json", rows.map(nested))], out, { sameHourReplies: "drop" });
    const comments = readRun(out).events.flatMap((e) => (e.type === "comment" ? [e.id] : []));
    expect(comments).toEqual(["c.15.alice.c8"]);
    expect(summary.deferred).toBe(0);
    expect(summary.dropped).toMatchObject({ sameRoundOrder: 1, parentDropped: 3 });
  });

  const thread = (postId: string, postAt: string) => ({
    success: true,
    post: {
      id: postId,
      title: "Hello",
      content: "World",
      url: null,
      upvotes: 3,
      downvotes: 0,
      comment_count: 3,
      created_at: postAt,
      author: { id: "a1", name: "carol" },
      submolt: { id: "s1", name: "todayilearned", display_name: "TIL", description: "Things learned" },
    },
    comments: [
      {
        id: `${postId}-c1`,
        content: "first",
        parent_id: null,
        upvotes: 1,
        downvotes: 0,
        created_at: "2026-02-01T09:00:00Z",
        author: { id: "a2", name: "dave", karma: 5, follower_count: 1 },
        replies: [
          {
            id: `${postId}-c2`,
            content: "reply",
            parent_id: `${postId}-c1`,
            upvotes: 0,
            downvotes: 1,
            created_at: "2026-02-01T09:30:00Z",
            author: { id: "a1", name: "carol", karma: 9, follower_count: 2 },
            replies: [
              { id: `${postId}-c3`, content: "deep", created_at: "2026-02-01T10:10:00Z", author: { id: "a2", name: "dave" }, replies: [] },
            ],
          },
        ],
      },
    ],
  });

  it("reads a live API response with threaded comments and replies", async () => {
    const out = freshDir();
    await importMoltbook([jsonFile("thread.json", thread("post-9", "2026-02-01T08:15:00Z"))], out);
    const { events } = readRun(out);
    expect(
      events.map(
        (e) =>
          `${e.round}/${e.seq} ${e.type} ${"id" in e ? e.id : "target" in e ? e.target : "agent" in e ? e.agent : "name" in e ? e.name : ""}`,
      ),
    ).toEqual([
      "0/0 submolt todayilearned",
      "0/1 agent carol",
      "0/2 agent dave",
      "0/3 post p.0.carol.post-9",
      "1/0 comment c.1.dave.post-9-c1",
      // carol sorts before dave: her reply moves to the next hour to follow the comment it answers.
      "2/0 comment c.2.carol.post-9-c2",
      "2/1 comment c.2.dave.post-9-c3",
      "2/2 scoreSnapshot p.0.carol.post-9",
      "2/3 scoreSnapshot c.1.dave.post-9-c1",
      "2/4 scoreSnapshot c.2.carol.post-9-c2",
    ]);
    expect(events[0]).toMatchObject({ type: "submolt", description: "Things learned" });
    expect(events.find((e) => e.type === "comment" && e.id === "c.2.dave.post-9-c3")).toMatchObject({
      post: "p.0.carol.post-9",
      parent: "c.2.carol.post-9-c2",
      content: "deep",
    });
  });

  it("sniffs JSON Lines inside a .json file (one API response per line)", async () => {
    const path = join(root, "responses.json");
    writeFileSync(
      path,
      `${JSON.stringify(thread("post-1", "2026-02-01T08:00:00Z"))}\n${JSON.stringify(thread("post-2", "2026-02-01T08:30:00Z"))}\n`,
    );
    expect(await detectFormat(path)).toBe("jsonl");
    const out = freshDir();
    const summary = await importMoltbook([path], out);
    expect(summary.counts).toMatchObject({ post: 2, comment: 6, agent: 2 });
  });

  it("makes ids unique where sanitising merges them, independent of reading order", () => {
    expect(sanitiseId("Zoë.bot")).toBe("Zo_bot");
    expect(sanitiseId("...")).toBe("_");
    const ids = uniqueSanitisedIds(["a_b", "a.b", "a b", "a_b-2"]);
    expect(Object.fromEntries(ids)).toEqual({ "a b": "a_b", "a.b": "a_b-3", a_b: "a_b-4", "a_b-2": "a_b-2" });
    expect(uniqueSanitisedIds(["a b", "a_b-2", "a.b", "a_b"])).toEqual(ids);
  });

  it("reads timestamps in every unit and form the dumps use", () => {
    const ms = Date.parse("2026-01-30T10:30:00.000Z");
    for (const value of [
      ms / 1000,
      ms,
      ms * 1000,
      BigInt(ms) * 1_000_000n,
      String(ms / 1000),
      "2026-01-30 10:30:00",
      "2026-01-30T11:30:00+01:00",
      new Date(ms),
    ]) {
      expect(toEpochMs(value)).toBe(ms);
    }
    expect(toEpochMs("yesterday")).toBeNull();
  });
});
