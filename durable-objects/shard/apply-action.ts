import { hotScore } from "../../core/platform/ranking.js";
import { maxCommentDepth } from "../../core/tunables.js";
import type { Action, Notification } from "../../core/round/round-types.js";
import type { AppliedResult, ShardBatchItem } from "./shard-types.js";

/**
 * The commit of one action to a shard's tables: one function per action kind, each checking its
 * rules, writing its rows and notifying whom it concerns. The caller (content-shard.ts) runs it
 * inside the batch's transaction and makes it idempotent; nothing here reads a clock or a random.
 */

/** Who acts and when: the parts of a batch item every action kind needs. */
interface ActionContext {
  readonly sql: SqlStorage;
  readonly round: number;
  readonly simSeconds: number;
  readonly agent: string;
  readonly seq: number;
}

type ActionOf<T extends Action["type"]> = Extract<Action, { type: T }>;

const reject = (reason: string): AppliedResult => ({ status: "rejected", reason });

/** Applies one committed action of `agent` in `round`; rejections write nothing. */
export function applyAction(sql: SqlStorage, round: number, simSeconds: number, { agent, seq, action }: ShardBatchItem): AppliedResult {
  const context: ActionContext = { sql, round, simSeconds, agent, seq };
  switch (action.type) {
    case "post":
      return applyPost(context, action);
    case "comment":
      return applyComment(context, action);
    case "vote":
      return applyVote(context, action);
    case "follow":
      return applyFollow(context, action);
    case "subscribe":
      return applySubscribe(context, action);
  }
}

function applyPost({ sql, round, simSeconds, agent }: ActionContext, action: ActionOf<"post">): AppliedResult {
  // An id already taken writes nothing: the conflict clause is the duplicate check.
  const inserted = sql.exec(
    `INSERT INTO posts (id, author, submolt, title, content, round, sim_seconds, hot)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    action.id,
    agent,
    action.submolt,
    action.title,
    action.content,
    round,
    simSeconds,
    hotScore(0, simSeconds),
  );
  if (inserted.rowsWritten === 0) return reject("duplicate id");
  return { status: "accepted" };
}

/** Where a comment attaches: its depth and whom it answers (the post's or the parent's author). */
interface CommentPlace {
  readonly depth: number;
  readonly recipient: string;
  readonly target: string;
}

/** The place of a comment in its post's thread, or why it has none. */
function placeComment(sql: SqlStorage, action: ActionOf<"comment">): CommentPlace | AppliedResult {
  const post = sql.exec<{ author: string }>("SELECT author FROM posts WHERE id = ?", action.post).toArray()[0];
  if (!post) return reject("unknown post");
  if (action.parent === null) return { depth: 0, recipient: post.author, target: action.post };
  const parent = sql
    .exec<{ author: string; depth: number; post: string }>("SELECT author, depth, post FROM comments WHERE id = ?", action.parent)
    .toArray()[0];
  if (!parent || parent.post !== action.post) return reject("unknown parent comment");
  const depth = parent.depth + 1;
  if (depth > maxCommentDepth) return reject("thread too deep");
  return { depth, recipient: parent.author, target: action.parent };
}

function applyComment(context: ActionContext, action: ActionOf<"comment">): AppliedResult {
  const { sql, round, agent, seq } = context;
  const place = placeComment(sql, action);
  if ("status" in place) return place;
  const { depth, recipient, target } = place;
  const inserted = sql.exec(
    `INSERT INTO comments (id, post, parent, author, content, round, depth) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
    action.id,
    action.post,
    action.parent,
    agent,
    action.content,
    round,
    depth,
  );
  if (inserted.rowsWritten === 0) return reject("duplicate id");
  sql.exec("UPDATE posts SET comment_count = comment_count + 1 WHERE id = ?", action.post);
  notify(sql, recipient, round, agent, seq, {
    round,
    kind: "reply",
    target,
    actor: agent,
    comment: action.id,
    text: action.content.slice(0, 280),
    post: action.post,
  });
  return { status: "accepted" };
}

function applyVote(context: ActionContext, action: ActionOf<"vote">): AppliedResult {
  const { sql, round, agent, seq } = context;
  // A post's creation time comes along: its hot score is recomputed below.
  const target = sql
    .exec<{ author: string; up: number; down: number; sim_seconds: number }>(
      action.targetType === "post"
        ? "SELECT author, up, down, sim_seconds FROM posts WHERE id = ?"
        : "SELECT author, up, down, 0 AS sim_seconds FROM comments WHERE id = ?",
      action.target,
    )
    .toArray()[0];
  if (!target) return reject("unknown target");
  if (target.author === agent) return reject("SELF_VOTE");
  const before =
    sql.exec<{ value: number }>("SELECT value FROM votes WHERE target = ? AND voter = ?", action.target, agent).toArray()[0]?.value ?? 0;
  const after = before === action.direction ? 0 : action.direction;
  const up = target.up - (before === 1 ? 1 : 0) + (after === 1 ? 1 : 0);
  const down = target.down - (before === -1 ? 1 : 0) + (after === -1 ? 1 : 0);
  sql.exec(
    "INSERT INTO votes (target, voter, value) VALUES (?, ?, ?) ON CONFLICT (target, voter) DO UPDATE SET value = excluded.value",
    action.target,
    agent,
    after,
  );
  if (action.targetType === "post") {
    sql.exec("UPDATE posts SET up = ?, down = ?, hot = ? WHERE id = ?", up, down, hotScore(up - down, target.sim_seconds), action.target);
  } else {
    sql.exec("UPDATE comments SET up = ?, down = ? WHERE id = ?", up, down, action.target);
  }
  const delta = after - before;
  sql.exec(
    "INSERT INTO karma (agent, karma) VALUES (?, ?) ON CONFLICT (agent) DO UPDATE SET karma = karma + excluded.karma",
    target.author,
    delta,
  );
  notify(sql, target.author, round, agent, seq, { round, kind: "vote", target: action.target, actor: agent, post: action.post, delta });
  return { status: "accepted", value: after, targetAuthor: target.author };
}

function applyFollow({ sql, agent }: ActionContext, action: ActionOf<"follow">): AppliedResult {
  const following = sql.exec("SELECT 1 FROM follows WHERE follower = ? AND target = ?", agent, action.target).toArray().length > 0;
  if (following === action.follow) return reject("no change");
  if (action.follow) sql.exec("INSERT INTO follows (follower, target) VALUES (?, ?)", agent, action.target);
  else sql.exec("DELETE FROM follows WHERE follower = ? AND target = ?", agent, action.target);
  return { status: "accepted", value: action.follow ? 1 : 0 };
}

function applySubscribe({ sql, agent }: ActionContext, action: ActionOf<"subscribe">): AppliedResult {
  const subscribed = sql.exec("SELECT 1 FROM subscriptions WHERE agent = ? AND submolt = ?", agent, action.submolt).toArray().length > 0;
  if (subscribed === action.subscribe) return reject("no change");
  if (action.subscribe) sql.exec("INSERT INTO subscriptions (agent, submolt) VALUES (?, ?)", agent, action.submolt);
  else sql.exec("DELETE FROM subscriptions WHERE agent = ? AND submolt = ?", agent, action.submolt);
  return { status: "accepted", value: action.subscribe ? 1 : 0 };
}

/** One notification per (recipient, round, actor, actor's seq); nobody is notified of their own act. */
function notify(sql: SqlStorage, recipient: string, round: number, actor: string, actorSeq: number, body: Notification): void {
  if (recipient === actor) return;
  sql.exec(
    `INSERT INTO notifications (recipient, round, actor, actor_seq, body) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
    recipient,
    round,
    actor,
    actorSeq,
    JSON.stringify(body),
  );
}
