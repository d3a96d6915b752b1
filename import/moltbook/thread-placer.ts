import type { UnsequencedEvent } from "../../core/events/event-schema.js";
import type { AgentDirectory } from "./agent-ids.js";
import { ContentState } from "./content-table.js";
import type { ContentTable } from "./content-table.js";
import type { DropCounts, DropReason } from "./drop-reasons.js";
import { codePointCompare } from "./id-alphabet.js";
import type { MoltbookComment, MoltbookPost } from "./moltbook-records.js";
import { floorToHour, hourMs, roundTime } from "./source-time.js";
import type { SpilledRecord } from "./spill-record.js";

/**
 * What to do with a reply that canonical order would log before the post or comment it answers.
 * Within a round, events go by agent id, so a reply by `alice` to `bob`'s post of the same hour
 * would precede it. `defer` moves such a reply to the next round (its time moves by less than an
 * hour, and the log keeps it); `drop` leaves it out (counted as `sameRoundOrder`) and keeps every
 * kept record in the hour it was written.
 */
export type SameHourReplies = "defer" | "drop";

/** A post or comment given its round and log id, with what the log writer orders it by. */
export interface PlacedItem {
  readonly round: number;
  readonly agent: string;
  readonly ms: number;
  readonly eventId: string;
  readonly event: UnsequencedEvent;
  /** The data's vote totals, when it has any: a `scoreSnapshot` in the last round. */
  readonly score?: { readonly up: number; readonly down: number };
}

/**
 * The docs/events.md content id with the dataset's (sanitised, unique) id in place of the counter `k`:
 * `p.<round>.<agent>.<id>`, `c.<round>.<agent>.<id>`. The kind prefix keeps a post and a comment
 * that share a dataset id apart, and core/ids.ts reads author and round from it as from any id.
 */
export function contentEventId(kind: "post" | "comment", round: number, agent: string, logId: string): string {
  return `${kind === "post" ? "p" : "c"}.${round}.${agent}.${logId}`;
}

interface Target {
  readonly round: number;
  readonly agent: string;
  readonly ms: number;
  readonly eventId: string;
}

/** Where content stands in the log within one round: agent, then the agent's own order (time, then id). */
const comesBefore = (a: Target, b: Target): boolean =>
  (codePointCompare(a.agent, b.agent) || a.ms - b.ms || codePointCompare(a.eventId, b.eventId)) < 0;

/**
 * The second pass, over the merged (time-ordered) records: links each comment to its post and parent
 * and drops what would point at nothing or forward in time (docs/events.md: nothing points forward),
 * then places what is kept: one round per hour from the first kept post's hour, a reply deferred
 * (or dropped) where canonical order would put it before what it answers. Comments sharing one
 * millisecond are resolved together, parents first, as a reply may sort before its parent there.
 * Per post or comment it reads and writes only the index of content-table.ts.
 */
export class ThreadPlacer {
  originMs: number | undefined;
  lastRound = 0;
  deferred = 0;
  readonly placedAgents = new Set<string>();
  /** Submolts posted in, with the description of the first such post in reading order that has one. */
  readonly submolts = new Map<string, { seq: number; description: string | undefined }>();
  private readonly agentIds: string[] = [];
  private readonly agentNumbers = new Map<string, number>();
  private group: MoltbookComment[] = [];
  private groupById = new Map<string, MoltbookComment>();

  constructor(
    private readonly posts: ContentTable,
    private readonly comments: ContentTable,
    private readonly directory: AgentDirectory,
    private readonly mode: SameHourReplies,
    private readonly dropped: DropCounts,
    /** Where placed posts and comments go (the round log). */
    public onPlaced: (item: PlacedItem) => void,
  ) {}

  roundAt(ms: number): number {
    return Math.floor((ms - (this.originMs ?? ms)) / hourMs);
  }

  /** Takes the next record of the merge; everything strictly earlier is placed when this returns. */
  accept(item: SpilledRecord): void {
    const first = this.group[0];
    if (first !== undefined && first.createdMs !== item.record.createdMs) this.finishGroup();
    const { record } = item;
    if (record.kind === "post") this.placePost(record, item.seq);
    else {
      this.group.push(record);
      this.groupById.set(record.id, record);
    }
  }

  finish(): void {
    this.finishGroup();
  }

  private finishGroup(): void {
    for (const record of this.group) this.visit(record);
    this.group = [];
    this.groupById = new Map();
  }

  private agentNumber(agent: string): number {
    let n = this.agentNumbers.get(agent);
    if (n === undefined) {
      n = this.agentIds.push(agent) - 1;
      this.agentNumbers.set(agent, n);
    }
    return n;
  }

  private placePost(record: MoltbookPost, seq: number): void {
    const slot = this.posts.index.lookup(record.id);
    const agent = this.directory.agentOf(record.author);
    if (agent === undefined) {
      this.dropped.noAuthor++;
      return;
    }
    this.originMs ??= floorToHour(record.createdMs);
    const round = this.roundAt(record.createdMs);
    const eventId = contentEventId("post", round, agent, this.posts.logId(record.id));
    this.posts.state.set(slot, ContentState.placed);
    this.posts.round.set(slot, round);
    this.posts.agent.set(slot, this.agentNumber(agent));
    // A post without a description holds its submolt's place at seq Infinity, so any described post replaces it.
    const known = this.submolts.get(record.submolt);
    const description = record.submoltDescription;
    if (known === undefined) this.submolts.set(record.submolt, { seq: description === undefined ? Infinity : seq, description });
    else if (description !== undefined && seq < known.seq) this.submolts.set(record.submolt, { seq, description });
    const t = roundTime(this.originMs, round);
    const event: UnsequencedEvent = {
      type: "post",
      round,
      t,
      agent,
      id: eventId,
      submolt: record.submolt,
      title: record.title,
      content: record.content,
      ...(record.url !== undefined ? { url: record.url } : {}),
    };
    this.place({ round, agent, ms: record.createdMs, eventId, event, ...scoreOf(record) });
  }

  private place(item: PlacedItem): void {
    this.lastRound = Math.max(this.lastRound, item.round);
    this.placedAgents.add(item.agent);
    this.onPlaced(item);
  }

  private visit(record: MoltbookComment): number {
    const slot = this.comments.index.lookup(record.id);
    const known = this.comments.state.get(slot);
    if (known !== ContentState.pending) return known;
    this.comments.state.set(slot, ContentState.visiting);
    const outcome = this.resolve(record, slot);
    this.comments.state.set(slot, outcome);
    return outcome;
  }

  private drop(reason: DropReason, state: number = ContentState.linkDropped): number {
    this.dropped[reason]++;
    return state;
  }

  /** Linking (the checks and their order are the drop reasons of drop-reasons.ts), then placement. */
  private resolve(record: MoltbookComment, slot: number): number {
    const agent = this.directory.agentOf(record.author);
    if (agent === undefined) return this.drop("noAuthor");
    const postSlot = record.postId === undefined ? -1 : this.posts.index.lookup(record.postId);
    if (postSlot < 0) return this.drop("missingPost");
    if (this.posts.state.get(postSlot) === ContentState.noAuthor) return this.drop("postDropped");
    if (this.posts.createdMs.get(postSlot) > record.createdMs) return this.drop("postLater");
    const parentSlot = record.parentId === undefined ? -1 : this.comments.index.lookup(record.parentId);
    // Some crawls write the post's id as the parent of a top-level comment.
    if (parentSlot < 0 && record.parentId !== undefined && record.parentId !== record.postId) return this.drop("missingParent");
    let parentState: number = ContentState.placed;
    if (parentSlot >= 0) {
      const parentMs = this.comments.createdMs.get(parentSlot);
      if (parentMs > record.createdMs) return this.drop("parentLater");
      const sameMs = parentMs === record.createdMs ? this.groupById.get(record.parentId ?? "") : undefined;
      parentState = sameMs !== undefined ? this.visit(sameMs) : this.comments.state.get(parentSlot);
      if (parentState === ContentState.visiting) return this.drop("cycle");
      if (parentState === ContentState.linkDropped) return this.drop("parentDropped");
      if (this.comments.post.get(parentSlot) !== postSlot) return this.drop("parentOtherPost");
    }
    this.comments.post.set(slot, postSlot);
    if (parentState === ContentState.placeDropped) return this.drop("parentDropped", ContentState.placeDropped);
    return this.placeComment(record, slot, agent, postSlot, parentSlot);
  }

  private target(table: ContentTable, kind: "post" | "comment", slot: number, id: string): Target {
    const round = table.round.get(slot);
    const agent = this.agentIds[table.agent.get(slot)] ?? "_";
    return { round, agent, ms: table.createdMs.get(slot), eventId: contentEventId(kind, round, agent, table.logId(id)) };
  }

  private placeComment(record: MoltbookComment, slot: number, agent: string, postSlot: number, parentSlot: number): number {
    const post = this.target(this.posts, "post", postSlot, record.postId ?? "");
    const parent = parentSlot < 0 ? null : this.target(this.comments, "comment", parentSlot, record.parentId ?? "");
    const ms = record.createdMs;
    const base = this.roundAt(ms);
    const logId = this.comments.logId(record.id);
    let round = Math.max(base, post.round, parent?.round ?? 0);
    const self = (r: number): Target => ({ round: r, agent, ms, eventId: contentEventId("comment", r, agent, logId) });
    const precedes = (target: Target): boolean => target.round === round && comesBefore(self(round), target);
    if (precedes(post) || (parent !== null && precedes(parent))) round++;
    if (round > base) {
      if (this.mode === "drop") return this.drop("sameRoundOrder", ContentState.placeDropped);
      this.deferred++;
    }
    this.comments.round.set(slot, round);
    this.comments.agent.set(slot, this.agentNumber(agent));
    const { eventId } = self(round);
    const event: UnsequencedEvent = {
      type: "comment",
      round,
      t: roundTime(this.originMs ?? 0, round),
      agent,
      id: eventId,
      post: post.eventId,
      parent: parent?.eventId ?? null,
      content: record.content,
    };
    this.place({ round, agent, ms, eventId, event, ...scoreOf(record) });
    return ContentState.placed;
  }
}

function scoreOf(record: MoltbookPost | MoltbookComment): { score?: { up: number; down: number } } {
  if (record.upvotes === undefined && record.downvotes === undefined) return {};
  return { score: { up: record.upvotes ?? 0, down: record.downvotes ?? 0 } };
}
