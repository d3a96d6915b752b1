import { describe, expect, it } from "vitest";
import { experimentConfigSchema } from "../../../../core/contracts/experiment-config.js";
import type { ExperimentConfig } from "../../../../core/contracts/experiment-config.js";
import type { PoolPost } from "../../../../core/round/round-types.js";
import { makePersona } from "../../../../core/sim/persona.js";
import { decideSimTurn } from "../../../../core/sim/sim-policy.js";
import type { OwnPostRecord, SimAgentView, SimTurnInput } from "../../../../core/sim/sim-policy.js";
import { contentWords, distinctivePhrase, tokenize, wordPairs } from "../../../../core/sim/text.js";
import { RandomStream } from "../../../../core/random/stream.js";
import { topics } from "../../../../core/sim/vocabulary.js";
import { emptyView } from "./sim-fixtures.js";

function config(knobs: Partial<ExperimentConfig["knobs"]> = {}): ExperimentConfig {
  return experimentConfigSchema.parse({ agents: 100, rounds: 10, seed: 7, knobs });
}


function post(id: string, author: string, topic: number, score: number, authorKarma = 0): PoolPost {
  const words = topics[topic]?.words ?? [];
  return {
    id,
    author,
    submolt: "general",
    title: words.slice(0, 4).join(" "),
    text: words.slice(4, 16).join(" "),
    score,
    authorKarma,
    comments: 0,
    round: 0,
    hot: score,
    topComments: [],
  };
}

const feed: PoolPost[] = Array.from({ length: 12 }, (_, i) =>
  post(`p.0.a${String(50 + i).padStart(2, "0")}.0`, `a${50 + i}`, i % topics.length, i),
);

function input(cfg: ExperimentConfig, round: number, view: SimAgentView = emptyView, agent = "a01"): SimTurnInput {
  return { config: cfg, agent, round, persona: makePersona(cfg, agent, 1), feed, notifications: [], view };
}

/** Runs many activations of several agents and returns all posts' words. */
function postWords(cfg: ExperimentConfig, view: SimAgentView): string[] {
  const words: string[] = [];
  for (let agent = 0; agent < 20; agent++) {
    for (let round = 1; round < 40; round++) {
      const id = `a${String(agent).padStart(2, "0")}`;
      const out = decideSimTurn({ ...input(cfg, round, view, id), persona: makePersona(cfg, id, agent) });
      for (const action of out.actions) if (action.type === "post") words.push(...contentWords(`${action.title} ${action.content}`));
    }
  }
  return words;
}

const share = (words: string[], pool: Set<string>): number => words.filter((w) => pool.has(w)).length / Math.max(1, words.length);

describe("sim policy", () => {
  it("is a pure function of (seed, agent, round, inputs)", () => {
    const cfg = config();
    const a = decideSimTurn(input(cfg, 5));
    const b = decideSimTurn(input(cfg, 5));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const differentRound = decideSimTurn(input(cfg, 6));
    const differentSeed = decideSimTurn(input({ ...cfg, seed: 8 }, 5));
    expect(JSON.stringify(differentRound)).not.toBe(JSON.stringify(a));
    expect(JSON.stringify(differentSeed)).not.toBe(JSON.stringify(a));
  });

  it("never engages its own content and votes a target at most once", () => {
    const cfg = config();
    for (let round = 1; round < 60; round++) {
      const out = decideSimTurn(input(cfg, round, emptyView, "a50"));
      const votes = out.actions.filter((a) => a.type === "vote");
      expect(new Set(votes.map((v) => (v.type === "vote" ? v.target : ""))).size).toBe(votes.length);
      for (const action of out.actions) {
        if (action.type === "vote" || action.type === "comment") expect(action.post).not.toBe("p.0.a50.0");
      }
    }
  });

  it("feedback learning pulls new posts toward the agent's best-received recent post", () => {
    const best = topics[3]?.words.slice(0, 12) ?? [];
    const worst = topics[10]?.words.slice(0, 12) ?? [];
    const view: SimAgentView = {
      ...emptyView,
      ownPosts: [
        { id: "p.0.a01.0", round: 0, text: best.join(" "), score: 9, earlyScore: 9 },
        { id: "p.1.a01.0", round: 1, text: worst.join(" "), score: -3, earlyScore: -3 },
      ],
    };
    const off = share(postWords(config(), view), new Set(best));
    const on = share(postWords(config({ feedbackLearning: 0.8 }), view), new Set(best));
    expect(on).toBeGreaterThan(off + 0.1);
    expect(share(postWords(config({ feedbackLearning: 0.8 }), view), new Set(worst))).toBeLessThan(on / 3);
  });

  it("feedback learning grows with the knob's strength", () => {
    const best = topics[3]?.words.slice(0, 12) ?? [];
    const view: SimAgentView = {
      ...emptyView,
      ownPosts: [
        { id: "p.0.a01.0", round: 0, text: best.join(" "), score: 9, earlyScore: 9 },
        { id: "p.1.a01.0", round: 1, text: topics[10]?.words.slice(0, 12).join(" ") ?? "", score: 0, earlyScore: 0 },
      ],
    };
    const shares = [0, 0.25, 0.5, 1].map((s) => share(postWords(config({ feedbackLearning: s }), view), new Set(best)));
    for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeGreaterThan((shares[i - 1] ?? 0) + 0.02);
  });

  it("feedback learning judges posts by first-day votes among the last few, and needs a difference", () => {
    const rewarded = topics[3]?.words.slice(0, 12) ?? [];
    const oldHit = topics[7]?.words.slice(0, 12) ?? [];
    const filler = (i: number): OwnPostRecord => ({
      id: `p.${20 + i}.a01.0`,
      round: 20 + i,
      text: topics[10]?.words.slice(i, i + 12).join(" ") ?? "",
      score: 0,
      earlyScore: 0,
    });
    // Newest first: the post with the best first day is recent; the one with the highest total
    // score is older than the last few posts the agent compares.
    const posts: OwnPostRecord[] = [
      { id: "p.40.a01.0", round: 40, text: rewarded.join(" "), score: 4, earlyScore: 4 },
      ...Array.from({ length: 9 }, (_, i) => filler(i)),
      { id: "p.1.a01.0", round: 1, text: oldHit.join(" "), score: 30, earlyScore: 3 },
    ];
    const cfg = config({ feedbackLearning: 1 });
    const words = postWords(cfg, { ...emptyView, ownPosts: posts });
    expect(share(words, new Set(rewarded))).toBeGreaterThan(0.2);
    expect(share(words, new Set(oldHit))).toBeLessThan(0.05);
    // All alike: nothing to learn, so the posts are those of an agent without feedback learning.
    const alike = posts.map((p) => ({ ...p, earlyScore: 2 }));
    expect(postWords(cfg, { ...emptyView, ownPosts: alike })).toEqual(postWords(config(), { ...emptyView, ownPosts: alike }));
  });

  it("a reused phrase keeps its word pairs and avoids what the writer's other posts share", () => {
    const text = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
    const known = wordPairs("alpha beta gamma delta epsilon zeta");
    for (let round = 0; round < 20; round++) {
      const phrase = distinctivePhrase(new RandomStream(1, "a01", round, "test"), text, 0.5, known);
      expect(phrase).toBe("zeta eta theta iota kappa.");
    }
    expect(wordPairs("Hello @a01, the cat p.3.a02.0 sat")).toEqual(new Set(["hello the", "the cat", "cat sat"]));
  });

  it("partner imitation carries a partner's words into later posts", () => {
    const partner = topics[11]?.words.slice(0, 16) ?? [];
    const view: SimAgentView = { ...emptyView, imitationWords: partner };
    const off = share(postWords(config(), view), new Set(partner));
    const on = share(postWords(config({ partnerImitation: 0.8 }), view), new Set(partner));
    expect(on).toBeGreaterThan(off + 0.1);
  });

  it("memory references cite recalled items and report the rows used", () => {
    const view: SimAgentView = {
      ...emptyView,
      memories: [
        { id: "m.a01.3", round: 2, kind: "observation", importance: 7, sources: ["p.2.a77.0", "a77"], text: "galaxy orbit nebula" },
      ],
    };
    let refs = 0;
    let cited = 0;
    for (let round = 3; round < 80; round++) {
      const out = decideSimTurn(input(config({ memoryReferences: 1 }), round, view));
      refs += out.references.length;
      for (const ref of out.references) expect(ref.memoryIds).toEqual(["m.a01.3"]);
      cited += out.actions.filter((a) => (a.type === "post" || a.type === "comment") && a.content.includes("p.2.a77.0")).length;
      const offOut = decideSimTurn(input(config(), round, view));
      expect(offOut.references).toEqual([]);
    }
    expect(refs).toBeGreaterThan(10);
    expect(cited).toBe(refs);
  });

  it("treats authors named like Object.prototype's keys as any other author", () => {
    // External agents choose their names; a name must never reach a prototype's value.
    const cfg = config({ preferentialAttention: 1 });
    for (const name of ["constructor", "__proto__", "toString", "valueOf"]) {
      const named = feed.map((p, i) => (i === 0 ? { ...p, author: name, id: `p.0.${name}.0` } : p));
      const plain = feed.map((p, i) => (i === 0 ? { ...p, author: "x_plain", id: "p.0.x_plain.0" } : p));
      for (let round = 1; round < 40; round++) {
        const a = decideSimTurn({ ...input(cfg, round), feed: named }).actions;
        const b = decideSimTurn({ ...input(cfg, round), feed: plain }).actions;
        expect(JSON.stringify(a).replaceAll(name, "x_plain")).toBe(JSON.stringify(b));
      }
    }
  });

  it("preferential attention concentrates engagement on familiar, popular authors", () => {
    const view: SimAgentView = { ...emptyView, familiarity: new Map([["a55", 30]]) };
    const targetShare = (cfg: ExperimentConfig): number => {
      let hits = 0;
      let total = 0;
      for (let round = 1; round < 200; round++) {
        for (const action of decideSimTurn(input(cfg, round, view)).actions) {
          if (action.type === "vote" || action.type === "comment") {
            total++;
            if (action.post === "p.0.a55.0") hits++;
          }
        }
      }
      return hits / Math.max(1, total);
    };
    expect(targetShare(config({ preferentialAttention: 1 }))).toBeGreaterThan(2 * targetShare(config()));
  });

  it("preferential attention favours authors the platform already rewards (karma)", () => {
    const famous = feed.map((p, i) => (i === 7 ? post(p.id, p.author, i % topics.length, p.score, 400) : p));
    const share = (cfg: ExperimentConfig): number => {
      let hits = 0;
      let total = 0;
      for (let round = 1; round < 200; round++) {
        for (const action of decideSimTurn({ ...input(cfg, round), feed: famous }).actions) {
          if (action.type === "vote" || action.type === "comment") {
            total++;
            if (action.post === famous[7]?.id) hits++;
          }
        }
      }
      return hits / Math.max(1, total);
    };
    expect(share(config({ preferentialAttention: 1 }))).toBeGreaterThan(2 * share(config()));
  });

  it("writes text from topic vocabularies plus the agent's idiolect", () => {
    const cfg = config();
    const words = postWords(cfg, emptyView);
    const idiolects = new Set(Array.from({ length: 20 }, (_, i) => makePersona(cfg, `a${String(i).padStart(2, "0")}`, i).idiolect).flat());
    const vocabulary = new Set<string>(topics.flatMap((t) => [...t.words]));
    expect(words.length).toBeGreaterThan(100);
    expect(share(words, idiolects)).toBeGreaterThan(0.1);
    expect(share(words, vocabulary)).toBeGreaterThan(0.5);
    expect(tokenize("Hello @a01, see p.3.a02.0.")).toEqual(["hello", "@a01", "see", "p.3.a02.0"]);
  });
});

describe("negative-control knobs", () => {
  /** How often each feed rank's post is the target of a comment or vote over many activations. */
  function engagementByRank(cfg: ExperimentConfig, posts: readonly PoolPost[]): number[] {
    const counts = posts.map(() => 0);
    for (let agent = 0; agent < 40; agent++) {
      for (let round = 1; round < 40; round++) {
        const id = `a${String(agent).padStart(2, "0")}`;
        const out = decideSimTurn({ ...input(cfg, round, emptyView, id), feed: [...posts], persona: makePersona(cfg, id, agent) });
        for (const action of out.actions) {
          const target = action.type === "comment" ? action.post : action.type === "vote" ? action.target : null;
          const rank = posts.findIndex((p) => p.id === target);
          if (rank >= 0) counts[rank] = (counts[rank] ?? 0) + 1;
        }
      }
    }
    return counts;
  }
  // Twelve posts alike in everything but rank and author: one topic, score 0, no karma.
  const flat = Array.from({ length: 12 }, (_, i) => post(`p.0.b${String(i).padStart(2, "0")}.0`, `b${i}`, 0, 0));

  it("positionBias moves engagement to the top of the feed; off, ranks draw alike", () => {
    const off = engagementByRank(config(), flat);
    const on = engagementByRank(config({ positionBias: 1 }), flat);
    const share = (counts: number[], from: number, to: number): number =>
      counts.slice(from, to).reduce((a, b) => a + b, 0) / counts.reduce((a, b) => a + b, 0);
    // Off: the first three ranks get about 3/12 of engagement. On, weights (1 + r)^-1.5 give them
    // (1 + 0.354 + 0.192) / 3.01 ~ 0.51 of it (the sum over 12 ranks is ~3.01).
    expect(share(off, 0, 3)).toBeGreaterThan(0.2);
    expect(share(off, 0, 3)).toBeLessThan(0.3);
    expect(share(on, 0, 3)).toBeGreaterThan(0.45);
  });

  it("authorAppeal gives the same authors more engagement under any feed order", () => {
    const cfg = config({ authorAppeal: 1 });
    const forward = engagementByRank(cfg, flat);
    const reversed = engagementByRank(cfg, [...flat].reverse()).reverse();
    const top = (counts: number[]): number => counts.indexOf(Math.max(...counts));
    // The most engaged author is the same whichever rank its post had: appeal belongs to the author.
    expect(top(forward)).toBe(top(reversed));
    expect(Math.max(...forward)).toBeGreaterThan(3 * (forward.reduce((a, b) => a + b, 0) / 12));
  });
});
