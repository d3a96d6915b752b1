import { describe, expect, it } from "vitest";
import { experimentConfigSchema } from "../../../../core/contracts/experiment-config.js";
import type { UnsequencedEvent } from "../../../../core/events/event-schema.js";
import { emptyLlmTotals } from "../../../../core/round/llm-round-totals.js";
import { addAgentIntroductions, addLlmCall, addPrivateProbeAnswers, addTurnEvents } from "../../../../core/round/round-part.js";
import type { AppliedAction, PartPlace } from "../../../../core/round/round-part.js";
import type { Action, CandidatePool, PoolPost } from "../../../../core/round/round-types.js";
import { makePersona } from "../../../../core/sim/persona.js";

const t = "2026-01-01T01:00:00.000Z";
// Public probes every 2 rounds: round 1 has one, q.1.1, posted as p.1.murmur-probe.0.
const config = experimentConfigSchema.parse({ agents: 4, rounds: 3, seed: 1, probes: { publicEveryRounds: 2 } });
const place: PartPlace = { config, round: 1, t };

const poolPost = (id: string, commentIds: string[]): PoolPost => ({
  id,
  author: "a3",
  submolt: "general",
  title: "t",
  text: "x",
  score: 0,
  authorKarma: 0,
  comments: commentIds.length,
  round: 0,
  hot: 0,
  topComments: commentIds.map((c) => ({ id: c, author: "a3", parent: null, text: "y", score: 0, authorKarma: 0, depth: 0 })),
});
const p1 = poolPost("p.0.a3.0", ["c.0.a3.0"]);
const p2 = poolPost("p.0.a3.1", []);
// Snapshot items in pool order: p1 (rank 0), its comment (1), p2 (2).
const pool: CandidatePool = { round: 1, snapshotId: "s.1", posts: [p1, p2] };

function sink(): { events: UnsequencedEvent[]; add(event: UnsequencedEvent): void } {
  const events: UnsequencedEvent[] = [];
  return { events, add: (event) => events.push(event) };
}

describe("a coordinator's round part", () => {
  it("logs each turn's exposures, calls and committed actions, and only the memory of committed ones", () => {
    const post: Action = { type: "post", id: "p.1.a1.0", submolt: "general", title: "hello", content: "world" };
    const reply: Action = { type: "comment", id: "c.1.a1.0", post: "p.0.a3.0", parent: null, content: "hi" };
    const follow: Action = { type: "follow", target: "a2", follow: true };
    const applied = new Map<string, AppliedAction>([
      ["a1\u00000", { status: "accepted" }],
      ["a1\u00001", { status: "rejected" }],
      ["a1\u00002", { status: "accepted", value: 1 }],
    ]);
    const part = sink();
    const totals = emptyLlmTotals();
    const a1Turn = {
      round: 1,
      actions: [post, reply, follow],
      memory: [
        { type: "memoryShown" as const, rows: ["m.a1.2", "m.a1.3", "m.a1.5"] },
        { type: "memoryWrite" as const, id: "m.a1.7", kind: "action" as const, importance: 3, sources: ["p.1.a1.0"] },
        { type: "memoryRef" as const, action: "p.1.a1.0", refs: ["m.a1.2"] },
        { type: "memoryRef" as const, action: "c.1.a1.0", refs: ["m.a1.3"] },
      ],
      llmCalls: [{ model: "m", promptTokens: 100, completionTokens: 20, ok: false, errorClass: "timeout", latencyMs: 5 }],
      llmError: "timeout",
      droppedActions: [
        { index: 3, reason: "on: P9 is not a post or comment label shown" },
        { index: 4, reason: "agent: nobody is not an agent shown" },
        { index: 24, reason: "this and the 9 actions after it: beyond the 24 actions an answer may list", count: 10 },
      ],
    };
    const outcome = addTurnEvents(
      part,
      totals,
      place,
      [
        { agent: "a1", feed: [p2, p1, poolPost("p.0.a0.9", [])], result: a1Turn },
        { agent: "a2", feed: [], result: null },
      ],
      {
        pool,
        notifications: new Map([
          [
            "a1",
            [
              { round: 0, kind: "reply" as const, target: "p.0.a1.0", actor: "a2", comment: "c.0.a2.0", post: "p.0.a1.0" },
              { round: 0, kind: "vote" as const, target: "p.0.a1.0", actor: "a3", post: "p.0.a1.0", delta: 1 },
            ],
          ],
        ]),
        accepted: new Map([["a1", [post, reply, follow]]]),
        applied,
      },
    );
    expect(part.events).toEqual([
      // p2 is rank 2, p1 rank 0 and its comment 1; a post outside the pool has no rank.
      { type: "exposure", round: 1, t, agent: "a1", kind: "feed", feed: "hot", snapshot: "s.1", ranks: [2, 0, 1] },
      // Only replies are notification exposures, by the reply's comment id.
      { type: "exposure", round: 1, t, agent: "a1", kind: "notification", feed: "notifications", items: ["c.0.a2.0"] },
      { type: "llmCall", round: 1, t, agent: "a1", model: "m", promptTokens: 100, completionTokens: 20, ok: false, errorClass: "timeout" },
      { type: "post", round: 1, t, agent: "a1", id: "p.1.a1.0", submolt: "general", title: "hello", content: "world" },
      { type: "follow", round: 1, t, agent: "a1", target: "a2", value: 1 },
      // What the prompt showed is written whatever became of the actions; a reference only with its action.
      { type: "memoryShown", rows: ["m.a1.2", "m.a1.3", "m.a1.5"], round: 1, t, agent: "a1" },
      { type: "memoryWrite", id: "m.a1.7", kind: "action", importance: 3, sources: ["p.1.a1.0"], round: 1, t, agent: "a1" },
      { type: "memoryRef", action: "p.1.a1.0", refs: ["m.a1.2"], round: 1, t, agent: "a1" },
      { type: "exposure", round: 1, t, agent: "a2", kind: "feed", feed: "hot", snapshot: "s.1", ranks: [] },
      { type: "turnTimeout", round: 1, t, agent: "a2" },
    ]);
    expect(outcome).toEqual({
      actions: 2,
      rejectedByShards: 1,
      timeouts: 1,
      settled: [
        { agent: "a1", outcome: { round: 1, outcome: "committed", accepted: ["p.1.a1.0"] } },
        { agent: "a2", outcome: { round: 1, outcome: "timedOut", accepted: [] } },
      ],
      followChanges: [{ agent: "a1", target: "a2", value: 1 }],
      subscriptionChanges: [],
    });
    // No prices in the config: the failed call costs nothing; the turn idled on its error; two of
    // its proposed actions were dropped.
    expect(totals).toEqual({
      calls: 1,
      failedCalls: 1,
      promptTokens: 100,
      completionTokens: 20,
      spendUsd: 0,
      cachedCalls: 0,
      idleTurns: 1,
      // Two entries of one action each, and one standing for ten.
      droppedActions: 12,
      errors: { timeout: 1 },
    });
  });

  it("logs a top-level reply to the public probe's post as that probe's answer", () => {
    const answer: Action = { type: "comment", id: "c.1.a1.0", post: "p.1.murmur-probe.0", parent: null, content: "@a2 and p.0.a3.0" };
    const part = sink();
    addTurnEvents(part, emptyLlmTotals(), place, [{ agent: "a1", feed: [], result: { round: 1, actions: [answer], memory: [] } }], {
      pool,
      notifications: new Map(),
      accepted: new Map([["a1", [answer]]]),
      applied: new Map([["a1\u00000", { status: "accepted" }]]),
    });
    expect(part.events.slice(1)).toEqual([
      { type: "comment", round: 1, t, agent: "a1", id: "c.1.a1.0", post: "p.1.murmur-probe.0", parent: null, content: "@a2 and p.0.a3.0" },
      {
        type: "probeAnswer",
        round: 1,
        t,
        agent: "a1",
        probe: "q.1.1",
        agents: ["a2"],
        posts: ["p.0.a3.0"],
        names: ["a2", "p.0.a3.0"],
        text: "@a2 and p.0.a3.0",
      },
    ]);
  });

  it("introduces the range's agents by persona and policy", () => {
    const part = sink();
    addAgentIntroductions(part, { ...place, round: 0 }, 1, 3, (agent, index) => makePersona(config, agent, index));
    const a1 = makePersona(config, "a1", 1);
    expect(part.events.map((e) => ("agent" in e ? e.agent : null))).toEqual(["a1", "a2"]);
    expect(part.events[0]).toEqual({ type: "agent", round: 0, t, agent: "a1", name: a1.name, persona: { ...a1 }, policy: "sim" });
  });

  it("logs a private probe's calls before each answer, and no answer when there is none", () => {
    const part = sink();
    const totals = emptyLlmTotals();
    const call = { model: "m", promptTokens: 10, completionTokens: 2, ok: true, latencyMs: 1, cached: true };
    addPrivateProbeAnswers(part, totals, place, "q.1.0", [
      { agent: "a1", result: { answer: { agents: ["a2"], posts: [], names: ["a2"], text: "a2" }, llmCalls: [call] } },
      { agent: "a3", result: { answer: null, llmCalls: [] } },
    ]);
    expect(part.events).toEqual([
      { type: "llmCall", round: 1, t, agent: "a1", model: "m", promptTokens: 10, completionTokens: 2, ok: true },
      { type: "probeAnswer", round: 1, t, agent: "a1", probe: "q.1.0", agents: ["a2"], posts: [], names: ["a2"], text: "a2" },
    ]);
    expect(totals).toMatchObject({ calls: 1, cachedCalls: 1, failedCalls: 0, promptTokens: 10, completionTokens: 2, spendUsd: 0 });
  });

  it("counts a priced call's spend and an unclassified failure as unknown", () => {
    const priced = experimentConfigSchema.parse({
      agents: 4,
      rounds: 3,
      policy: "llm",
      llm: {
        providers: { p: { baseUrl: "https://example.invalid/v1" } },
        models: { m: { provider: "p", model: "x", inputUsdPerMTok: 2, outputUsdPerMTok: 10 } },
      },
    });
    const totals = emptyLlmTotals();
    addLlmCall(sink(), totals, { ...place, config: priced }, "a1", {
      model: "m",
      promptTokens: 1_000,
      completionTokens: 500,
      ok: false,
      latencyMs: 1,
    });
    // 1,000 x $2/M + 500 x $10/M = $0.002 + $0.005.
    expect(totals.spendUsd).toBeCloseTo(0.007, 12);
    expect(totals.errors).toEqual({ unknown: 1 });
  });
});
