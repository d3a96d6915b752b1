import { codePointCompare } from "./id-alphabet.js";
import type { AuthorRef, MoltbookComment, MoltbookPost, MoltbookRecord } from "./moltbook-records.js";

/**
 * A validated record as one line of a temporary sort file: a JSON array, so a line carries no key
 * names and parses back without a schema pass. `seq` is the record's position in reading order,
 * which the merge needs where reading order decides (a submolt's description).
 */
export interface SpilledRecord {
  readonly record: MoltbookRecord;
  readonly seq: number;
}

type Cell = string | number | null;

export function spillLine(record: MoltbookRecord, seq: number): string {
  const { author } = record;
  const head: Cell[] = [record.createdMs, record.kind === "post" ? 0 : 1, record.id, seq];
  const who: Cell[] = [author.id ?? null, author.name ?? null, author.description ?? null];
  const votes: Cell[] = [record.upvotes ?? null, record.downvotes ?? null];
  const body: Cell[] =
    record.kind === "post"
      ? [record.submolt, record.submoltDescription ?? null, record.title, record.content, record.url ?? null]
      : [record.postId ?? null, record.parentId ?? null, record.content, null, null];
  return JSON.stringify([...head, ...who, ...body, ...votes]);
}

/** What the merge orders records by. */
export type SpillKey = Pick<MoltbookRecord, "createdMs" | "kind" | "id">;

/** The order of the merged stream: time, then posts before comments (a reply may share its post's millisecond), then id. */
export function compareSpilled(a: SpillKey, b: SpillKey): number {
  return a.createdMs - b.createdMs || kindRank(a) - kindRank(b) || codePointCompare(a.id, b.id);
}

const kindRank = (record: SpillKey): number => (record.kind === "post" ? 0 : 1);

export class SpillFormatError extends Error {
  override readonly name = "SpillFormatError";
}

/** Parses a line written by spillLine; the file is this import's own, so a mismatch is a bug, not bad data. */
export function parseSpillLine(line: string): SpilledRecord {
  const cells: unknown = JSON.parse(line);
  if (!Array.isArray(cells) || cells.length !== 14) throw new SpillFormatError(`bad sort-file line: ${line.slice(0, 80)}`);
  const at = (i: number): unknown => cells[i];
  const num = (i: number): number => {
    const value = at(i);
    if (typeof value !== "number") throw new SpillFormatError(`bad sort-file cell ${i}: ${line.slice(0, 80)}`);
    return value;
  };
  const str = (i: number): string => {
    const value = at(i);
    if (typeof value !== "string") throw new SpillFormatError(`bad sort-file cell ${i}: ${line.slice(0, 80)}`);
    return value;
  };
  const optStr = (i: number): string | undefined => (at(i) === null ? undefined : str(i));
  const optNum = (i: number): number | undefined => (at(i) === null ? undefined : num(i));
  const authorId = optStr(4);
  const authorName = optStr(5);
  const description = optStr(6);
  const author: AuthorRef = {
    ...(authorId !== undefined ? { id: authorId } : {}),
    ...(authorName !== undefined ? { name: authorName } : {}),
    ...(description !== undefined ? { description } : {}),
  };
  const up = optNum(12);
  const down = optNum(13);
  const base = {
    id: str(2),
    author,
    createdMs: num(0),
    ...(up !== undefined ? { upvotes: up } : {}),
    ...(down !== undefined ? { downvotes: down } : {}),
  };
  if (num(1) === 0) {
    const submoltDescription = optStr(8);
    const url = optStr(11);
    const post: MoltbookPost = {
      kind: "post",
      ...base,
      content: str(10),
      submolt: str(7),
      ...(submoltDescription !== undefined ? { submoltDescription } : {}),
      title: str(9),
      ...(url !== undefined ? { url } : {}),
    };
    return { record: post, seq: num(3) };
  }
  const postId = optStr(7);
  const parentId = optStr(8);
  const comment: MoltbookComment = {
    kind: "comment",
    ...base,
    content: str(9),
    ...(postId !== undefined ? { postId } : {}),
    ...(parentId !== undefined ? { parentId } : {}),
  };
  return { record: comment, seq: num(3) };
}
