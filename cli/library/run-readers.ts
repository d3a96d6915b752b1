import { submoltSchema } from "../../core/contracts/experiment-config.js";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { RoundSummary } from "../../core/contracts/experiment-status.js";
import type { AgentInspectorBody, FeedBody, PersonaView, ReaderComment, ReaderPost, ThreadBody } from "../../core/contracts/readers.js";
import { agentIndex } from "../../core/ids.js";
import { compareForFeed, hotScore } from "../../core/platform/ranking.js";
import { makePersona } from "../../core/sim/persona.js";
import { topics } from "../../core/sim/vocabulary.js";
import type { ReplayComment, ReplayPost, RunReplay } from "./run-replay.js";

/**
 * The reader answers of workers/routes/experiment-readers.ts, computed from a run directory's
 * replayed log instead of the shards and agent objects: the same shapes, so the pages read both.
 */

/** Rows per memory page and posts/comments per inspector, as the Worker's inspector answers. */
const memoryPageRows = 64;
const inspectorItems = 50;

const isSimAgent = (agent: string): boolean => /^a\d+$/.test(agent);

/**
 * Marked "external" as the Worker marks it (not a simulated id), except the authors of an import,
 * whose `agent` events say `imported`: they are the data's agents, not outsiders who joined a run.
 */
function isExternal(replay: RunReplay, agent: string): boolean {
  return replay.agents.get(agent)?.policy === "imported" ? false : !isSimAgent(agent);
}

function readerPost(post: ReplayPost): ReaderPost {
  const score = post.up - post.down;
  return {
    id: post.id,
    author: post.author,
    submolt: post.submolt,
    title: post.title,
    content: post.content,
    round: post.round,
    up: post.up,
    down: post.down,
    score,
    comments: post.comments,
    hot: hotScore(score, post.simSeconds),
  };
}

function readerComment(comment: ReplayComment): ReaderComment {
  return {
    id: comment.id,
    post: comment.post,
    parent: comment.parent,
    author: comment.author,
    content: comment.content,
    round: comment.round,
    depth: comment.depth,
    up: comment.up,
    down: comment.down,
    score: comment.up - comment.down,
  };
}

export interface FeedQuery {
  readonly submolt: string | null;
  readonly sort: "hot" | "new" | "top";
  readonly limit: number;
  readonly offset: number;
}

/** GET /feed: the submolts whose names the pages accept, and one page of posts in the shards' order. */
export function feedOf(replay: RunReplay, query: FeedQuery, config: ExperimentConfig | null = null): FeedBody {
  const posts = [...replay.posts.values()]
    .filter((p) => !p.deleted && (query.submolt === null || p.submolt === query.submolt))
    .map(readerPost)
    .sort((a, b) => compareForFeed(query.sort, a, b))
    .slice(query.offset, query.offset + query.limit);
  return {
    submolts: replay.submolts.flatMap((s) => {
      const parsed = submoltSchema.safeParse(s);
      return parsed.success ? [parsed.data] : [];
    }),
    sort: query.sort,
    posts: posts.map((p) => marked(replay, config, p)),
  };
}

/** GET /posts/:post: the post and its comments in the order they were written, or null. */
export function threadOf(replay: RunReplay, postId: string, config: ExperimentConfig | null = null): ThreadBody | null {
  const post = replay.posts.get(postId);
  if (!post || post.deleted) return null;
  const comments = (replay.commentsByPost.get(postId) ?? []).flatMap((id) => {
    const comment = replay.comments.get(id);
    return comment && !comment.deleted ? [marked(replay, config, readerComment(comment))] : [];
  });
  return { post: marked(replay, config, readerPost(post)), comments };
}

/** An item marked as the Worker marks it: external or not, and its author's display name. */
function marked<T extends { author: string }>(replay: RunReplay, config: ExperimentConfig | null, item: T): T & { external: boolean; authorName: string } {
  return { ...item, external: isExternal(replay, item.author), authorName: personaOf(config, item.author)?.name ?? item.author };
}

/** The persona a simulated agent was drawn with (the same function the engine uses, from the stored config). */
function personaOf(config: ExperimentConfig | null, agent: string): PersonaView | null {
  if (config === null || !isSimAgent(agent) || agentIndex(agent) >= config.agents) return null;
  const persona = makePersona(config, agent, agentIndex(agent));
  return { ...persona, interests: persona.interests.map((i) => ({ ...i, topicName: topics[i.topic]?.name ?? `topic ${i.topic}` })) };
}

/** GET /agents/:agent (`before` pages the memory back), or null for an agent the log does not know. */
export function agentOf(
  replay: RunReplay,
  config: ExperimentConfig | null,
  agent: string,
  before: number | null,
): AgentInspectorBody | null {
  const state = replay.agents.get(agent);
  if (!state) return null;
  const rowNumber = (id: string): number => Number(id.split(".").pop());
  const memory = [...state.memory]
    .filter((m) => before === null || rowNumber(m.id) < before)
    .sort((a, b) => rowNumber(b.id) - rowNumber(a.id))
    .slice(0, memoryPageRows);
  const posts = [...replay.posts.values()]
    .filter((p) => p.author === agent && !p.deleted)
    .map(readerPost)
    .sort((a, b) => compareForFeed("new", a, b))
    .slice(0, inspectorItems);
  const comments = [...replay.comments.values()]
    .filter((c) => c.author === agent && !c.deleted)
    .map(readerComment)
    .sort((a, b) => b.round - a.round || (a.id < b.id ? 1 : -1))
    .slice(0, inspectorItems);
  return {
    agent: {
      id: agent,
      external: isExternal(replay, agent),
      policy: state.policy,
      group: state.group,
      model: state.model,
      persona: personaOf(config, agent),
      karma: state.karma,
      counters: {
        lastRoundDone: state.lastRound,
        memoryRows: state.memory.length,
        ownPosts: [...replay.posts.values()].filter((p) => p.author === agent).length,
        // An agent object's stored bytes are not in the log.
        bytes: 0,
      },
    },
    memory,
    posts,
    comments,
    activity: state.activity,
  };
}

/** One telemetry line, as docs/events.md describes it (fields the log's rounds lack). */
export interface TelemetryLine {
  readonly round: number;
  readonly wallMs?: number;
  readonly rejected?: number;
  readonly timeouts?: number;
}

/** GET /rounds: `roundEnd` gives active agents and actions; an import (no `roundEnd`) counts them from its events. */
export function roundsOf(replay: RunReplay, telemetry: readonly TelemetryLine[]): RoundSummary[] {
  const byRound = new Map(telemetry.map((t) => [t.round, t]));
  return replay.rounds.map((round, index) => {
    const wall = byRound.get(index);
    return {
      round: index,
      active: round.end?.active ?? round.actors.size,
      actions: round.end?.actions ?? round.actions,
      rejected: wall?.rejected ?? 0,
      timeouts: wall?.timeouts ?? 0,
      events: round.events,
      wallMs: wall?.wallMs ?? 0,
    };
  });
}
