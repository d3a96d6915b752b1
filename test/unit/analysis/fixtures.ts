import { analyzeLog } from "../../../analysis/analyze.js";
import { logFromEvents } from "../../../analysis/log/read-log.js";
import { HashingEmbedder } from "../../../analysis/text/embedder.js";
import type { MurmurEvent } from "../../../core/events/event-schema.js";
import type { Report } from "../../../core/contracts/report.js";

/**
 * Builds tiny docs/events.md logs for hand-computed metric tests. Times follow 1 round = 1 hour from
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

  exposure(round: number, agent: string, items: string[], kind: "feed" | "notification" = "feed"): this {
    const feed = kind === "feed" ? "hot" : "notifications";
    this.events.push({ ...this.common(round), type: "exposure", agent, kind, feed, items });
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

/**
 * A seeded log of `items` posts and comments by `agents` agents over `rounds` rounds, with texts
 * drawn from a small vocabulary so that words and phrases repeat, spread and get re-coined: input
 * for checking a metric against a plain re-implementation of its definition.
 */
export function randomTextLog(seed: number, items: number, agents: number, rounds: number): LogFixture {
  let state = seed >>> 0;
  // A small LCG: enough to vary texts, and independent of the code under test.
  const next = (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  const vocabulary = ["signal", "noise", "we", "grow", "the", "zorb", "glim", "quiet", "river", "stone", "echo", "mint"];
  const fixture = new LogFixture();
  for (let a = 0; a < agents; a++) fixture.agent(`a${a}`);
  const posts: string[] = [];
  for (let i = 0; i < items; i++) {
    const round = Math.floor((i * rounds) / items);
    const agent = `a${next(agents)}`;
    const text = Array.from({ length: 1 + next(9) }, () => vocabulary[next(vocabulary.length)] ?? "").join(" ");
    const post = posts[next(posts.length + 1)];
    if (post === undefined || next(3) === 0) {
      const id = `p.${round}.${agent}.${i}`;
      posts.push(id);
      fixture.post(round, agent, id, text);
    } else fixture.comment(round, agent, `c.${round}.${agent}.${i}`, post, null, text);
  }
  return fixture.roundEnd(rounds - 1);
}

/**
 * The report of a small random text log (seed 7, 120 items, 12 agents, 24 rounds; no votes or
 * exposures), analysed with the default embedder and a fixed clock.
 */
export async function analyzedRandomTextLog(resamples?: number): Promise<Report> {
  const fixture = randomTextLog(7, 120, 12, 24);
  return analyzeLog(logFromEvents(fixture.events), new HashingEmbedder(), {
    seed: 1,
    source: "fixture",
    now: () => 0,
    ...(resamples === undefined ? {} : { resamples }),
  });
}
