import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { PlatformAnswer, PlatformLimits, WriteAction } from "../../core/contracts/platform-rpc.js";
import { roundQuota, ruleRefusal } from "../../core/round/commit-rules.js";
import type { RuledAction } from "../../core/round/commit-rules.js";
import {
  platformMaxPendingPerAgent,
  platformMaxQueuedBytesPerAgentRound,
  platformMaxQueuedBytesPerRound,
  platformRoundUnknownSeconds,
} from "../../core/tunables.js";
import type { Cursor } from "./experiment-types.js";
import { utf8Bytes } from "./external-queue.js";
import type { PendingQueue } from "./external-queue.js";
import { fail, hitWindow, limited } from "./rate-windows.js";

/** What the platform state needs of its experiment (null when the experiment does not exist). */
export interface PlatformState {
  readonly status: string;
  readonly cursor: Cursor;
  readonly config: ExperimentConfig;
  /** Wall-clock start of the cursor's round and the last finished round's wall time, when known. */
  readonly roundStartedMs: number | null;
  readonly lastRoundWallMs: number | null;
}

export interface ExperimentView {
  readonly status: string;
  readonly round: number;
  /** The round the next write commits in (its id names it). */
  readonly commitRound: number;
  readonly writable: boolean;
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
export const endedStatuses: ReadonlySet<string> = new Set(["finished", "stopped", "failed"]);

/**
 * Where the experiment stands for a writer. Actions are committed when a round opens (after its
 * pool is fixed): the current round if it has not opened yet, else the next one - and never a
 * round whose opening step has already claimed its queue (`claimedRound`), so an id always names
 * the round that commits it.
 */
export function experimentView(state: PlatformState, claimedRound: number | null): ExperimentView {
  const { cursor, config, status } = state;
  const byCursor = cursor.phase === "pool" ? cursor.round : cursor.round + 1;
  const commitRound = Math.max(byCursor, claimedRound === null ? 0 : claimedRound + 1);
  return { status, round: cursor.round, commitRound, writable: !endedStatuses.has(status) && commitRound < config.rounds };
}

/** Seconds until `round` opens, from the current round's start and the last round's wall time. */
export function secondsUntilOpen(state: PlatformState, round: number, nowMs: number): number {
  const { status, cursor, roundStartedMs, lastRoundWallMs } = state;
  // A round whose opening has not begun opens about now (the alarm runs it next).
  const startedMs = roundStartedMs ?? (cursor.phase === "pool" ? nowMs : null);
  if (status !== "running" || startedMs === null || lastRoundWallMs === null) return platformRoundUnknownSeconds;
  return Math.max(1, Math.ceil((startedMs + (round - cursor.round) * lastRoundWallMs - nowMs) / 1000));
}

/** What a write needs of the platform state around it. */
export interface WriteScope {
  readonly sql: SqlStorage;
  readonly queue: PendingQueue;
  readonly state: PlatformState;
  readonly view: ExperimentView;
  readonly limits: PlatformLimits;
  readonly submolts: ReadonlySet<string>;
  readonly nextK: () => number;
}

/**
 * The round an action of `agent` on `refs` commits in: its commit round, or later when it refers to
 * content still queued - the round after another agent's (so the log creates what it refers to in
 * an earlier round), or its own content's round (its own order keeps the same round in order).
 */
function roundFor(queue: PendingQueue, agent: string, round: number, refs: readonly (string | null)[]): number {
  let at = round;
  for (const ref of refs) {
    const queued = ref === null ? null : queue.roundOf(ref);
    if (queued) at = Math.max(at, queued.agent === agent ? queued.round : queued.round + 1);
  }
  return at;
}

/**
 * The per-agent commit rules (core/round/commit-rules.ts) applied to one write before it is
 * queued, against what the agent has already queued for that round: a write they refuse is refused
 * now (429 with the round's quota and the time until that round opens, or 400), never dropped by
 * the commit after a 201.
 */
function refusedByRules(scope: WriteScope, agent: string, action: RuledAction, round: number, nowMs: number): PlatformAnswer | null {
  const quota = roundQuota(scope.state.config.roundMinutes);
  const used = { ...scope.queue.usedIn(agent, round), votedTargets: new Set<string>() };
  const reason = ruleRefusal(agent, action, used, quota, scope.submolts);
  if (reason === null) return null;
  if (reason === "unknown submolt")
    return fail("NOT_FOUND", `no submolt ${"submolt" in action ? action.submolt : ""}`, "List submolts with GET /submolts.");
  if (reason === "cannot follow oneself") return fail("VALIDATION_ERROR", "you cannot follow yourself", "Follow another agent.");
  const kind = action.type === "post" ? "posts" : "comments";
  const limit = action.type === "post" ? quota.posts : quota.comments;
  const retry = secondsUntilOpen(scope.state, round, nowMs);
  return limited(
    { limit, remaining: 0, resetUnixSeconds: Math.floor(nowMs / 1000) + retry },
    nowMs,
    `a round of ${scope.state.config.roundMinutes} simulated minutes commits at most ${limit} ${kind} per agent, and round ${round} holds ${limit} of yours`,
  );
}

/** Bytes an id adds to a body at most (`c.<round>.<agent>.<k>` and its JSON key). */
const idBytes = 64;

/**
 * The byte caps of a round's commit: what an agent, and all agents together, may have committed in
 * one round (core/tunables.ts); past them a post or comment waits for the next round (429 until
 * `round` opens, the headers counting bytes). Votes, follows and subscriptions are a few hundred
 * bytes each and bounded by the queue's row cap.
 */
function refusedByBytes(scope: WriteScope, agent: string, round: number, body: unknown, nowMs: number): PlatformAnswer | null {
  const bytes = utf8Bytes(JSON.stringify(body)) + idBytes;
  const queued = scope.queue.bytesIn(round, agent);
  const over =
    queued.agent + bytes > platformMaxQueuedBytesPerAgentRound
      ? { limit: platformMaxQueuedBytesPerAgentRound, used: queued.agent, whose: "of yours" }
      : queued.round + bytes > platformMaxQueuedBytesPerRound
        ? { limit: platformMaxQueuedBytesPerRound, used: queued.round, whose: "of all external agents" }
        : null;
  if (over === null) return null;
  const retry = secondsUntilOpen(scope.state, round, nowMs);
  return limited(
    { limit: over.limit, remaining: Math.max(0, over.limit - over.used), resetUnixSeconds: Math.floor(nowMs / 1000) + retry },
    nowMs,
    `round ${round} commits at most ${over.limit} bytes of posts and comments ${over.whose}, and holds ${over.used}`,
  );
}

/** The wall-clock window a post or a comment also counts against, and what its refusal says. */
interface ContentWindow {
  readonly key: string;
  readonly windowMs: number;
  readonly max: number;
  readonly refusal: string;
}

/**
 * A post or comment bound for `round`: refused as the commit's rules or byte caps would refuse it,
 * or by its window; else queued under an id that names its round (`p.` or `c.`).
 */
function queueContent(
  scope: WriteScope,
  agent: string,
  action: WriteAction & { type: "post" | "comment" },
  round: number,
  nowMs: number,
  window: ContentWindow,
): PlatformAnswer {
  const refused = refusedByRules(scope, agent, action, round, nowMs) ?? refusedByBytes(scope, agent, round, action, nowMs);
  if (refused) return refused;
  const limit = hitWindow(scope.sql, window.key, window.windowMs, window.max, nowMs);
  if (!limit.allowed) return limited(limit.rate, nowMs, window.refusal);
  const id = `${action.type === "post" ? "p" : "c"}.${round}.${agent}.${scope.nextK()}`;
  scope.queue.enqueue(agent, round, { ...action, id });
  return { ok: true, id, round };
}

/** Queues one write of an external agent after every check the commit would make; its id and round. */
export function queueWrite(scope: WriteScope, agent: string, action: WriteAction, nowMs: number): PlatformAnswer {
  const { queue, view, limits, state } = scope;
  if (!view.writable)
    return fail("CONFLICT", "this experiment commits no more actions", "Its last round has opened or it has ended; only reads work now.");
  if (queue.count(agent) >= platformMaxPendingPerAgent) {
    const retry = secondsUntilOpen(state, view.commitRound, nowMs);
    return limited(
      { limit: platformMaxPendingPerAgent, remaining: 0, resetUnixSeconds: Math.floor(nowMs / 1000) + retry },
      nowMs,
      "too many actions waiting for the next round",
    );
  }
  const lastRound = state.config.rounds - 1;
  const tooLate = (round: number) =>
    fail("CONFLICT", `this would commit in round ${round}, after the experiment's last round`, "Only reads work now.");
  switch (action.type) {
    case "post":
      return queueContent(scope, agent, action, view.commitRound, nowMs, {
        key: `post:${agent}`,
        windowMs: limits.postWindowMinutes * minuteMs,
        max: limits.postsPerWindow,
        refusal: `you can post ${limits.postsPerWindow} time(s) per ${limits.postWindowMinutes} minutes`,
      });
    case "comment": {
      const round = roundFor(queue, agent, view.commitRound, [action.post, action.parent]);
      if (round > lastRound) return tooLate(round);
      return queueContent(scope, agent, action, round, nowMs, {
        key: `comment:${agent}`,
        windowMs: hourMs,
        max: limits.commentsPerHour,
        refusal: `you can comment ${limits.commentsPerHour} times per hour`,
      });
    }
    case "vote": {
      const round = roundFor(queue, agent, view.commitRound, [action.post, action.target]);
      if (round > lastRound) return tooLate(round);
      const { targetAuthor, ...vote } = action;
      return { ok: true, id: action.target, round, state: queue.queueVote(agent, round, vote, targetAuthor) };
    }
    case "follow":
    case "subscribe": {
      const refused = refusedByRules(scope, agent, action, view.commitRound, nowMs);
      if (refused) return refused;
      const id = action.type === "follow" ? action.target : action.submolt;
      return { ok: true, id, round: view.commitRound, state: queue.queueToggle(agent, view.commitRound, action) };
    }
    case "delete": {
      // Content still in the queue is withdrawn; committed content is deleted a round after
      // everything already queued (which may reply to it or vote on it) has committed.
      const { removes, ...deletion } = action;
      if (queue.withdraw(agent, action.target)) return { ok: true, id: action.target, round: view.commitRound };
      const round = Math.min(view.commitRound + 1, lastRound);
      queue.enqueue(agent, round, deletion, { value: removes });
      return { ok: true, id: action.target, round };
    }
  }
}
