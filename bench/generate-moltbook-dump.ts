/**
 * A synthetic Moltbook-shaped dump for import benchmarks (`murmur import moltbook` at real size):
 * posts and comments tables in JSONL (the live API's nested shape), CSV and Parquet (flat columns),
 * all holding the same records, so the three imports must write the same log.
 *
 *   npx tsx bench/generate-moltbook-dump.ts --out /tmp/dump --posts 500000 --comments 4500000
 *
 * The shape follows the published descriptions of Moltbook (issue 14): ~40,000 authors with
 * heavy-tailed activity, heavy-tailed comments per post and upvotes, ~7 % of comments replying to
 * another comment (so ~93 % get no reply and the mean depth is ~1.07), ten days from 2026-01-27.
 * Like a crawl of the "new" listing, posts are written newest first and each post's comments
 * follow it in thread order, so the files are not in time order and the importer has to sort. A few
 * rows break the rules on purpose (duplicate posts, comments on unknown posts, a post's id as a
 * top-level comment's parent). Seeded: the same arguments give the same bytes.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ParquetWriter, fileWriter, schemaFromColumnData } from "hyparquet-writer";
import type { ColumnSource } from "hyparquet-writer";

const { values: args } = parseArgs({
  options: {
    out: { type: "string" },
    posts: { type: "string", default: "500000" },
    comments: { type: "string", default: "4500000" },
    formats: { type: "string", default: "jsonl,csv,parquet" },
    seed: { type: "string", default: "1" },
  },
});
if (args.out === undefined) {
  console.error("usage: generate-moltbook-dump.ts --out DIR [--posts N] [--comments N] [--formats jsonl,csv,parquet] [--seed N]");
  process.exit(2);
}
const outDir = args.out;
const postCount = Number(args.posts);
const commentCount = Number(args.comments);
const formats = new Set(args.formats.split(","));

/** mulberry32: small, seeded, good enough to shape synthetic data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(Number(args.seed));
const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");
const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${hex(4)}-${hex(12)}`;
const exponential = (mean: number): number => -Math.log(1 - random()) * mean;
/** Index in [0, n) with a heavy tail toward 0. */
const skewed = (n: number, power: number): number => Math.min(n - 1, Math.floor(n * random() ** power));

const startMs = Date.parse("2026-01-27T00:00:00Z");
const spanMs = 10 * 24 * 3_600_000;
const agentCount = 40_000;
const agents = Array.from({ length: agentCount }, (_, i) => ({
  id: uuid(),
  // A few names sanitising changes (dots, spaces), as real Moltbook names have.
  name: i % 997 === 0 ? `Molty.${i} bot` : `molty_${i.toString(36)}`,
}));
const submolts = ["general", ...Array.from({ length: 1999 }, (_, i) => `submolt_${i}`)];
const words = Array.from({ length: 600 }, (_, i) => `w${(i * 7919).toString(36)}`);
const text = (min: number, max: number): string =>
  Array.from({ length: min + Math.floor(random() * (max - min)) }, () => words[skewed(words.length, 2)]).join(" ");
const votes = (): number => Math.floor(exponential(1) ** 2.5);

interface Row {
  kind: "post" | "comment";
  id: string;
  author: { id: string; name: string };
  createdMs: number;
  title?: string;
  content: string;
  url?: string;
  submolt?: string;
  postId?: string;
  parentId?: string | null;
  upvotes: number;
  downvotes: number;
}

/** Comments per post: lognormal weights scaled to the requested total. */
function commentsPerPost(): Int32Array {
  const weights = Float64Array.from({ length: postCount }, () =>
    Math.exp(1.4 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())),
  );
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = Int32Array.from(weights, (w) => Math.floor((w / sum) * commentCount));
  let missing = commentCount - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; missing > 0; i = (i + 1) % postCount, missing--) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

class Sink {
  private readonly fd: number;
  private pending: string[] = [];
  private size = 0;
  constructor(path: string) {
    this.fd = openSync(path, "w");
  }
  write(line: string): void {
    this.pending.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    writeSync(this.fd, this.pending.join(""));
    this.pending = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const csvColumns = [
  "id",
  "author_id",
  "author_name",
  "submolt_name",
  "title",
  "content",
  "url",
  "created_at",
  "post_id",
  "parent_id",
  "upvotes",
  "downvotes",
];
const csvCell = (value: string | number | null | undefined): string => {
  if (value === null || value === undefined) return "";
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const sqlTime = (ms: number): string => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

function jsonLine(row: Row): string {
  const common = {
    id: row.id,
    author: row.author,
    content: row.content,
    created_at: new Date(row.createdMs).toISOString(),
    upvotes: row.upvotes,
    downvotes: row.downvotes,
  };
  const value =
    row.kind === "post"
      ? { ...common, title: row.title, url: row.url ?? null, submolt: { name: row.submolt } }
      : { ...common, post_id: row.postId, parent_id: row.parentId ?? null };
  return `${JSON.stringify(value)}\n`;
}

function csvLine(row: Row): string {
  const cells = [
    row.id,
    row.author.id,
    row.author.name,
    row.submolt,
    row.title,
    row.content,
    row.url,
    sqlTime(row.createdMs),
    row.postId,
    row.parentId,
    row.upvotes,
    row.downvotes,
  ];
  return `${cells.map(csvCell).join(",")}\n`;
}

/** Parquet rows gathered per row group, written with hyparquet-writer's incremental writer. */
class ParquetTable {
  private rows: Row[] = [];
  private writer: ParquetWriter | undefined;
  constructor(private readonly path: string) {}
  add(row: Row): void {
    this.rows.push(row);
    if (this.rows.length >= 100_000) this.flush();
  }
  private flush(): void {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    const str = (pick: (r: Row) => string | null | undefined): ColumnSource["data"] => rows.map((r) => pick(r) ?? null);
    const columnData: ColumnSource[] = [
      { name: "id", data: str((r) => r.id), type: "STRING" },
      { name: "author_id", data: str((r) => r.author.id), type: "STRING" },
      { name: "author_name", data: str((r) => r.author.name), type: "STRING" },
      { name: "submolt_name", data: str((r) => r.submolt), type: "STRING" },
      { name: "title", data: str((r) => r.title), type: "STRING" },
      { name: "content", data: str((r) => r.content), type: "STRING" },
      { name: "url", data: str((r) => r.url), type: "STRING" },
      { name: "created_at", data: rows.map((r) => new Date(r.createdMs)), type: "TIMESTAMP" },
      { name: "post_id", data: str((r) => r.postId), type: "STRING" },
      { name: "parent_id", data: str((r) => r.parentId), type: "STRING" },
      { name: "upvotes", data: rows.map((r) => r.upvotes), type: "INT32" },
      { name: "downvotes", data: rows.map((r) => r.downvotes), type: "INT32" },
    ];
    this.writer ??= new ParquetWriter({ writer: fileWriter(this.path), schema: schemaFromColumnData({ columnData }) });
    this.writer.write({ columnData, rowGroupSize: rows.length });
    this.rows = [];
  }
  close(): void {
    this.flush();
    this.writer?.finish();
  }
}

type Write = (row: Row) => void;

/** One writer per requested format for a table; each registers how to close its file. */
function tableWriters(table: "posts" | "comments", closers: (() => void)[]): Write[] {
  const out: Write[] = [];
  if (formats.has("jsonl")) {
    const sink = new Sink(join(outDir, `${table}.jsonl`));
    out.push((row) => sink.write(jsonLine(row)));
    closers.push(() => sink.close());
  }
  if (formats.has("csv")) {
    const sink = new Sink(join(outDir, `${table}.csv`));
    sink.write(`${csvColumns.join(",")}\n`);
    out.push((row) => sink.write(csvLine(row)));
    closers.push(() => sink.close());
  }
  if (formats.has("parquet")) {
    const parquet = new ParquetTable(join(outDir, `${table}.parquet`));
    out.push((row) => parquet.add(row));
    closers.push(() => parquet.close());
  }
  return out;
}

function main(): void {
  mkdirSync(outDir, { recursive: true });
  const closers: (() => void)[] = [];
  const postSinks = tableWriters("posts", closers);
  const commentSinks = tableWriters("comments", closers);
  const emit = (targets: Write[], row: Row): void => targets.forEach((write) => write(row));

  const counts = commentsPerPost();
  // Newest first, as a crawl of the "new" listing returns them.
  const times = Float64Array.from({ length: postCount }, () => startMs + random() * spanMs)
    .sort()
    .reverse();
  let written = 0;
  let recrawled = 0;
  for (let p = 0; p < postCount; p++) {
    const postMs = Math.floor(times[p] ?? startMs);
    const post: Row = {
      kind: "post",
      id: uuid(),
      author: agents[skewed(agentCount, 3)] ?? { id: "x", name: "x" },
      createdMs: postMs,
      title: text(3, 10),
      content: text(10, 50),
      ...(random() < 0.05 ? { url: `https://example.com/${hex(8)}` } : {}),
      submolt: submolts[skewed(submolts.length, 4)] ?? "general",
      upvotes: votes() * 3,
      downvotes: Math.floor(votes() / 3),
    };
    emit(postSinks, post);
    if (p % 2000 === 1) {
      emit(postSinks, { ...post, title: `${post.title} (recrawled)` });
      recrawled++;
    }
    const thread: { id: string; ms: number }[] = [];
    let ms = postMs;
    for (let c = 0; c < (counts[p] ?? 0); c++) {
      ms += Math.floor(exponential(c === 0 ? 1_800_000 : 1_200_000)) + 1;
      const replyTo = thread.length > 0 && random() < 0.07 ? thread[Math.floor(random() * thread.length)] : undefined;
      const comment: Row = {
        kind: "comment",
        id: uuid(),
        author: agents[skewed(agentCount, 3)] ?? { id: "x", name: "x" },
        createdMs: ms,
        content: text(5, 40),
        postId: written % 50_000 === 7 ? uuid() : post.id,
        parentId: replyTo?.id ?? (c % 1000 === 3 ? post.id : null),
        upvotes: votes(),
        downvotes: Math.floor(votes() / 4),
      };
      thread.push({ id: comment.id, ms });
      emit(commentSinks, comment);
      written++;
    }
    if (p % 50_000 === 0) console.error(`generate: ${p} of ${postCount} posts, ${written} comments`);
  }
  closers.forEach((close) => close());
  console.error(
    `generate: ${postCount} posts (+${recrawled} recrawled copies) and ${written} comments in ${[...formats].join(", ")} -> ${outDir}`,
  );
}

main();
