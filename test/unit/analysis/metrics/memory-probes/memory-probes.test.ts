import { onlyComponent } from "../../../../../analysis/metrics/metric-definition.js";
import { describe, expect, it } from "vitest";
import type { MurmurEvent } from "../../../../../core/events/event-schema.js";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import type { AnalysisLog } from "../../../../../analysis/log/analysis-log.js";
import { windowsOf } from "../../../../../analysis/log/windows.js";
import { computeMemoryProbes } from "../../../../../analysis/metrics/memory-probes/memory-probes.js";
import { diagnoseMemoryProbes, memoryProbesComponents } from "../../../../../analysis/metrics/memory-probes/components.js";
import type { AnalysisContext } from "../../../../../analysis/metrics/metric-types.js";
import { LogFixture } from "../../fixtures.js";
import { memoryProbesRule } from "../../../../../analysis/metrics/memory-probes/metric.js";

function context(log: AnalysisLog, seed = 5): AnalysisContext {
  return { log, windows: windowsOf(log), vectors: new Map(), dims: 0, seed };
}

const at = (round: number): string => new Date(Date.parse("2026-01-28T00:00:00.000Z") + round * 3_600_000).toISOString();

function probe(round: number, id: string, mode: "private" | "public", targets: string[]): MurmurEvent {
  return { v: 1, type: "probe", round, seq: 900 + targets.length, t: at(round), id, mode, question: "Who and what mattered?", targets };
}

function answer(round: number, agent: string, probeId: string, agents: string[], posts: string[], names: string[]): MurmurEvent {
  return { v: 1, type: "probeAnswer", round, seq: 950, t: at(round), agent, probe: probeId, agents, posts, names, text: names.join(", ") };
}

/**
 * The true top-10 at rounds 3-5: agents {a1, a4, a5} (the whole comment graph a4 -> a1, a5 -> a1),
 * posts {p.0.a1.0} (the only one upvoted). Shown most, one author and one post each: a4 -> a1 and
 * p.0.a1.0 (2 impressions each), a5 -> a2 and p.0.a2.0, a6 -> a3 and p.0.a3.0; a2 and a3 were
 * shown nothing. Private probe q.3.0 asks a4, a5, a6; public probe q.3.1 gets replies from a2 (a
 * name that does not exist and one that does not resolve) and a3 (two rounds later).
 */
function fixture(withExposures = true): LogFixture {
  const f = new LogFixture();
  for (const a of ["a1", "a2", "a3", "a4", "a5", "a6"]) f.agent(a);
  f.post(0, "a1", "p.0.a1.0", "first").post(0, "a2", "p.0.a2.0", "second").post(0, "a3", "p.0.a3.0", "third");
  if (withExposures) {
    f.exposure(1, "a4", ["p.0.a1.0", "p.0.a2.0"]).exposure(2, "a4", ["p.0.a1.0"]);
    f.exposure(1, "a5", ["p.0.a2.0", "p.0.a3.0"]).exposure(2, "a5", ["p.0.a2.0"]);
    f.exposure(1, "a6", ["p.0.a3.0"]).exposure(2, "a6", ["p.0.a3.0", "p.0.a1.0"]);
  }
  f.comment(1, "a4", "c.1.a4.0", "p.0.a1.0", null, "nice").comment(1, "a5", "c.1.a5.0", "p.0.a1.0", null, "agreed");
  f.vote(1, "a4", "p.0.a1.0", "a1", 1);
  f.roundEnd(2);
  f.events.push(
    probe(3, "q.3.0", "private", ["a4", "a5", "a6"]),
    probe(3, "q.3.1", "public", []),
    answer(3, "a4", "q.3.0", ["a1"], ["p.0.a1.0"], ["a1", "p.0.a1.0"]),
    answer(3, "a5", "q.3.0", ["a1"], ["p.0.a1.0"], ["a1", "p.0.a1.0"]),
    answer(3, "a6", "q.3.0", ["a1"], ["p.0.a3.0"], ["a1", "p.0.a3.0"]),
    answer(4, "a2", "q.3.1", ["a9"], [], ["a9", "Zed"]),
    answer(5, "a3", "q.3.1", ["a1"], [], ["a1"]),
  );
  return f;
}

describe("memoryProbes", () => {
  it("says the log lacks probes", () => {
    const f = new LogFixture().agent("a1").post(0, "a1", "p.0.a1.0", "x").exposure(1, "a1", []).roundEnd(1);
    expect(computeMemoryProbes(context(logFromEvents(f.events)))).toEqual({ available: false, reason: "log lacks probe, probeAnswer" });
  });

  it("computes response rates, validity, consensus and grounding against the exposure-matched null by hand", () => {
    const ctx = context(logFromEvents(fixture().events));
    const result = computeMemoryProbes(ctx);
    if (!result.available) throw new Error(result.reason);
    expect(result.probes).toBe(2);
    expect(result.answers).toBe(5);
    expect(result.answeringAgents).toBe(5);
    expect(result.responseRate.private).toEqual({ probes: 1, asked: 3, answered: 3, rate: 1 });
    // One probe post, answered; 2 replies, of which a3's names something that exists.
    expect(result.responseRate.public).toEqual({ probes: 1, answered: 1, replies: 2, rate: 1, validReplies: 1, validShare: 0.5 });
    // Named 2 + 2 + 2 + 2 (a9, "Zed") + 1 = 9; valid 2 + 2 + 2 + 0 + 1 = 7; 4 answers name a valid entity.
    expect(result.validity).toEqual({ named: 9, valid: 7, share: 7 / 9, validAnswers: 4 });
    expect(result.componentsUnavailable).toBeNull();

    // Consensus on q.3.0: {a1, p.0.a1.0} twice and {a1, p.0.a3.0}: Jaccards 1, 1/3, 1/3, so the
    // agreements are a4 (1 + 1/3) / 2 = 2/3, a5 2/3, a6 (1/3 + 1/3) / 2 = 1/3. The null answers
    // {a1, p.0.a1.0}, {a2, p.0.a2.0}, {a3, p.0.a3.0} share nothing: agreement 0. q.3.1 has one
    // valid answer only (a2 named nothing that exists): no pair, no unit.
    expect(result.consensus.answers).toBe(3);
    expect(result.consensus.perAgent.map((u) => u.agent)).toEqual(["a4", "a5", "a6"]);
    const agreement = result.consensus.perAgent.map((u) => u.values);
    expect(agreement[0]?.[0]).toBeCloseTo(2 / 3, 12);
    expect(agreement[1]?.[0]).toBeCloseTo(2 / 3, 12);
    expect(agreement[2]?.[0]).toBeCloseTo(1 / 3, 12);
    expect(result.consensus.effect).toBeCloseTo(5 / 9, 12);
    expect(result.primary).toBeCloseTo(5 / 9, 12);
    // Summary: q.3.0 mean pairwise Jaccard (1 + 1/3 + 1/3) / 3 = 5/9 (q.3.1 has no pair); mentions
    // a1 x3, p.0.a1.0 x2, p.0.a3.0 x1 -> entropy, and q.3.1's single mention -> 0 bits.
    const h = -(0.5 * Math.log2(0.5) + (1 / 3) * Math.log2(1 / 3) + (1 / 6) * Math.log2(1 / 6));
    expect(result.consensus.observed.probes).toBe(1);
    expect(result.consensus.observed.meanPairwiseJaccard).toBeCloseTo(5 / 9, 12);
    expect(result.consensus.observed.mentionEntropyBits).toBeCloseTo(h / 2, 12);
    expect(result.consensus.observed.distinctEntities).toBe(3);
    expect(result.consensus.null.meanPairwiseJaccard).toBe(0);
    // The null: six distinct entities once each on q.3.0 (log2 6 bits); a3's null names nothing.
    expect(result.consensus.null.mentionEntropyBits).toBeCloseTo(Math.log2(6), 12);

    // Grounding (hits over names): a4 2/2 vs null 2/2 -> 0; a5 2/2 vs 0 -> 1; a6 1/2 vs 0 -> 1/2;
    // a2 0/2 vs 0 -> 0; a3 1/1 vs 0 (shown nothing) -> 1.
    expect(result.grounding.answers).toBe(5);
    expect(result.grounding.observed).toBeCloseTo(3.5 / 5, 12);
    expect(result.grounding.null).toBeCloseTo(1 / 5, 12);
    expect(result.grounding.perAgent).toEqual([
      { agent: "a2", values: [0] },
      { agent: "a3", values: [1] },
      { agent: "a4", values: [0] },
      { agent: "a5", values: [1] },
      { agent: "a6", values: [0.5] },
    ]);
    expect(result.grounding.effect).toBeCloseTo(0.5, 12);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("builds the components (consensus, then grounding) and diagnoses with the main one", () => {
    const ctx = context(logFromEvents(fixture().events));
    const result = computeMemoryProbes(ctx);
    if (!result.available) throw new Error(result.reason);
    const components = memoryProbesComponents(result);
    expect(components.map((c) => c.name)).toEqual(["consensus"]);
    expect(memoryProbesRule.components?.find((c) => c.name === "consensus")?.delta).toBe(0.05);
    const { units, statistic } = onlyComponent(diagnoseMemoryProbes(ctx, result));
    expect(units).toHaveLength(3);
    expect(statistic(units)).toBeCloseTo(5 / 9, 12);
    // A resample moves the pairwise estimate 5/9 by twice its agents' mean change. a4 twice and
    // a6: mean (2/3 + 2/3 + 1/3) / 3 = 5/9, no change.
    const [a4, , a6] = units;
    if (!a4 || !a6) throw new Error("units");
    expect(statistic([a4, a4, a6])).toBeCloseTo(5 / 9, 12);
    // a4 and a6: mean 1/2, so 5/9 + 2 (1/2 - 5/9) = 4/9; a6 alone: 5/9 + 2 (1/3 - 5/9) = 1/9.
    expect(statistic([a4, a6])).toBeCloseTo(4 / 9, 12);
    expect(statistic([a6])).toBeCloseTo(1 / 9, 12);
  });

  it("gives the same result under any analysis seed (the nulls break ties without it)", () => {
    const f = new LogFixture();
    for (const a of ["a1", "a2", "a3", "a4"]) f.agent(a);
    f.post(0, "a1", "p.0.a1.0", "x").post(0, "a2", "p.0.a2.0", "y").post(0, "a3", "p.0.a3.0", "z");
    // Every agent is shown the three posts once: the null's pick is a pure tie.
    for (const a of ["a1", "a2", "a3", "a4"]) f.exposure(1, a, ["p.0.a1.0", "p.0.a2.0", "p.0.a3.0"]);
    f.roundEnd(1);
    f.events.push(probe(2, "q.2.0", "private", ["a4"]), answer(2, "a4", "q.2.0", ["a1"], ["p.0.a1.0"], ["a1", "p.0.a1.0"]));
    const log = logFromEvents(f.events);
    const seeds = [1, 2, 3, 4, 5].map((seed) => JSON.stringify(computeMemoryProbes(context(log, seed))));
    expect(new Set(seeds).size).toBe(1);
  });

  it("credits the null with the first 3 posts of each feed only (a feed is read from the top)", () => {
    const f = new LogFixture();
    for (const a of ["a1", "a2", "a3", "a4", "a5", "a6", "a7"]) f.agent(a);
    for (const a of ["a1", "a2", "a3", "a4", "a5", "a6"]) f.post(0, a, `p.0.${a}.0`, a);
    const p = (i: number): string => `p.0.a${i}.0`;
    // a7 is shown p.0.a4.0 in every feed (3 impressions, the most), always fourth; on top, the
    // others twice at most. Only p.0.a4.0 is upvoted (the true top-10 of posts).
    f.exposure(1, "a7", [p(1), p(2), p(3), p(4)])
      .exposure(2, "a7", [p(5), p(6), p(1), p(4)])
      .exposure(3, "a7", [p(2), p(5), p(6), p(4)]);
    f.vote(1, "a1", p(4), "a4", 1).roundEnd(3);
    f.events.push(probe(4, "q.4.0", "private", ["a7"]), answer(4, "a7", "q.4.0", [], [p(4)], [p(4)]));
    const result = computeMemoryProbes(context(logFromEvents(f.events)));
    if (!result.available) throw new Error(result.reason);
    // Counting every position the null would name p.0.a4.0 (grounding 1); from the top 3 it names
    // one of p.0.a1.0, p.0.a2.0, p.0.a5.0, p.0.a6.0 (2 each): grounding 0. a7's own answer: 1.
    expect(result.grounding.null).toBe(0);
    expect(result.grounding.observed).toBe(1);
    expect(result.grounding.effect).toBe(1);
  });

  it("without exposures gives response rates, validity and observed consensus, and says why the components are missing", () => {
    const result = computeMemoryProbes(context(logFromEvents(fixture(false).events)));
    if (!result.available) throw new Error(result.reason);
    expect(result.componentsUnavailable).toBe("log lacks exposure");
    expect(result.responseRate.public).toEqual({ probes: 1, answered: 1, replies: 2, rate: 1, validReplies: 1, validShare: 0.5 });
    expect(result.validity.valid).toBe(7);
    expect(result.consensus.observed.meanPairwiseJaccard).toBeCloseTo(5 / 9, 12);
    expect(result.consensus.perAgent).toEqual([]);
    expect(result.consensus.effect).toBeNull();
    expect(result.grounding.observed).toBeCloseTo(3.5 / 5, 12);
    expect(result.grounding.perAgent).toEqual([]);
    expect(result.primary).toBeNull();
  });
});
