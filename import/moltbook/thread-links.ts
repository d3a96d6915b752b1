import type { AgentDirectory } from "./agent-ids.js";
import type { CollectedRecords } from "./collect-records.js";
import type { DropCounts, DropReason } from "./drop-reasons.js";
import { codePointCompare } from "./id-alphabet.js";
import type { MoltbookComment, MoltbookPost } from "./moltbook-records.js";

export interface LinkedPost {
  readonly record: MoltbookPost;
  readonly agent: string;
}

export interface LinkedComment {
  readonly record: MoltbookComment;
  readonly agent: string;
  readonly post: LinkedPost;
  /** The comment replied to; null for a top-level comment. */
  readonly parent: LinkedComment | null;
}

export interface ThreadLinks {
  readonly posts: LinkedPost[];
  /** Every comment comes after the comment it replies to. */
  readonly comments: LinkedComment[];
}

type VisitState = LinkedComment | DropReason | "visiting";

/**
 * Resolves each comment's post and parent and drops what would point at nothing or forward in
 * time (docs/events.md: nothing points forward): no author, a post or parent that is missing, dropped
 * or created later, a parent under another post, a loop. A reply to a dropped comment is dropped
 * too. Timestamps decide "later"; canonical order within an hour is placement's concern.
 */
export function linkThreads(collected: CollectedRecords, directory: AgentDirectory, dropped: DropCounts): ThreadLinks {
  const posts = new Map<string, LinkedPost>();
  for (const record of collected.posts.values()) {
    const agent = directory.agentOf(record.author);
    if (agent === undefined) dropped.noAuthor++;
    else posts.set(record.id, { record, agent });
  }

  const state = new Map<string, VisitState>();
  const linked: LinkedComment[] = [];

  const resolve = (record: MoltbookComment): VisitState => {
    const agent = directory.agentOf(record.author);
    if (agent === undefined) return "noAuthor";
    if (record.postId === undefined) return "missingPost";
    const post = posts.get(record.postId);
    if (post === undefined) return collected.posts.has(record.postId) ? "postDropped" : "missingPost";
    if (post.record.createdMs > record.createdMs) return "postLater";
    const parentRecord = record.parentId === undefined ? undefined : collected.comments.get(record.parentId);
    // Some crawls write the post's id as the parent of a top-level comment.
    if (parentRecord === undefined) {
      if (record.parentId !== undefined && record.parentId !== record.postId) return "missingParent";
      return { record, agent, post, parent: null };
    }
    if (parentRecord.createdMs > record.createdMs) return "parentLater";
    const parentState = visit(parentRecord);
    if (parentState === "visiting") return "cycle";
    if (typeof parentState === "string") return "parentDropped";
    if (parentState.post !== post) return "parentOtherPost";
    return { record, agent, post, parent: parentState };
  };

  // Only a parent with the same timestamp can be unvisited here, so recursion stays shallow.
  const visit = (record: MoltbookComment): VisitState => {
    const known = state.get(record.id);
    if (known !== undefined) return known;
    state.set(record.id, "visiting");
    const outcome = resolve(record);
    state.set(record.id, outcome);
    if (typeof outcome === "string") {
      if (outcome !== "visiting") dropped[outcome]++;
    } else {
      linked.push(outcome);
    }
    return outcome;
  };

  const byTime = [...collected.comments.values()].sort((a, b) => a.createdMs - b.createdMs || codePointCompare(a.id, b.id));
  for (const record of byTime) visit(record);
  return { posts: [...posts.values()], comments: linked };
}
