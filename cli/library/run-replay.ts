import { eventSchema } from "../../core/events/event-schema.js";
import type { MurmurEvent } from "../../core/events/event-schema.js";
import type { z } from "zod";
import type { memoryRowSchema } from "../../core/round/round-types.js";
import type { AgentActivity } from "../../core/contracts/readers.js";

/**
 * A run directory's platform state rebuilt from its events.ndjson (docs/run-library.md): what the
 * content shards and agent objects hold for an experiment of the server - posts and threaded
 * comments with their votes, karma, memory rows - and what the inspector reads from the log. Votes
 * carry the voter's resulting state, so a target's totals follow from each voter's last value.
 * One pass; every line is checked against the event schema, and lines that fail are counted.
 */

type MemoryRow = z.infer<typeof memoryRowSchema>;

export interface ReplayPost {
  readonly id: string;
  readonly author: string;
  readonly submolt: string;
  readonly title: string;
  readonly content: string;
  readonly round: number;
  /** Simulated seconds of the post's round (`t`), for the hot ranking. */
  readonly simSeconds: number;
  up: number;
  down: number;
  comments: number;
  deleted: boolean;
}

export interface ReplayComment {
  readonly id: string;
  readonly post: string;
  readonly parent: string | null;
  readonly author: string;
  readonly content: string;
  readonly round: number;
  readonly depth: number;
  up: number;
  down: number;
  deleted: boolean;
}

export interface ReplayAgent {
  readonly policy: string;
  readonly model: string | null;
  readonly group: string | null;
  karma: number;
  /** The last round in which the agent was shown a feed or acted. */
  lastRound: number;
  readonly memory: MemoryRow[];
  readonly activity: AgentActivity;
  /** Net karma change per round, before it becomes `activity.karma`. */
  readonly karmaByRound: Map<number, number>;
}

export interface ReplayRound {
  events: number;
  actions: number;
  readonly actors: Set<string>;
  end: { active: number; actions: number } | null;
}

export interface RunReplay {
  readonly submolts: { name: string; description?: string }[];
  readonly posts: Map<string, ReplayPost>;
  readonly comments: Map<string, ReplayComment>;
  readonly commentsByPost: Map<string, string[]>;
  readonly agents: Map<string, ReplayAgent>;
  readonly rounds: ReplayRound[];
  /** Lines that did not match the event schema (skipped). */
  invalidLines: number;
}

const actionTypes = new Set(["post", "comment", "vote", "follow", "subscribe", "delete"]);

/** The author a content id names (`p.<round>.<agent>.<k>`), for content the log does not hold. */
export function authorOfId(id: string): string {
  return id.split(".").slice(2, -1).join(".");
}

export function emptyReplay(): RunReplay {
  return { submolts: [], posts: new Map(), comments: new Map(), commentsByPost: new Map(), agents: new Map(), rounds: [], invalidLines: 0 };
}

function agentOf(replay: RunReplay, id: string): ReplayAgent {
  let agent = replay.agents.get(id);
  if (!agent) {
    agent = {
      policy: "unknown",
      model: null,
      group: null,
      karma: 0,
      lastRound: 0,
      memory: [],
      activity: { karma: [], recalled: [], replies: [], llmCalls: [] },
      karmaByRound: new Map(),
    };
    replay.agents.set(id, agent);
  }
  return agent;
}

function roundOf(replay: RunReplay, round: number): ReplayRound {
  while (replay.rounds.length <= round) replay.rounds.push({ events: 0, actions: 0, actors: new Set(), end: null });
  const entry = replay.rounds[round];
  if (!entry) throw new Error(`round ${round} missing`);
  return entry;
}

function authorOf(replay: RunReplay, id: string): string {
  return replay.posts.get(id)?.author ?? replay.comments.get(id)?.author ?? authorOfId(id);
}

function addKarma(replay: RunReplay, author: string, round: number, delta: number): void {
  if (delta === 0) return;
  const agent = agentOf(replay, author);
  agent.karma += delta;
  agent.karmaByRound.set(round, (agent.karmaByRound.get(round) ?? 0) + delta);
}

/** Up and down totals of a target after one voter's state moved from `before` to `after`. */
function applyVoteTotals(target: { up: number; down: number }, before: number, after: number): void {
  target.up += (after === 1 ? 1 : 0) - (before === 1 ? 1 : 0);
  target.down += (after === -1 ? 1 : 0) - (before === -1 ? 1 : 0);
}

function addComment(replay: RunReplay, event: Extract<MurmurEvent, { type: "comment" }>): void {
  const parent = event.parent === null ? undefined : replay.comments.get(event.parent);
  replay.comments.set(event.id, {
    id: event.id,
    post: event.post,
    parent: event.parent,
    author: event.agent,
    content: event.content,
    round: event.round,
    depth: parent ? parent.depth + 1 : 0,
    up: 0,
    down: 0,
    deleted: false,
  });
  replay.commentsByPost.set(event.post, [...(replay.commentsByPost.get(event.post) ?? []), event.id]);
  const post = replay.posts.get(event.post);
  if (post) post.comments++;
  const answered = authorOf(replay, event.parent ?? event.post);
  if (answered !== event.agent) {
    agentOf(replay, answered).activity.replies.push({
      round: event.round,
      id: event.id,
      author: event.agent,
      post: event.post,
      parent: event.parent,
      content: event.content,
    });
  }
}

/** The replay's reaction to one event; `votes` holds each (voter, target)'s current state. */
function apply(replay: RunReplay, event: MurmurEvent, votes: Map<string, number>): void {
  switch (event.type) {
    case "agent":
      replay.agents.set(event.agent, {
        ...agentOf(replay, event.agent),
        policy: event.policy,
        model: event.model ?? null,
        group: event.group ?? null,
      });
      return;
    case "submolt":
      replay.submolts.push(event.description === undefined ? { name: event.name } : { name: event.name, description: event.description });
      return;
    case "post":
      replay.posts.set(event.id, {
        id: event.id,
        author: event.agent,
        submolt: event.submolt,
        title: event.title,
        content: event.content,
        round: event.round,
        simSeconds: Date.parse(event.t) / 1000,
        up: 0,
        down: 0,
        comments: 0,
        deleted: false,
      });
      return;
    case "comment":
      addComment(replay, event);
      return;
    case "vote": {
      const key = `${event.agent}\u0000${event.target}`;
      const before = votes.get(key) ?? 0;
      votes.set(key, event.value);
      const target = event.targetType === "post" ? replay.posts.get(event.target) : replay.comments.get(event.target);
      if (target) applyVoteTotals(target, before, event.value);
      addKarma(replay, event.targetAuthor, event.round, event.value - before);
      return;
    }
    case "scoreSnapshot": {
      // An import's vote totals without voters: the totals become the target's, and its author's karma.
      const target = replay.posts.get(event.target) ?? replay.comments.get(event.target);
      if (target) {
        addKarma(replay, target.author, event.round, event.up - event.down - (target.up - target.down));
        target.up = event.up;
        target.down = event.down;
      }
      return;
    }
    case "delete": {
      const target = event.targetType === "post" ? replay.posts.get(event.target) : replay.comments.get(event.target);
      if (target) target.deleted = true;
      return;
    }
    case "memoryWrite":
      // The log records a row's provenance, not its text (docs/events.md).
      agentOf(replay, event.agent).memory.push({
        id: event.id,
        round: event.round,
        kind: event.kind,
        importance: event.importance,
        sources: event.sources,
        text: "",
      });
      return;
    case "memoryRef":
      agentOf(replay, event.agent).activity.recalled.push({ round: event.round, action: event.action, refs: event.refs });
      return;
    case "llmCall":
      agentOf(replay, event.agent).activity.llmCalls.push({
        round: event.round,
        model: event.model,
        promptTokens: event.promptTokens,
        completionTokens: event.completionTokens,
        ok: event.ok,
        errorClass: event.errorClass ?? null,
      });
      return;
    case "roundEnd":
      roundOf(replay, event.round).end = { active: event.active, actions: event.actions };
      return;
    default:
      return;
  }
}

/** Per round bookkeeping: events, actions, who acted or was shown a feed. */
function count(replay: RunReplay, event: MurmurEvent): void {
  const round = roundOf(replay, event.round);
  round.events++;
  if (!actionTypes.has(event.type)) {
    if (event.type === "exposure") agentOf(replay, event.agent).lastRound = event.round;
    return;
  }
  round.actions++;
  if ("agent" in event && event.agent !== undefined) {
    round.actors.add(event.agent);
    const agent = agentOf(replay, event.agent);
    agent.lastRound = Math.max(agent.lastRound, event.round);
  }
}

/** Rebuilds the run's state from its log's lines. */
export async function replayLog(lines: AsyncIterable<string>): Promise<RunReplay> {
  const replay = emptyReplay();
  const votes = new Map<string, number>();
  for await (const line of lines) {
    if (line === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      replay.invalidLines++;
      continue;
    }
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) {
      replay.invalidLines++;
      continue;
    }
    count(replay, parsed.data);
    apply(replay, parsed.data, votes);
  }
  for (const agent of replay.agents.values()) {
    let karma = 0;
    for (const round of [...agent.karmaByRound.keys()].sort((a, b) => a - b)) {
      const delta = agent.karmaByRound.get(round) ?? 0;
      // A round whose votes cancel out is no change (as the Worker's inspector reports it).
      if (delta === 0) continue;
      karma += delta;
      agent.activity.karma.push({ round, delta, karma });
    }
  }
  return replay;
}
