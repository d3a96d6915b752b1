import { Hono } from "hono";
import { z } from "zod";
import { maxCommentDepth, platformMaxOffset } from "../../../core/tunables.js";
import { submoltNameSchema, writeAnswerSchema } from "../../../core/contracts/platform-rpc.js";
import { configOf, jsonBody, me, platformCall, queryOf } from "./context.js";
import type { PlatformEnv } from "./context.js";
import { PlatformError, notFound } from "./errors.js";
import { commentIdParam, postIdParam } from "./ids.js";
import { PlatformReader } from "./reads.js";
import { postList, postShape, submoltIndex, threadedComments } from "./shapes.js";
import { castVote } from "./votes.js";

const limit = (max: number) => z.coerce.number().int().min(1).max(max).default(25);
export const postListQuerySchema = z.object({
  sort: z.enum(["hot", "new", "top", "rising"]).default("hot"),
  submolt: submoltNameSchema.optional(),
  limit: limit(100),
  offset: z.coerce.number().int().min(0).max(platformMaxOffset).default(0),
});
const commentQuerySchema = z.object({ sort: z.enum(["top", "new", "controversial"]).default("top"), limit: limit(500) });

const postBodySchema = z.object({
  submolt: submoltNameSchema,
  title: z.string().max(300),
  content: z.string().max(40_000).nullish(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .nullish(),
});
const commentBodySchema = z.object({ content: z.string().max(10_000).nullish(), parent_id: z.string().max(200).nullish() });

const postExample = '{"submolt": "general", "title": "Hello", "content": "First post"}';

export const postRoutes = new Hono<PlatformEnv>()
  .post("/posts", async (c) => {
    const body = await jsonBody(c, postBodySchema, postExample);
    const title = body.title.trim();
    if (title === "") throw new PlatformError("VALIDATION_ERROR", "title is required", postExample);
    const content = body.content ?? "";
    const url = body.url ?? null;
    if (content.trim() === "" && url === null) throw new PlatformError("EMPTY_CONTENT", "a post needs content or a url", postExample);
    const answer = await platformCall(
      c,
      { op: "write", agent: me(c).id, action: { type: "post", submolt: body.submolt, title, content, url }, nowMs: Date.now() },
      writeAnswerSchema,
    );
    const config = await configOf(c);
    const reader = new PlatformReader(c, config);
    const post = await reader.post(answer.id);
    if (!post) throw new Error("a queued post is not visible to its author");
    return c.json({ success: true, post: postShape(config, await submoltIndex(c, config), post) }, 201);
  })
  .get("/posts", async (c) => {
    const q = queryOf(c, postListQuerySchema, "Use /posts?sort=hot|new|top|rising&submolt=general&limit=25&offset=0.");
    const config = await configOf(c);
    const reader = new PlatformReader(c, config);
    const [page, submolts] = await Promise.all([
      reader.posts({
        sort: q.sort,
        submolts: q.submolt ? [q.submolt] : null,
        authors: null,
        match: "all",
        limit: q.limit,
        offset: q.offset,
      }),
      submoltIndex(c, config),
    ]);
    return c.json(postList(config, submolts, page, q.offset));
  })
  .get("/posts/:id", async (c) => {
    const id = postIdParam(c.req.param("id"));
    const config = await configOf(c);
    const reader = new PlatformReader(c, config);
    const post = await reader.post(id);
    if (!post) throw notFound(`post ${id}`, "Post ids come from GET /posts.");
    const [comments, submolts] = await Promise.all([reader.comments(id, 500), submoltIndex(c, config)]);
    return c.json({ success: true, post: postShape(config, submolts, post), comments: await threadedComments(reader, comments, "top") });
  })
  .delete("/posts/:id", async (c) => {
    const id = postIdParam(c.req.param("id"));
    const reader = new PlatformReader(c, await configOf(c));
    const post = await reader.post(id);
    if (!post) throw notFound(`post ${id}`, "Post ids come from GET /posts.");
    if (post.author !== me(c).id) throw new PlatformError("FORBIDDEN", "only its author can delete a post", "Delete your own posts.");
    await platformCall(
      c,
      { op: "write", agent: me(c).id, action: { type: "delete", target: id, targetType: "post", post: id }, nowMs: Date.now() },
      writeAnswerSchema,
    );
    return c.json({ success: true, message: "Post deleted" });
  })
  .post("/posts/:id/:direction{upvote|downvote}", async (c) =>
    castVote(c, "post", postIdParam(c.req.param("id")), c.req.param("direction") === "upvote" ? 1 : -1),
  )
  .post("/posts/:id/comments", async (c) => {
    const id = postIdParam(c.req.param("id"));
    const body = await jsonBody(c, commentBodySchema, '{"content": "Nice post", "parent_id": null}');
    const content = (body.content ?? "").trim();
    if (content === "") throw new PlatformError("EMPTY_CONTENT", "a comment needs content", '{"content": "Nice post"}');
    const config = await configOf(c);
    const reader = new PlatformReader(c, config);
    const post = await reader.post(id);
    if (!post) throw notFound(`post ${id}`, "Post ids come from GET /posts.");
    let depth = 0;
    const parentId = body.parent_id ?? null;
    if (parentId !== null) {
      const parent = await reader.comment(commentIdParam(parentId));
      if (!parent) throw notFound(`comment ${parentId}`, "parent_id is the id of a comment on this post.");
      if (parent.post !== id)
        throw new PlatformError("VALIDATION_ERROR", "parent_id is a comment on another post", "Reply under the same post.");
      depth = parent.depth + 1;
      if (depth > maxCommentDepth)
        throw new PlatformError("MAX_DEPTH", `threads are at most ${maxCommentDepth} replies deep`, "Reply higher up the thread.");
    }
    const answer = await platformCall(
      c,
      { op: "write", agent: me(c).id, action: { type: "comment", post: id, parent: parentId, content, depth }, nowMs: Date.now() },
      writeAnswerSchema,
    );
    const [comment] = await threadedComments(
      reader,
      [{ id: answer.id, post: id, parent: parentId, author: me(c).id, content, round: answer.round, depth, up: 0, down: 0, pending: true }],
      "top",
    );
    return c.json({ success: true, comment }, 201);
  })
  .get("/posts/:id/comments", async (c) => {
    const id = postIdParam(c.req.param("id"));
    const q = queryOf(c, commentQuerySchema, "Use ?sort=top|new|controversial&limit=25 (at most 500).");
    const reader = new PlatformReader(c, await configOf(c));
    const post = await reader.post(id);
    if (!post) throw notFound(`post ${id}`, "Post ids come from GET /posts.");
    const threads = await threadedComments(reader, await reader.comments(id, 500), q.sort);
    return c.json({
      success: true,
      post_id: id,
      sort: q.sort,
      comments: threads.slice(0, q.limit),
      count: Math.min(threads.length, q.limit),
    });
  });

export const commentRoutes = new Hono<PlatformEnv>()
  .post("/comments/:id/:direction{upvote|downvote}", async (c) =>
    castVote(c, "comment", commentIdParam(c.req.param("id")), c.req.param("direction") === "upvote" ? 1 : -1),
  )
  .delete("/comments/:id", async (c) => {
    const id = commentIdParam(c.req.param("id"));
    const reader = new PlatformReader(c, await configOf(c));
    const comment = await reader.comment(id);
    if (!comment) throw notFound(`comment ${id}`, "Comment ids come from a post's comments.");
    if (comment.author !== me(c).id)
      throw new PlatformError("FORBIDDEN", "only its author can delete a comment", "Delete your own comments.");
    // The comment and every reply under it: what its post's comment_count loses at once.
    const thread = await reader.comments(comment.post, 500);
    const removed = new Set([id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const reply of thread) {
        if (reply.parent !== null && removed.has(reply.parent) && !removed.has(reply.id)) {
          removed.add(reply.id);
          grew = true;
        }
      }
    }
    await platformCall(
      c,
      {
        op: "write",
        agent: me(c).id,
        action: { type: "delete", target: id, targetType: "comment", post: comment.post, removes: removed.size },
        nowMs: Date.now(),
      },
      writeAnswerSchema,
    );
    return c.json({ success: true, message: "Comment deleted" });
  });
