import type { UnsequencedEvent } from "../events/event-schema.js";
import type { Action } from "./round-types.js";

/** What a shard's commit resolved for an action: a vote's resulting state and its target's author. */
export interface ResolvedAction {
  readonly value?: number | undefined;
  readonly targetAuthor?: string | undefined;
}

/**
 * The log event of a committed action (docs/events.md), written the same way whoever acted: a
 * simulated or llm agent through its coordinator, or an external agent through the platform API.
 * A vote records the voter's resulting state, not the direction asked for.
 */
export function committedActionEvent(
  round: number,
  t: string,
  agent: string,
  action: Action,
  resolved: ResolvedAction,
  url: string | null = null,
): UnsequencedEvent {
  switch (action.type) {
    case "post":
      return {
        type: "post",
        round,
        t,
        agent,
        id: action.id,
        submolt: action.submolt,
        title: action.title,
        content: action.content,
        ...(url !== null ? { url } : {}),
      };
    case "comment":
      return { type: "comment", round, t, agent, id: action.id, post: action.post, parent: action.parent, content: action.content };
    case "vote":
      return {
        type: "vote",
        round,
        t,
        agent,
        target: action.target,
        targetType: action.targetType,
        value: resolved.value === 1 ? 1 : resolved.value === -1 ? -1 : 0,
        targetAuthor: resolved.targetAuthor ?? "",
      };
    case "follow":
      return { type: "follow", round, t, agent, target: action.target, value: action.follow ? 1 : 0 };
    case "subscribe":
      return { type: "subscribe", round, t, agent, submolt: action.submolt, value: action.subscribe ? 1 : 0 };
  }
}
