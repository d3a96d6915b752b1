import { z } from "zod";
import type { SourceItem } from "./source-item.js";
import { toEpochMs } from "./source-time.js";

/**
 * The posts and comments tables of Moltbook datasets (dumps of the live API, scraper JSONL, CSV and
 * Parquet exports). Field names are the live API's snake_case; tables that flatten the nested
 * objects (`author_id`, `author_name`, `submolt_name`) are read too. Unknown fields are ignored and
 * optional fields that are missing or unreadable are left out, since crawls differ in what they
 * kept: only an id and a readable `created_at` are required.
 */

/** Ids arrive as strings, numbers or (Parquet INT64) bigints. */
const sourceId = z
  .union([z.string(), z.number(), z.bigint()])
  .transform((value) => String(value).trim())
  .pipe(z.string().min(1));

const timestamp = z.union([z.string(), z.number(), z.bigint(), z.date()]).transform((value, ctx) => {
  const ms = toEpochMs(value);
  if (ms === null) {
    ctx.addIssue({ code: "custom", message: "unreadable timestamp", input: value });
    return z.NEVER;
  }
  return ms;
});

/** Blank strings count as missing: CSV has no null. */
const text = z.union([z.string(), z.number()]).transform((value) => String(value));
const optionalText = text.nullish().catch(undefined);
const optionalName = text
  .transform((value) => value.trim())
  .nullish()
  .catch(undefined)
  .transform((value) => (value === "" || value === null ? undefined : value));
const optionalId = sourceId.nullish().catch(undefined);
const optionalCount = z
  .union([
    z.number(),
    z.bigint(),
    z
      .string()
      .trim()
      .regex(/^-?\d+$/),
  ])
  .transform((value) => Number(value))
  .pipe(z.number().int())
  .nullish()
  .catch(undefined);

const authorObject = z.object({ id: optionalId, name: optionalName, description: optionalName });
// Objects first: the live API's nested shape is the common one in large JSON dumps, and a failed branch costs an issue.
const authorField = z.union([authorObject, text]).nullish().catch(undefined);

const submoltObject = z.object({ name: optionalName, display_name: optionalName, description: optionalName });
const submoltField = z.union([submoltObject, text]).nullish().catch(undefined);

export const moltbookRecordSchema = z.object({
  id: sourceId,
  created_at: timestamp,
  author: authorField,
  author_id: optionalId,
  author_name: optionalName,
  submolt: submoltField,
  submolt_name: optionalName,
  title: optionalText,
  content: optionalText,
  url: optionalText,
  post_id: optionalId,
  parent_id: optionalId,
  upvotes: optionalCount,
  downvotes: optionalCount,
});

export interface AuthorRef {
  readonly id?: string;
  readonly name?: string;
  readonly description?: string;
}

interface RecordBase {
  /** The dataset's id, as a string. */
  readonly id: string;
  readonly author: AuthorRef;
  readonly createdMs: number;
  readonly content: string;
  /** Totals as the crawl saw them; absent when the source has none. */
  readonly upvotes?: number;
  readonly downvotes?: number;
}

export interface MoltbookPost extends RecordBase {
  readonly kind: "post";
  readonly submolt: string;
  readonly submoltDescription?: string;
  readonly title: string;
  readonly url?: string;
}

export interface MoltbookComment extends RecordBase {
  readonly kind: "comment";
  /** Missing only for comments read from a bare comment list; such comments are dropped later. */
  readonly postId?: string;
  readonly parentId?: string;
}

export type MoltbookRecord = MoltbookPost | MoltbookComment;

/** Moltbook files every post under a submolt and `general` always exists, so a post whose crawl lost its submolt goes there. */
export const defaultSubmolt = "general";

/**
 * The record an item holds, or null when it is not a record (no id or no readable timestamp).
 * A record is a comment when it names its post (`post_id`, or the post it is nested under) or sits
 * in a `comments` array; otherwise it is a post.
 */
export function toMoltbookRecord(item: SourceItem): MoltbookRecord | null {
  const parsed = moltbookRecordSchema.safeParse(item.value);
  if (!parsed.success) return null;
  const r = parsed.data;
  const authorObj = typeof r.author === "object" && r.author !== null ? r.author : undefined;
  const authorName = (typeof r.author === "string" ? r.author.trim() : authorObj?.name) || r.author_name || undefined;
  const authorId = authorObj?.id ?? r.author_id ?? undefined;
  const author: AuthorRef = {
    ...(authorId !== undefined ? { id: authorId } : {}),
    ...(authorName !== undefined ? { name: authorName } : {}),
    ...(authorObj?.description ? { description: authorObj.description } : {}),
  };
  const base = {
    id: r.id,
    author,
    createdMs: r.created_at,
    content: r.content ?? "",
    ...(r.upvotes !== undefined && r.upvotes !== null ? { upvotes: r.upvotes } : {}),
    ...(r.downvotes !== undefined && r.downvotes !== null ? { downvotes: r.downvotes } : {}),
  };
  const postId = r.post_id ?? item.postId;
  if (postId !== undefined || item.kind === "comment") {
    const parentId = r.parent_id ?? item.parentId;
    return { kind: "comment", ...base, ...(postId !== undefined ? { postId } : {}), ...(parentId !== undefined ? { parentId } : {}) };
  }
  const submoltObj = typeof r.submolt === "object" && r.submolt !== null ? r.submolt : undefined;
  const submoltName = (typeof r.submolt === "string" ? r.submolt.trim() : (submoltObj?.name ?? submoltObj?.display_name)) || r.submolt_name;
  const url = r.url?.trim();
  return {
    kind: "post",
    ...base,
    submolt: submoltName ?? defaultSubmolt,
    ...(submoltObj?.description ? { submoltDescription: submoltObj.description } : {}),
    title: r.title ?? "",
    ...(url ? { url } : {}),
  };
}
