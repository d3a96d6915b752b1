import { z } from "zod";
import { commentItems, postResponseSchema, threadItems } from "./api-response.js";
import type { SourceItem } from "./source-item.js";

/**
 * The records a parsed JSON document (a .json file, or one JSONL line) holds. Accepted: a record;
 * an array of records; an object holding `posts` and/or `comments` arrays (a dataset dump, or the
 * live API's post and comment lists); the live API's `{ post, comments }`; the generic
 * `{ success, data }` envelope around any of these. A record is anything with an `id`.
 */

const tablesSchema = z.looseObject({
  posts: z.array(z.unknown()).optional(),
  comments: z.array(z.unknown()).optional(),
});
const dataEnvelopeSchema = z.looseObject({ data: z.unknown() });
/** Plain-object checks on the hot path (every record of a multi-GB dump): a failing zod parse builds issues, which costs more than the record. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
const hasId = (value: unknown): boolean => isObject(value) && value["id"] !== undefined && value["id"] !== null;
const hasReplies = (value: unknown): boolean => isObject(value) && Array.isArray(value["replies"]) && value["replies"].length > 0;

export function* itemsOfDocument(document: unknown): Generator<SourceItem> {
  if (Array.isArray(document)) {
    for (const element of document) yield* itemsOfValue(element, undefined);
    return;
  }
  yield* itemsOfValue(document, undefined);
}

function* itemsOfValue(value: unknown, kind: "post" | "comment" | undefined): Generator<SourceItem> {
  if (hasId(value)) {
    yield* itemsOfRecord(value, kind);
    return;
  }
  const response = postResponseSchema.safeParse(value);
  if (response.success) {
    yield* threadItems(response.data.post, response.data.comments ?? []);
    return;
  }
  const tables = tablesSchema.safeParse(value);
  if (tables.success && (tables.data.posts !== undefined || tables.data.comments !== undefined)) {
    for (const post of tables.data.posts ?? []) yield* itemsOfValue(post, "post");
    yield* commentItems(tables.data.comments ?? []);
    return;
  }
  const envelope = dataEnvelopeSchema.safeParse(value);
  if (envelope.success && envelope.data.data !== undefined) {
    yield* itemsOfDocument(envelope.data.data);
    return;
  }
  // Not a record and no known wrapper: passed on so that it is counted as invalid, not lost silently.
  yield { value, ...(kind ? { kind } : {}) };
}

/** A record and any thread nested in it: a post's `comments`, a comment's `replies`. */
function* itemsOfRecord(value: unknown, kind: "post" | "comment" | undefined): Generator<SourceItem> {
  if (kind === "comment" || hasReplies(value)) {
    yield* commentItems([value]);
    return;
  }
  const comments = isObject(value) ? value["comments"] : undefined;
  if (Array.isArray(comments) && comments.length > 0) {
    yield* threadItems(value);
    return;
  }
  // Outside a posts or comments array the kind is open here: `post_id` decides it.
  yield { value, ...(kind ? { kind } : {}) };
}
