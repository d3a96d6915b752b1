import { z } from "zod";
import { commentItems, postResponseSchema, threadItems, threadedPostSchema } from "./api-response.js";
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
const hasId = z.looseObject({ id: z.unknown().refine((value) => value !== undefined && value !== null) });

export function* itemsOfDocument(document: unknown): Generator<SourceItem> {
  if (Array.isArray(document)) {
    for (const element of document) yield* itemsOfValue(element, undefined);
    return;
  }
  yield* itemsOfValue(document, undefined);
}

function* itemsOfValue(value: unknown, kind: "post" | "comment" | undefined): Generator<SourceItem> {
  if (hasId.safeParse(value).success) {
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

const withReplies = z.looseObject({ replies: z.array(z.unknown()).min(1) });

/** A record and any thread nested in it: a post's `comments`, a comment's `replies`. */
function* itemsOfRecord(value: unknown, kind: "post" | "comment" | undefined): Generator<SourceItem> {
  if (kind === "comment" || withReplies.safeParse(value).success) {
    yield* commentItems([value]);
    return;
  }
  const post = threadedPostSchema.safeParse(value);
  if (post.success && post.data.comments?.length) {
    yield* threadItems(value);
    return;
  }
  // Outside a posts or comments array the kind is open here: `post_id` decides it.
  yield { value, ...(kind ? { kind } : {}) };
}
