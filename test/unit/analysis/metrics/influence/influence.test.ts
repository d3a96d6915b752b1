import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import type { AnalysisLog } from "../../../../../analysis/log/analysis-log.js";
import { windowsOf } from "../../../../../analysis/log/windows.js";
import { interactions } from "../../../../../analysis/graph/interactions.js";
import { computeInfluence } from "../../../../../analysis/metrics/influence/influence.js";
import { diagnoseInfluence, influenceComponents } from "../../../../../analysis/metrics/influence/diagnose.js";
import { engagementBeyondExposure, exposureNullEdges } from "../../../../../analysis/metrics/influence/exposure-null.js";
import type { InfluenceResult } from "../../../../../core/contracts/report-collective-metrics.js";
import type { AnalysisContext } from "../../../../../analysis/metrics/metric-types.js";
import { pagerank } from "../../../../../analysis/stats/pagerank.js";
import { positionWeightsOf } from "../../../../../analysis/metrics/influence/feed-position.js";
import { spearman } from "../../../../../analysis/stats/spearman.js";
import { LogFixture } from "../../fixtures.js";
import type { MurmurEvent } from "../../../../../core/events/event-schema.js";

function context(log: AnalysisLog, seed = 3): AnalysisContext {
  return { log, windows: windowsOf(log), vectors: new Map(), dims: 0, seed };
}

/**
 * 18 one-hour rounds -> three 6-round windows. Each window: a1-a3 post; a4-a6 are shown some of
 * those posts and comment on them; a7 comments without having been shown anything (windows 0 and
 * 2); a1 replies to a4's comment; a2 answers its own post (a self-loop, dropped); a6 upvotes a1.
 */
function fixture(options: { votes?: boolean; extraInWindow1?: boolean } = {}): LogFixture {
  const f = new LogFixture();
  for (const a of ["a1", "a2", "a3", "a4", "a5", "a6", "a7"]) f.agent(a);
  for (let w = 0; w < 3; w++) {
    const r = w * 6;
    const p = (a: string): string => `p.${r}.${a}.0`;
    f.post(r, "a1", p("a1"), "alpha").post(r, "a2", p("a2"), "beta").post(r, "a3", p("a3"), "gamma");
    f.exposure(r + 1, "a4", [p("a1"), p("a2")]);
    f.exposure(r + 1, "a5", [p("a1"), p("a3"), p("a1")]);
    f.exposure(r + 1, "a6", [p("a2"), p("a3")]);
    f.comment(r + 1, "a4", `c.${r + 1}.a4.0`, p("a1"), null, "one");
    f.comment(r + 1, "a4", `c.${r + 1}.a4.1`, p("a2"), null, "two");
    f.comment(r + 1, "a5", `c.${r + 1}.a5.0`, p("a1"), null, "three");
    f.comment(r + 1, "a6", `c.${r + 1}.a6.0`, p("a3"), null, "four");
    if (w !== 1) f.comment(r + 1, "a7", `c.${r + 1}.a7.0`, p("a2"), null, "unseen");
    if (w === 1 && options.extraInWindow1) f.comment(r + 1, "a5", `c.${r + 1}.a5.1`, p("a3"), null, "five");
    f.comment(r + 2, "a1", `c.${r + 2}.a1.0`, p("a1"), `c.${r + 1}.a4.0`, "reply");
    f.comment(r + 2, "a2", `c.${r + 2}.a2.0`, p("a2"), null, "self");
    if (options.votes !== false) f.vote(r + 2, "a6", p("a1"), "a1", 1);
  }
  f.roundEnd(17);
  return f;
}

function windowEdges(w: number, extra = false): { source: string; target: string; weight: number }[] {
  const edges = [
    ["a4", "a1"],
    ["a4", "a2"],
    ["a5", "a1"],
    ["a6", "a3"],
    ["a1", "a4"],
  ];
  if (w !== 1) edges.push(["a7", "a2"]);
  if (w === 1 && extra) edges.push(["a5", "a3"]);
  return edges.map(([source, target]) => ({ source: source ?? "", target: target ?? "", weight: 1 }));
}

describe("influence", () => {
  it("says which event type the log lacks", () => {
    const log = logFromEvents(fixture({ votes: false }).events);
    const withoutVotes = computeInfluence(context(log));
    // Votes only add voters as nodes and the upvote variant: the comment graph stands without them.
    expect(withoutVotes.available).toBe(true);
    const bare = logFromEvents(new LogFixture().agent("a1").post(0, "a1", "p.0.a1.0", "x").roundEnd(1).events);
    expect(computeInfluence(context(bare))).toEqual({ available: false, reason: "log lacks comment" });
  });

  it("builds commenter -> author edges: post author for top-level, parent author for replies, no self-loops", () => {
    const log = logFromEvents(fixture().events);
    const edges = interactions(log).filter((e) => e.round < 6);
    expect(edges.map((e) => `${e.source}>${e.target}:${e.on}`).sort()).toEqual(
      ["a4>a1:post", "a4>a2:post", "a5>a1:post", "a6>a3:post", "a7>a2:post", "a1>a4:comment"].sort(),
    );
  });

  it("reports each window's and the cumulative PageRank over the agents in the graph", () => {
    const log = logFromEvents(fixture().events);
    const result = computeInfluence(context(log));
    if (!result.available) throw new Error(result.reason);
    expect(result.windows.map((w) => [w.fromRound, w.toRound])).toEqual([
      [0, 5],
      [6, 11],
      [12, 17],
    ]);
    result.windows.forEach((w, i) => {
      const actives = i === 1 ? ["a1", "a2", "a3", "a4", "a5", "a6"] : ["a1", "a2", "a3", "a4", "a5", "a6", "a7"];
      const expected = pagerank(actives, windowEdges(i));
      expect(Object.keys(w.pagerank).sort()).toEqual(actives);
      for (const [id, value] of expected) expect(w.pagerank[id]).toBeCloseTo(value, 12);
      expect(w.comments).toBe(windowEdges(i).length);
      expect(w.actives).toBe(actives.length);
      expect(w.k).toBe(10);
    });
    const all = [0, 1, 2].flatMap((w) => windowEdges(w));
    const cumulative = pagerank(["a1", "a2", "a3", "a4", "a5", "a6", "a7"], all);
    for (const [id, value] of cumulative) expect(result.cumulative.pagerank[id]).toBeCloseTo(value, 12);
    // a1's only out-edge is its reply to a4, so a4 inherits most of a1's rank and leads.
    const leader = [...cumulative.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(leader).toBe("a4");
    expect(result.cumulative.top10[0]).toBe(leader);
    // Upvote variant: a6 -> a1 only.
    expect(result.windows[0]?.upvotes.edges).toBe(1);
  });

  it("compares consecutive windows on agents active in both", () => {
    const log = logFromEvents(fixture({ extraInWindow1: true }).events);
    const result = computeInfluence(context(log));
    if (!result.available) throw new Error(result.reason);
    const both = ["a1", "a2", "a3", "a4", "a5", "a6"];
    const w0 = pagerank([...both, "a7"], windowEdges(0));
    const w1 = pagerank(both, windowEdges(1, true));
    const next = result.windows[0]?.next;
    expect(next?.n).toBe(6);
    expect(next?.spearman).toBeCloseTo(
      spearman(
        both.map((a) => w0.get(a) ?? 0),
        both.map((a) => w1.get(a) ?? 0),
      ),
      12,
    );
    // Fewer nodes than k: the top-k is everyone in the graph, so Jaccard is |V0 & V1| / |V0 | V1|.
    expect(next?.jaccardTopK).toBeCloseTo(6 / 7, 12);
    expect(next?.leaderSurvival).toBeCloseTo(6 / 7, 12);
    expect(result.windows[2]?.next).toBeNull();
    expect(next?.exposureNull.replicates).toBe(50);
  });

  it("keeps each agent's out-degree (per kind) in the exposure-matched null and draws only shown authors", () => {
    const log = logFromEvents(fixture().events);
    const ctx = context(log);
    const shownTo: Record<string, string[]> = { a4: ["a1", "a2"], a5: ["a1", "a3"], a6: ["a2", "a3"] };
    for (let replicate = 0; replicate < 20; replicate++) {
      const edges = exposureNullEdges(ctx, 0, replicate);
      const degree = new Map<string, number>();
      for (const e of edges) {
        degree.set(`${e.source}:${e.on}`, (degree.get(`${e.source}:${e.on}`) ?? 0) + 1);
        expect(e.source).not.toBe(e.target);
        const allowed = shownTo[e.source];
        // a7 and a1 were shown nothing: they draw from the window's global impressions.
        if (allowed) expect(allowed).toContain(e.target);
        else expect(["a1", "a2", "a3"]).toContain(e.target);
      }
      expect(Object.fromEntries(degree)).toEqual({ "a4:post": 2, "a5:post": 1, "a6:post": 1, "a7:post": 1, "a1:comment": 1 });
    }
    // Seeded: the same replicate gives the same edges, another replicate may differ.
    expect(exposureNullEdges(ctx, 0, 4)).toEqual(exposureNullEdges(ctx, 0, 4));
  });

  it("draws answers to notified replies from the replies the agent was notified of, not from the feed's comments", () => {
    const f = fixture();
    // a1 is notified of a4's comment under a1's post (round 1) and answers it in round 2; a feed
    // shows a1 a comment by a5 too, which the null must not use for the notification answer.
    const template = f.events.find((e): e is Extract<MurmurEvent, { type: "exposure" }> => e.type === "exposure" && e.round === 1);
    if (!template) throw new Error("fixture has no exposure");
    f.events.push({ ...template, round: 2, agent: "a1", kind: "notification", feed: "notifications", items: ["c.1.a4.0"] });
    f.events.push({ ...template, round: 2, agent: "a1", kind: "feed", feed: "hot", items: ["p.0.a2.0", "c.1.a5.0"] });
    const ctx = context(logFromEvents(f.events));
    for (let replicate = 0; replicate < 20; replicate++) {
      const replies = exposureNullEdges(ctx, 0, replicate).filter((e) => e.source === "a1");
      expect(replies.map((e) => `${e.target}:${e.on}`)).toEqual(["a4:comment"]);
    }
  });

  it("expects each author's comments under the exposure null exactly, and scores what it received beyond that", () => {
    const log = logFromEvents(fixture().events);
    const ctx = context(log);
    // Feed-position weights of post slots 0-2 (their fit is tested in feed-position.test.ts).
    const weights = positionWeightsOf(log);
    const [p0, p1, p2] = [weights.post[0] ?? 1, weights.post[1] ?? 1, weights.post[2] ?? 1];
    // Window 0, by hand. Feed posts: a4 shown a1 (slot 0), a2 (slot 1), degree 2; a5 shown a1
    // (slot 0), a3 (slot 1), a1 (slot 2), degree 1; a6 shown a2 (slot 0), a3 (slot 1), degree 1; a7
    // shown nothing, degree 1: the window's weighted post impressions, a1 2 p0 + p2, a2 p0 + p1,
    // a3 2 p1. a1's reply (comment channel, no comment impressions) falls back to all impressions
    // (counts) without its own: a2 2, a3 2.
    const total = 3 * p0 + 3 * p1 + p2;
    const e1 = (2 * p0) / (p0 + p1) + (p0 + p2) / (p0 + p1 + p2) + (2 * p0 + p2) / total;
    const e2 = (2 * p1) / (p0 + p1) + p0 / (p0 + p1) + (p0 + p1) / total + 1 / 2;
    const e3 = p1 / (p0 + p1 + p2) + p1 / (p0 + p1) + (2 * p1) / total + 1 / 2;
    const w0 = engagementBeyondExposure(ctx, 0);
    expect(Object.keys(w0.expected)).toEqual(["a1", "a2", "a3"]);
    expect(w0.expected.a1).toBeCloseTo(e1, 12);
    expect(w0.expected.a2).toBeCloseTo(e2, 12);
    expect(w0.expected.a3).toBeCloseTo(e3, 12);
    // Received: a1 2 (a4, a5), a2 2 (a4, a7), a3 1 (a6); a4's reply from a1 counts nowhere, since
    // no one was shown a4's content. Residual = (received - expected) / sqrt(expected + 1).
    expect(Object.keys(w0.residuals)).toEqual(["a1", "a2", "a3"]);
    expect(w0.residuals.a1).toBeCloseTo((2 - e1) / Math.sqrt(e1 + 1), 12);
    expect(w0.residuals.a2).toBeCloseTo((2 - e2) / Math.sqrt(e2 + 1), 12);
    expect(w0.residuals.a3).toBeCloseTo((1 - e3) / Math.sqrt(e3 + 1), 12);
    // Independently: the mean of many rewirings' in-degrees converges on the expectation.
    const replicates = 3000;
    const mean = new Map<string, number>();
    for (let r = 0; r < replicates; r++)
      for (const e of exposureNullEdges(ctx, 0, r)) mean.set(e.target, (mean.get(e.target) ?? 0) + 1 / replicates);
    expect([...mean.keys()].sort()).toEqual(["a1", "a2", "a3"]);
    for (const [author, value] of mean) expect(value).toBeCloseTo(w0.expected[author] ?? Number.NaN, 1);
  });

  it("takes the primary from the persistence of engagement beyond exposure, over authors shown in both windows", () => {
    const ctx = context(logFromEvents(fixture().events));
    const result = computeInfluence(ctx);
    if (!result.available) throw new Error(result.reason);
    const weights = positionWeightsOf(ctx.log);
    const [p0, p1, p2] = [weights.post[0] ?? 1, weights.post[1] ?? 1, weights.post[2] ?? 1];
    // Window 1 has no a7 (see the test above for the terms); received 2, 1, 1.
    const e1 = (2 * p0) / (p0 + p1) + (p0 + p2) / (p0 + p1 + p2);
    const e2 = (2 * p1) / (p0 + p1) + p0 / (p0 + p1) + 1 / 2;
    const e3 = p1 / (p0 + p1 + p2) + p1 / (p0 + p1) + 1 / 2;
    const residual = (received: number, expected: number): number => (received - expected) / Math.sqrt(expected + 1);
    const w1 = engagementBeyondExposure(ctx, 1);
    expect(w1.residuals.a1).toBeCloseTo(residual(2, e1), 12);
    expect(w1.residuals.a2).toBeCloseTo(residual(1, e2), 12);
    expect(w1.residuals.a3).toBeCloseTo(residual(1, e3), 12);
    // Window 2 repeats window 0, so both pairs have the same Spearman; a4-a7 are never shown: not in the sample.
    const w0 = engagementBeyondExposure(ctx, 0).residuals;
    const rho = spearman(
      ["a1", "a2", "a3"].map((a) => w0[a] ?? 0),
      ["a1", "a2", "a3"].map((a) => w1.residuals[a] ?? 0),
    );
    for (const w of [0, 1]) {
      const b = result.windows[w]?.next?.beyondExposure;
      expect(b?.n).toBe(3);
      expect(b?.spearman).toBeCloseTo(rho, 12);
      expect(b?.exposureNull.replicates).toBe(50);
    }
    const zs = [0, 1].flatMap((w) => {
      const z = result.windows[w]?.next?.beyondExposure.exposureNull.z;
      return z === null || z === undefined ? [] : [z];
    });
    // The null's draws vary (a4's two, a5's, a6's, a7's, a1's), so both pairs have a spread and a z.
    expect(zs).toHaveLength(2);
    expect(result.context.beyondExposurePairs).toBe(2);
    expect(result.context.beyondExposureZ).toBeCloseTo(zs.reduce((a, b) => a + b, 0) / zs.length, 12);
    // docs/metrics.md's raw PageRank persistence stays in the report as context.
    const raw = [0, 1].flatMap((w) => {
      const z = result.windows[w]?.next?.exposureNull.z;
      return z === null || z === undefined ? [] : [z];
    });
    if (raw.length > 0) expect(result.context.pagerankPersistence).toBeCloseTo(raw.reduce((a, b) => a + b, 0) / raw.length, 12);
    else expect(result.context.pagerankPersistence).toBeNull();
  });

  it("is deterministic, JSON-serialisable, and its verdict statistics reproduce the components", () => {
    const log = logFromEvents(fixture({ extraInWindow1: true }).events);
    const ctx = context(log);
    const result = computeInfluence(ctx);
    if (!result.available) throw new Error(result.reason);
    expect(computeInfluence(ctx)).toEqual(result);
    const roundTrip = JSON.parse(JSON.stringify(result)) as InfluenceResult;
    expect(roundTrip).toEqual(result);
    const components = influenceComponents(ctx, result);
    expect(components.map((c) => c.name)).toEqual(["persistence", "concentration"]);
    for (const c of components) {
      // Units are every agent that is a node of some window's graph.
      expect(c.units.map((u) => u.agent)).toEqual(["a1", "a2", "a3", "a4", "a5", "a6", "a7"]);
      // The log has exposures, so the leader statistics exist; with 7 agents, fewer than k = 10, every
      // leader survives in data and null alike, so persistence beyond the null is exactly 0.
      if (result.leaders === null) throw new Error("leaders expected on a log with exposures");
      const reported = c.name === "persistence" ? result.leaders.persistence : result.leaders.concentration;
      expect(reported).not.toBeNull();
      expect(c.statistic(c.units)).toBeCloseTo(reported ?? Number.NaN, 12);
      if (c.name === "persistence") expect(reported).toBe(0);
    }
    const diagnosed = diagnoseInfluence(ctx, roundTrip);
    if (!("components" in diagnosed)) throw new Error("influence diagnoses components");
    expect(diagnosed.components.map((c) => c.name)).toEqual(["persistence", "concentration"]);
    expect(diagnosed.unavailable).toBeNull();
    const [persistence] = diagnosed.components;
    expect(persistence?.statistic(persistence.units)).toEqual(components[0]?.statistic(components[0].units));
  });

  it("reports the descriptive statistics of a log without exposures, and says why there is no verdict", () => {
    // An import: comments, no exposures, no votes.
    const f = new LogFixture();
    for (const a of ["b1", "b2", "b3", "b4"]) f.agent(a, "imported");
    for (let w = 0; w < 2; w++) {
      const r = w * 24;
      f.post(r, "b1", `p.${r}.b1.0`, "alpha").post(r, "b2", `p.${r}.b2.0`, "beta");
      f.comment(r + 1, "b3", `c.${r + 1}.b3.0`, `p.${r}.b1.0`, null, "one");
      f.comment(r + 1, "b4", `c.${r + 1}.b4.0`, `p.${r}.b1.0`, null, "two");
      f.comment(r + 2, "b2", `c.${r + 2}.b2.0`, `p.${r}.b1.0`, null, "three");
    }
    f.roundEnd(47);
    const log = logFromEvents(f.events);
    const ctx = context(log);
    const result = computeInfluence(ctx);
    if (!result.available) throw new Error(result.reason);
    expect(result.leaders).toBeNull();
    expect(result.nullReplicates).toBe(0);
    expect(result.verdictUnavailable).toMatch(/^log lacks exposure: /);
    // Each day: b2, b3, b4 -> b1, b1 dangling. By hand with n = 4, d = 0.85: each of the others
    // holds y = 0.15 / 4 + 0.85 x / 4 (b1's dangling mass) and x + 3 y = 1, so
    // x = 0.8875 / 1.6375 and y = (1 - x) / 3.
    const x = 0.8875 / 1.6375;
    const expected = new Map([
      ["b1", x],
      ["b2", (1 - x) / 3],
      ["b3", (1 - x) / 3],
      ["b4", (1 - x) / 3],
    ]);
    for (const w of result.windows) {
      // The power iteration stops at an L1 change of 1e-9.
      for (const [id, value] of expected) expect(w.pagerank[id]).toBeCloseTo(value, 8);
      // Four nodes: top 1 % is one holder, b1.
      expect(w.top1PercentShare).toBeCloseTo(expected.get("b1") ?? 0, 8);
      expect(w.topK[0]).toBe("b1");
    }
    // b1 alone leads both days; everyone else ties at one value: 3 places shared by 3 -> the same top 4.
    expect(result.windows[0]?.next?.leaderSurvival).toBeCloseTo(1, 12);
    expect(result.windows[0]?.next?.jaccardTopK).toBeCloseTo(1, 12);
    expect(result.windows[0]?.next?.exposureNull.replicates).toBe(0);
    const components = influenceComponents(ctx, result);
    expect(components).toEqual([]);
  });
});
