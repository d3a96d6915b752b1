import { compareSortKeys, sortKeyOf } from "../../core/events/canonical.js";
import type { EventSortKey } from "../../core/events/canonical.js";
import type { UnsequencedEvent } from "../../core/events/event-schema.js";
import type { AgentDirectory } from "./agent-ids.js";
import { codePointCompare } from "./id-alphabet.js";
import type { PlacedContent, Placement } from "./placement.js";
import { roundTime } from "./source-time.js";

/** One round's events in canonical order; `seq` is their index. */
export interface RoundEvents {
  readonly round: number;
  readonly events: UnsequencedEvent[];
}

interface Keyed {
  readonly k: EventSortKey;
  readonly e: UnsequencedEvent;
}

/**
 * The import as docs/events.md events, round by round: round 0 opens with a `submolt` per submolt
 * posted in and an `agent` (policy `imported`) per author with kept content; each round has the
 * posts and comments written in it; the last round closes with a `scoreSnapshot` per post or
 * comment whose totals the data has (totals, not voters). Votes, exposures, follows, memory and
 * `roundEnd` are absent because the data does not have them. Order within a round is the
 * engine's own (sortKeyOf / compareSortKeys); an agent's own order is by created_at, then id.
 */
export function* importEvents(placement: Placement, directory: AgentDirectory): Generator<RoundEvents> {
  const { originMs, lastRound } = placement;
  const byRound = new Map<number, PlacedContent[]>();
  for (const content of [...placement.posts, ...placement.comments]) {
    const bucket = byRound.get(content.round);
    if (bucket) bucket.push(content);
    else byRound.set(content.round, [content]);
  }
  // Scores are snapshotted in the order the content appears in the log.
  const scored: PlacedContent[] = [];
  for (let round = 0; round <= lastRound; round++) {
    const t = roundTime(originMs, round);
    const keyed: Keyed[] = round === 0 ? setupEvents(placement, directory, t) : [];
    const contents = (byRound.get(round) ?? []).sort(
      (a, b) => codePointCompare(a.agent, b.agent) || a.record.createdMs - b.record.createdMs || codePointCompare(a.eventId, b.eventId),
    );
    byRound.delete(round);
    const agentSeqs = new Map<string, number>();
    for (const content of contents) {
      const agentSeq = agentSeqs.get(content.agent) ?? 0;
      agentSeqs.set(content.agent, agentSeq + 1);
      const event = contentEvent(content, round, t);
      keyed.push({ k: sortKeyOf(event, agentSeq), e: event });
      if (content.record.upvotes !== undefined || content.record.downvotes !== undefined) scored.push(content);
    }
    if (round === lastRound) {
      scored.forEach((content, index) => {
        const event: UnsequencedEvent = {
          type: "scoreSnapshot",
          round,
          t,
          target: content.eventId,
          up: content.record.upvotes ?? 0,
          down: content.record.downvotes ?? 0,
        };
        keyed.push({ k: sortKeyOf(event, index), e: event });
      });
    }
    keyed.sort((a, b) => compareSortKeys(a.k, b.k));
    yield { round, events: keyed.map((entry) => entry.e) };
  }
}

function setupEvents(placement: Placement, directory: AgentDirectory, t: string): Keyed[] {
  const submolts = new Map<string, string | undefined>();
  const authors = new Set<string>();
  for (const post of placement.posts) {
    authors.add(post.agent);
    const name = post.record.submolt;
    if (submolts.get(name) === undefined) submolts.set(name, post.record.submoltDescription);
  }
  for (const comment of placement.comments) authors.add(comment.agent);
  const keyed: Keyed[] = [];
  [...submolts.keys()].sort(codePointCompare).forEach((name, index) => {
    const description = submolts.get(name);
    const event: UnsequencedEvent = { type: "submolt", round: 0, t, name, ...(description !== undefined ? { description } : {}) };
    keyed.push({ k: sortKeyOf(event, index), e: event });
  });
  for (const agent of authors) {
    const known = directory.agents.get(agent);
    const event: UnsequencedEvent = {
      type: "agent",
      round: 0,
      t,
      agent,
      name: known?.name ?? agent,
      persona: known?.persona ?? {},
      policy: "imported",
    };
    keyed.push({ k: sortKeyOf(event, 0), e: event });
  }
  return keyed;
}

function contentEvent(content: PlacedContent, round: number, t: string): UnsequencedEvent {
  if (content.kind === "post") {
    const { record } = content;
    return {
      type: "post",
      round,
      t,
      agent: content.agent,
      id: content.eventId,
      submolt: record.submolt,
      title: record.title,
      content: record.content,
      ...(record.url !== undefined ? { url: record.url } : {}),
    };
  }
  return {
    type: "comment",
    round,
    t,
    agent: content.agent,
    id: content.eventId,
    post: content.post.eventId,
    parent: content.parent?.eventId ?? null,
    content: content.record.content,
  };
}
