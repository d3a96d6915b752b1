import { pendingActionSchema } from "../../core/contracts/platform-rpc.js";
import type { z } from "zod";
import type { overlayRequestSchema } from "../../core/contracts/platform-overlay.js";
import type { OverlayAnswer, QueuedComment, QueuedPost } from "../../core/contracts/platform-overlay.js";

/**
 * What the queued (acknowledged, not yet applied) writes of every external agent change, for the
 * platform API's readers: the posts and comments themselves, the deletions, and what they add to
 * every count - votes to upvotes, downvotes and the author's karma, comments to comment_count,
 * follows to follower_count, subscriptions to subscriber_count. Rows the shards already hold
 * (`applied`) are left out, so nothing is counted twice. Every list is one bound JSON parameter.
 */

interface Row extends Record<string, SqlStorageValue> {
  agent: string;
  id_round: number;
  body: string;
}

const inList = "(SELECT value FROM json_each(?))";
const list = (values: readonly string[]): string => JSON.stringify(values);

/**
 * Queued posts: those asked by id whole; with `all`, every other one without its content (a
 * round's queue may hold megabytes of text, more than one RPC message carries; a list ranks
 * them by id, round and score, and the reader asks for the content of the page it shows).
 */
function queuedPosts(sql: SqlStorage, ids: readonly string[], all: boolean): QueuedPost[] {
  const whole = sql
    .exec<Row>(
      `SELECT agent, id_round, body FROM external_pending WHERE applied = 0 AND kind = 'post' AND target IN ${inList} ORDER BY n`,
      list(ids),
    )
    .toArray()
    .flatMap((row) => {
      const action = pendingActionSchema.parse(JSON.parse(row.body));
      if (action.type !== "post") return [];
      const { id, submolt, title, content, url } = action;
      return [{ id, author: row.agent, submolt, title, content, url, round: row.id_round }];
    });
  if (!all) return whole;
  const asked = new Set(ids);
  const bare = sql
    .exec<{ agent: string; id_round: number; id: string; submolt: string; title: string; url: string | null }>(
      `SELECT agent, id_round, target AS id, json_extract(body, '$.submolt') AS submolt, json_extract(body, '$.title') AS title,
         json_extract(body, '$.url') AS url
       FROM external_pending WHERE applied = 0 AND kind = 'post' ORDER BY n`,
    )
    .toArray()
    .filter((row) => !asked.has(row.id))
    .map((row) => ({
      id: row.id,
      author: row.agent,
      submolt: row.submolt,
      title: row.title,
      content: "",
      url: row.url,
      round: row.id_round,
    }));
  return [...whole, ...bare];
}

/** One query per index: `a OR b` over two indexed columns would scan the table (and every body in it). */
function unionOf<T>(...parts: (() => T[])[]): T[] {
  return parts.flatMap((part) => part());
}

/**
 * Queued comments on `threads` (the oldest `limit`, as a thread's read is bounded: two rounds of
 * queued comments may hold tens of megabytes, more than one RPC message carries) and by id.
 */
function queuedComments(sql: SqlStorage, threads: readonly string[], ids: readonly string[], limit: number): QueuedComment[] {
  const select = (where: string, values: readonly string[]) => () =>
    values.length === 0
      ? []
      : sql
          .exec<Row & { n: number }>(
            `SELECT n, agent, id_round, body FROM external_pending WHERE applied = 0 AND kind = 'comment' AND ${where} IN ${inList}
             ORDER BY n LIMIT ?`,
            list(values),
            limit,
          )
          .toArray();
  const rows = new Map(unionOf(select("post", threads), select("target", ids)).map((row) => [row.n, row]));
  return [...rows.values()]
    .sort((a, b) => a.n - b.n)
    .flatMap((row) => {
      const action = pendingActionSchema.parse(JSON.parse(row.body));
      if (action.type !== "comment") return [];
      const { id, post, parent, content, depth } = action;
      return [{ id, post, parent, author: row.agent, content, round: row.id_round, depth }];
    });
}

function deletedTargets(sql: SqlStorage, posts: readonly string[], comments: readonly string[], allPosts: boolean): string[] {
  const select = (where: string, values: readonly string[]) => () =>
    values.length === 0
      ? []
      : sql
          .exec<{ target: string }>(
            `SELECT target FROM external_pending WHERE applied = 0 AND kind = 'delete' AND ${where} IN ${inList}`,
            list(values),
          )
          .toArray();
  const everyPost = () =>
    allPosts
      ? sql
          .exec<{ target: string }>("SELECT target FROM external_pending WHERE applied = 0 AND kind = 'delete' AND target = post")
          .toArray()
      : [];
  return [...new Set(unionOf(select("post", posts), select("target", comments), everyPost).map((r) => r.target))].sort();
}

function postCounts(sql: SqlStorage, posts: readonly string[]): OverlayAnswer["postCounts"] {
  if (posts.length === 0) return [];
  return sql
    .exec<{ post: string; up: number; down: number; comments: number }>(
      `SELECT post,
         SUM(CASE WHEN kind = 'vote' AND target = post THEN (value = 1) - (from_state = 1) ELSE 0 END) AS up,
         SUM(CASE WHEN kind = 'vote' AND target = post THEN (value = -1) - (from_state = -1) ELSE 0 END) AS down,
         SUM(CASE WHEN kind = 'comment' THEN 1 WHEN kind = 'delete' AND target <> post THEN -value ELSE 0 END) AS comments
       FROM external_pending WHERE applied = 0 AND post IN ${inList} GROUP BY post ORDER BY post`,
      list(posts),
    )
    .toArray()
    .map((r) => [r.post, r.up, r.down, r.comments] as [string, number, number, number]);
}

function commentCounts(sql: SqlStorage, threads: readonly string[], comments: readonly string[]): OverlayAnswer["commentCounts"] {
  const select = (where: string, values: readonly string[]) => () =>
    values.length === 0
      ? []
      : sql
          .exec<{ target: string; up: number; down: number }>(
            `SELECT target, SUM((value = 1) - (from_state = 1)) AS up, SUM((value = -1) - (from_state = -1)) AS down
             FROM external_pending WHERE applied = 0 AND kind = 'vote' AND target <> post AND ${where} IN ${inList} GROUP BY target`,
            list(values),
          )
          .toArray();
  const counts = new Map(unionOf(select("post", threads), select("target", comments)).map((r) => [r.target, r]));
  return [...counts.values()].sort((a, b) => (a.target < b.target ? -1 : 1)).map((r) => [r.target, r.up, r.down]);
}

function sums(
  sql: SqlStorage,
  kind: string,
  keyColumn: "target" | "target_author",
  delta: string,
  keys: readonly string[],
): [string, number][] {
  if (keys.length === 0) return [];
  return sql
    .exec<{ key: string; delta: number }>(
      `SELECT ${keyColumn} AS key, SUM(${delta}) AS delta FROM external_pending
       WHERE applied = 0 AND kind = ? AND ${keyColumn} IN ${inList} GROUP BY ${keyColumn} ORDER BY ${keyColumn}`,
      kind,
      list(keys),
    )
    .toArray()
    .filter((r) => r.delta !== 0)
    .map((r) => [r.key, r.delta]);
}

export function overlayOf(sql: SqlStorage, request: z.output<typeof overlayRequestSchema>): OverlayAnswer {
  const posts = queuedPosts(sql, request.posts, request.newPosts);
  const counted = [...new Set([...request.posts, ...posts.map((p) => p.id)])];
  return {
    ok: true,
    posts,
    comments: queuedComments(sql, request.threads, request.comments, request.threadLimit),
    deleted: deletedTargets(sql, [...request.posts, ...request.threads], request.comments, request.newPosts),
    postCounts: postCounts(sql, counted),
    commentCounts: commentCounts(sql, request.threads, request.comments),
    karma: sums(sql, "vote", "target_author", "value - from_state", request.agents),
    followers: sums(sql, "follow", "target", "value", request.agents),
    subscribers: sums(sql, "subscribe", "target", "value", request.submolts),
  };
}
