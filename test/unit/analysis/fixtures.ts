import type { MurmurEvent } from "../../../core/events/event-schema.js";

/**
 * Builds tiny EVENTS.md logs for hand-computed metric tests. Times follow 1 round = 1 hour from
 * 2026-01-28T00:00Z; `seq` counts per round in the order events are given.
 */
export class LogFixture {
  readonly events: MurmurEvent[] = [];
  private seqs = new Map<number, number>();

  private common(round: number): { v: 1; round: number; seq: number; t: string } {
    const seq = this.seqs.get(round) ?? 0;
    this.seqs.set(round, seq + 1);
    return { v: 1, round, seq, t: new Date(Date.parse("2026-01-28T00:00:00.000Z") + round * 3_600_000).toISOString() };
  }

  agent(agent: string, policy: "sim" | "imported" = "sim"): this {
    this.events.push({ ...this.common(0), type: "agent", agent, name: agent, persona: {}, policy });
    return this;
  }

  post(round: number, agent: string, id: string, text: string, submolt = "general"): this {
    this.events.push({ ...this.common(round), type: "post", agent, id, submolt, title: "", content: text });
    return this;
  }

  comment(round: number, agent: string, id: string, post: string, parent: string | null, text: string): this {
    this.events.push({ ...this.common(round), type: "comment", agent, id, post, parent, content: text });
    return this;
  }

  vote(
    round: number,
    agent: string,
    target: string,
    targetAuthor: string,
    value: 1 | -1 | 0,
    targetType: "post" | "comment" = "post",
  ): this {
    this.events.push({ ...this.common(round), type: "vote", agent, target, targetType, value, targetAuthor });
    return this;
  }

  exposure(round: number, agent: string, items: string[]): this {
    this.events.push({ ...this.common(round), type: "exposure", agent, kind: "feed", feed: "hot", items });
    return this;
  }

  follow(round: number, agent: string, target: string, value: 1 | 0 = 1): this {
    this.events.push({ ...this.common(round), type: "follow", agent, target, value });
    return this;
  }

  memoryWrite(
    round: number,
    agent: string,
    id: string,
    sources: string[],
    kind: "observation" | "action" | "feedback" | "reflection" = "observation",
  ): this {
    this.events.push({ ...this.common(round), type: "memoryWrite", agent, id, kind, importance: 5, sources });
    return this;
  }

  memoryRef(round: number, agent: string, action: string, refs: string[]): this {
    this.events.push({ ...this.common(round), type: "memoryRef", agent, action, refs });
    return this;
  }

  roundEnd(round: number, active = 0, actions = 0): this {
    this.events.push({ ...this.common(round), type: "roundEnd", active, actions });
    return this;
  }
}
