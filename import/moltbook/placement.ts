import type { DropCounts } from "./drop-reasons.js";
import { codePointCompare, uniqueSanitisedIds } from "./id-alphabet.js";
import type { MoltbookComment, MoltbookPost } from "./moltbook-records.js";
import { floorToHour, hourMs } from "./source-time.js";
import type { LinkedComment, ThreadLinks } from "./thread-links.js";

/**
 * What to do with a reply that canonical order would log before the post or comment it answers.
 * Within a round, events go by agent id, so a reply by `alice` to `bob`'s post of the same hour
 * would precede it. `defer` moves such a reply to the next round (its time moves by less than an
 * hour, and the log keeps it); `drop` leaves it out (counted as `sameRoundOrder`) and keeps every
 * kept record in the hour it was written.
 */
export type SameHourReplies = "defer" | "drop";

export interface PlacedPost {
  readonly kind: "post";
  readonly record: MoltbookPost;
  readonly agent: string;
  readonly round: number;
  readonly eventId: string;
}

export interface PlacedComment {
  readonly kind: "comment";
  readonly record: MoltbookComment;
  readonly agent: string;
  readonly round: number;
  readonly eventId: string;
  readonly post: PlacedPost;
  readonly parent: PlacedComment | null;
}

export type PlacedContent = PlacedPost | PlacedComment;

export interface Placement {
  /** The first timestamp floored to the hour: round 0's time, so rounds are clock hours and days are UTC days. */
  readonly originMs: number;
  readonly posts: PlacedPost[];
  /** Every comment comes after the comment it replies to. */
  readonly comments: PlacedComment[];
  readonly lastRound: number;
  /** Replies moved to a later round (mode `defer`). */
  readonly deferred: number;
}

/**
 * The docs/events.md content id with the dataset's (sanitised, unique) id in place of the counter `k`:
 * `p.<round>.<agent>.<id>`, `c.<round>.<agent>.<id>`. The kind prefix keeps a post and a comment
 * that share a dataset id apart, and core/ids.ts reads author and round from it as from any id.
 */
export function contentEventId(kind: "post" | "comment", round: number, agent: string, sourceId: string): string {
  return `${kind === "post" ? "p" : "c"}.${round}.${agent}.${sourceId}`;
}

/** Where content stands in the log within one round: agent, then the agent's own order (time, then id). */
function compareInRound(a: { agent: string; ms: number; id: string }, b: { agent: string; ms: number; id: string }): number {
  return codePointCompare(a.agent, b.agent) || a.ms - b.ms || codePointCompare(a.id, b.id);
}

/**
 * Rounds and ids: one round per hour from the first timestamp's hour, round = floor((created_at -
 * origin) / 1 h). A reply is placed where nothing it names comes after it (see SameHourReplies).
 */
export function placeContent(links: ThreadLinks, mode: SameHourReplies, dropped: DropCounts): Placement {
  let firstMs = Number.POSITIVE_INFINITY;
  for (const { record } of links.posts) firstMs = Math.min(firstMs, record.createdMs);
  for (const { record } of links.comments) firstMs = Math.min(firstMs, record.createdMs);
  const originMs = floorToHour(firstMs);
  const roundAt = (ms: number): number => Math.floor((ms - originMs) / hourMs);

  const postIds = uniqueSanitisedIds(links.posts.map((p) => p.record.id));
  const commentIds = uniqueSanitisedIds(links.comments.map((c) => c.record.id));

  let lastRound = 0;
  const posts: PlacedPost[] = [];
  const placedPosts = new Map<string, PlacedPost>();
  for (const linked of links.posts) {
    const round = roundAt(linked.record.createdMs);
    lastRound = Math.max(lastRound, round);
    const eventId = contentEventId("post", round, linked.agent, postIds.get(linked.record.id) ?? "_");
    const placed: PlacedPost = { kind: "post", record: linked.record, agent: linked.agent, round, eventId };
    posts.push(placed);
    placedPosts.set(linked.record.id, placed);
  }

  const placedComments = new Map<LinkedComment, PlacedComment>();
  const comments: PlacedComment[] = [];
  let deferred = 0;
  for (const linked of links.comments) {
    const post = placedPosts.get(linked.post.record.id);
    const parent = linked.parent === null ? null : placedComments.get(linked.parent);
    if (post === undefined || parent === undefined) {
      dropped.parentDropped++;
      continue;
    }
    const sourceId = commentIds.get(linked.record.id) ?? "_";
    const ms = linked.record.createdMs;
    const base = roundAt(ms);
    let round = Math.max(base, post.round, parent?.round ?? 0);
    const precedes = (target: PlacedContent): boolean =>
      target.round === round &&
      compareInRound(
        { agent: linked.agent, ms, id: contentEventId("comment", round, linked.agent, sourceId) },
        { agent: target.agent, ms: target.record.createdMs, id: target.eventId },
      ) < 0;
    if (precedes(post) || (parent !== null && precedes(parent))) round++;
    if (round > base) {
      if (mode === "drop") {
        dropped.sameRoundOrder++;
        continue;
      }
      deferred++;
    }
    lastRound = Math.max(lastRound, round);
    const placed: PlacedComment = {
      kind: "comment",
      record: linked.record,
      agent: linked.agent,
      round,
      eventId: contentEventId("comment", round, linked.agent, sourceId),
      post,
      parent,
    };
    placedComments.set(linked, placed);
    comments.push(placed);
  }
  return { originMs, posts, comments, lastRound, deferred };
}
