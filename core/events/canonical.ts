import { eventFields, phases } from "./event-schema.js";
import type { MurmurEvent, UnsequencedEvent } from "./event-schema.js";
import { eventFormatVersion } from "../tunables.js";

/**
 * Where an event stands in its round: phase, then slot (0 = the round's frame written before the
 * agents' events, such as submolts and the feed snapshot; 1 = agents' events; 2 = the closing
 * `roundEnd`), then agent id in code-point order, then the agent's own sequence.
 */
export type EventSortKey = readonly [phase: number, slot: number, agent: string, agentSeq: number];

/** One line of a round part: its sort key and the event without its `seq`. */
export interface PartRecord {
  readonly k: EventSortKey;
  readonly e: UnsequencedEvent;
}

export function sortKeyOf(event: UnsequencedEvent, agentSeq: number): EventSortKey {
  const phase = phases.indexOf(eventFields[event.type].phase);
  const agent = "agent" in event && typeof event.agent === "string" ? event.agent : "";
  const slot = event.type === "roundEnd" ? 2 : agent === "" ? 0 : 1;
  return [phase, slot, agent, agentSeq];
}

export function compareSortKeys(a: EventSortKey, b: EventSortKey): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] !== b[1]) return a[1] - b[1];
  if (a[2] !== b[2]) return a[2] < b[2] ? -1 : 1;
  return a[3] - b[3];
}

/** Key-sorted copy of nested data, so persona and details objects are canonical too. */
function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const inner = (value as Record<string, unknown>)[key];
      if (inner !== undefined) out[key] = canonicalValue(inner);
    }
    return out;
  }
  return value;
}

/** The canonical line of docs/events.md: `v, type, round, seq, t, agent`, then the type's fields. */
export function canonicalLine(event: UnsequencedEvent | MurmurEvent, seq: number): string {
  const source: Record<string, unknown> = { ...event };
  const out: Record<string, unknown> = { v: eventFormatVersion, type: event.type, round: event.round, seq, t: event.t };
  if (typeof source["agent"] === "string") out["agent"] = source["agent"];
  for (const field of eventFields[event.type].fields) {
    const value = source[field];
    if (value !== undefined) out[field] = canonicalValue(value);
  }
  return JSON.stringify(out);
}
