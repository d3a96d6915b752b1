import { z } from "zod";
import type { SourceItem } from "./source-item.js";

/**
 * Moltbook's live API shapes (docs/platform-api.md): `GET /posts/:id` answers `{ success, post,
 * comments }` with comments threaded through `replies`, and the threaded comments carry no
 * `post_id` - the post they sit under is the context. Only the envelope and the threading are
 * checked here; each post and comment is validated as a record by moltbook-records.ts.
 */

const sourceId = z
  .union([z.string(), z.number(), z.bigint()])
  .transform((value) => String(value).trim())
  .pipe(z.string().min(1));
const optionalId = sourceId.nullish().catch(undefined);
const optionalList = z.array(z.unknown()).nullish().catch(undefined);

/** A post, possibly holding its thread (some crawls store `comments` inside the post). */
export const threadedPostSchema = z.looseObject({ id: optionalId, comments: optionalList });

/** A comment node: its id gives its replies their `parent_id`, its `post_id` (if any) their post. */
export const threadedCommentSchema = z.looseObject({ id: optionalId, post_id: optionalId, replies: optionalList });

/** `GET /posts/:id`: one post and its threaded comments. */
export const postResponseSchema = z.looseObject({
  success: z.boolean().optional(),
  post: z.record(z.string(), z.unknown()),
  comments: optionalList,
});

export type PostResponse = z.infer<typeof postResponseSchema>;

/** A post, then every comment of its thread (the post's own `comments`, then `extra`), each with its context. */
export function* threadItems(post: unknown, extra: readonly unknown[] = []): Generator<SourceItem> {
  const parsed = threadedPostSchema.safeParse(post);
  yield { value: post, kind: "post" };
  if (!parsed.success) return;
  const postId = parsed.data.id ?? undefined;
  yield* commentItems([...(parsed.data.comments ?? []), ...extra], postId);
}

/** Comments and, depth first, their replies; a reply inherits its post and gets its parent from the nesting. */
export function* commentItems(roots: readonly unknown[], postId?: string, parentId?: string): Generator<SourceItem> {
  // An explicit stack: reply chains in a crawl can be deeper than is safe to recurse on.
  const stack: { value: unknown; postId: string | undefined; parentId: string | undefined }[] = [];
  const pushAll = (nodes: readonly unknown[], post: string | undefined, parent: string | undefined): void => {
    for (let i = nodes.length - 1; i >= 0; i--) stack.push({ value: nodes[i], postId: post, parentId: parent });
  };
  pushAll(roots, postId, parentId);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    yield {
      value: next.value,
      kind: "comment",
      ...(next.postId !== undefined ? { postId: next.postId } : {}),
      ...(next.parentId !== undefined ? { parentId: next.parentId } : {}),
    };
    const node = threadedCommentSchema.safeParse(next.value);
    if (!node.success || !node.data.replies?.length) continue;
    pushAll(node.data.replies, node.data.post_id ?? next.postId, node.data.id ?? undefined);
  }
}
