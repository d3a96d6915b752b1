import { describe, expect, it } from "vitest";
import { experimentConfigSchema } from "../../../../core/contracts/experiment-config.js";
import type { ExperimentConfig, ExperimentConfigInput } from "../../../../core/contracts/experiment-config.js";
import type { PoolPost } from "../../../../core/round/round-types.js";
import { makePersona } from "../../../../core/sim/persona.js";
import { decideSimTurn } from "../../../../core/sim/sim-policy.js";
import { attentionWeight, broadcastWeights, genericComments, spamTemplate, twinRole, voteHerding } from "../../../../core/sim/twin.js";
import { topics } from "../../../../core/sim/vocabulary.js";
import { emptyView } from "./sim-fixtures.js";

function config(twin: ExperimentConfigInput["twin"] = {}): ExperimentConfig {
  return experimentConfigSchema.parse({ agents: 2000, rounds: 10, seed: 11, twin });
}


function post(i: number, score: number, round = 0): PoolPost {
  const words = topics[i % topics.length]?.words ?? [];
  const author = `a${String(1900 + i).padStart(4, "0")}`;
  const id = `p.${round}.${author}.0`;
  return {
    id,
    author,
    submolt: "general",
    title: words.slice(0, 4).join(" "),
    text: words.slice(4, 16).join(" "),
    score,
    authorKarma: 0,
    comments: 1,
    round,
    hot: score,
    topComments: [
      { id: `c.${round}.a1999.${i}`, author: "a1999", parent: null, text: words.slice(0, 6).join(" "), score: 0, authorKarma: 0, depth: 0 },
    ],
  };
}

const agents = Array.from({ length: 400 }, (_, i) => `a${String(i).padStart(4, "0")}`);

/** Every action of many turns of many agents. */
function actions(cfg: ExperimentConfig, feed: readonly PoolPost[], who: readonly string[] = agents, round = 5) {
  return who.flatMap(
    (agent, i) =>
      decideSimTurn({ config: cfg, agent, round, persona: makePersona(cfg, agent, i), feed, notifications: [], view: emptyView }).actions,
  );
}

describe("the twin's mechanisms", () => {
  it("leave the sim as it was when unset: no role, no decay, no herding, the old reply rates", () => {
    const cfg = config();
    expect(cfg.twin).toEqual({});
    expect(agents.every((a) => twinRole(cfg, a) === "ordinary")).toBe(true);
    expect(attentionWeight(cfg, 100, 0)).toBe(1);
    expect(voteHerding(cfg, 50)).toEqual({ weight: 1, castChance: 1 });
    expect(broadcastWeights(cfg, "a0001", "ordinary")).toEqual({ post: 1, comment: 1 });
    const rates = agents.map((a, i) => makePersona(cfg, a, i).replyRate);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(0.05);
    expect(Math.max(...rates)).toBeLessThanOrEqual(0.35);
  });

  it("draw disjoint roles in their configured shares, the same on every call", () => {
    const cfg = config({
      spam: { agentShare: 0.1, templates: 5, templateCommentShare: 0 },
      voteFarms: { agentShare: 0.05, votesPerTurn: 3 },
    });
    const roles = agents.map((a) => twinRole(cfg, a));
    const spam = roles.filter((r) => r === "spam").length / agents.length;
    const farms = roles.filter((r) => r === "voteFarm").length / agents.length;
    // Binomial sd over 400 agents: 0.015 and 0.011; 4 sd either side.
    expect(spam).toBeGreaterThan(0.04);
    expect(spam).toBeLessThan(0.16);
    expect(farms).toBeGreaterThan(0.006);
    expect(farms).toBeLessThan(0.094);
    expect(agents.map((a) => twinRole(cfg, a))).toEqual(roles);
  });

  it("decay attention as 1 / (1 + age / halfLife) and herd votes toward what is upvoted", () => {
    const cfg = config({ attentionHalfLifeHours: 2, voteHerding: { exponent: 2, threshold: 4 } });
    expect(attentionWeight(cfg, 10, 10)).toBe(1);
    expect(attentionWeight(cfg, 12, 10)).toBe(0.5);
    expect(attentionWeight(cfg, 16, 10)).toBe(0.25);
    // s = 1 + 3 upvotes: 16 against a threshold of 4^2, an even chance.
    expect(voteHerding(cfg, 3)).toEqual({ weight: 16, castChance: 0.5 });
    // Net-negative items pull like unvoted ones.
    expect(voteHerding(cfg, -5)).toEqual({ weight: 1, castChance: 1 / 17 });
  });

  it("make spam agents write only their bank's texts and others post generic one-liners at the set share", () => {
    const cfg = config({ spam: { agentShare: 0.2, templates: 6, templateCommentShare: 1 } });
    const feed = Array.from({ length: 12 }, (_, i) => post(i, i));
    const bank = new Set(Array.from({ length: 6 }, (_, k) => spamTemplate(cfg.seed, k).content));
    const spammers = agents.filter((a) => twinRole(cfg, a) === "spam");
    const spamContent = actions(cfg, feed, spammers).flatMap((a) => (a.type === "post" || a.type === "comment" ? [a.content] : []));
    expect(spamContent.length).toBeGreaterThan(20);
    expect(spamContent.every((text) => bank.has(text))).toBe(true);
    const ordinary = agents.filter((a) => twinRole(cfg, a) === "ordinary");
    const comments = actions(cfg, feed, ordinary).flatMap((a) => (a.type === "comment" ? [a.content] : []));
    expect(comments.length).toBeGreaterThan(20);
    expect(comments.every((text) => (genericComments as readonly string[]).includes(text))).toBe(true);
  });

  it("keep threads shallow: with no weight on comments, every comment answers a post", () => {
    const feed = Array.from({ length: 12 }, (_, i) => post(i, 0));
    const deep = actions(config(), feed).filter((a) => a.type === "comment" && a.parent !== null).length;
    const flat = actions(config({ commentOnCommentWeight: 0 }), feed).filter((a) => a.type === "comment");
    expect(deep).toBeGreaterThan(0);
    expect(flat.length).toBeGreaterThan(50);
    expect(flat.every((a) => a.type === "comment" && a.parent === null)).toBe(true);
  });

  it("send votes to the upvoted few under herding, and comments to fresh posts under attention decay", () => {
    const feed = Array.from({ length: 12 }, (_, i) => post(i, i === 0 ? 20 : 0));
    const votesOn = (cfg: ExperimentConfig) => {
      const votes = actions(cfg, feed).filter((a) => a.type === "vote");
      return { top: votes.filter((v) => v.type === "vote" && v.target === feed[0]?.id).length, all: votes.length };
    };
    const plain = votesOn(config());
    const herded = votesOn(config({ voteHerding: { exponent: 2, threshold: 4 } }));
    // Without herding the top post is one target of twelve; with it, s^2 = 441 against 1 each.
    expect(plain.top / plain.all).toBeLessThan(0.25);
    expect(herded.top / herded.all).toBeGreaterThan(0.8);

    const aged = Array.from({ length: 12 }, (_, i) => post(i, 0, i < 6 ? 0 : 47));
    const fresh = (cfg: ExperimentConfig) => {
      const comments = actions(cfg, aged, agents, 48).filter((a) => a.type === "comment" && a.parent === null);
      return comments.filter((c) => c.type === "comment" && c.post.startsWith("p.47.")).length / comments.length;
    };
    expect(fresh(config())).toBeLessThan(0.7);
    // One hour against 48: weights 1/2 and 1/25 with a one-hour half-life.
    expect(fresh(config({ attentionHalfLifeHours: 1 }))).toBeGreaterThan(0.85);
  });

  it("make vote farms upvote the best-scored posts they are shown", () => {
    const cfg = config({ voteFarms: { agentShare: 0.5, votesPerTurn: 3 } });
    const feed = Array.from({ length: 12 }, (_, i) => post(i, i));
    const farm = agents.find((a) => twinRole(cfg, a) === "voteFarm") ?? "";
    const votes = actions(cfg, feed, [farm]).filter((a) => a.type === "vote");
    expect(votes.slice(0, 3).map((v) => (v.type === "vote" ? [v.target, v.direction] : []))).toEqual(
      [11, 10, 9].map((i) => [feed[i]?.id, 1]),
    );
  });

  it("split ordinary agents into posters and commenters by broadcast role", () => {
    const cfg = config({ broadcastRoles: { posterShare: 0.25, offRoleWeight: 0.1 } });
    const mixes = agents.map((a) => broadcastWeights(cfg, a, "ordinary"));
    const posters = mixes.filter((m) => m.comment === 0.1 && m.post === 1).length / agents.length;
    expect(mixes.every((m) => (m.post === 1 && m.comment === 0.1) || (m.post === 0.1 && m.comment === 1))).toBe(true);
    expect(posters).toBeGreaterThan(0.17);
    expect(posters).toBeLessThan(0.33);
    expect(broadcastWeights(cfg, "a0001", "spam")).toEqual({ post: 1, comment: 1 });
  });

  it("reject unknown twin fields", () => {
    expect(experimentConfigSchema.safeParse({ agents: 10, rounds: 1, twin: { replyRate: 0.1 } }).success).toBe(false);
  });
});
