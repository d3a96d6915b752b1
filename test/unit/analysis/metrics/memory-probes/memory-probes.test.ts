import { describe, expect, it } from "vitest";
import type { MurmurEvent } from "../../../../../core/events/event-schema.js";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import type { AnalysisLog } from "../../../../../analysis/log/analysis-log.js";
import { windowsOf } from "../../../../../analysis/log/windows.js";
import { computeMemoryProbes, diagnoseMemoryProbes } from "../../../../../analysis/metrics/memory-probes/memory-probes.js";
import type { AnalysisContext } from "../../../../../analysis/metrics/metric-types.js";
import { LogFixture } from "../../fixtures.js";

function context(log: AnalysisLog): AnalysisContext {
  return { log, windows: windowsOf(log), vectors: new Map(), dims: 0, seed: 5 };
}

const at = (round: number): string => new Date(Date.parse("2026-01-28T00:00:00.000Z") + round * 3_600_000).toISOString();

function probe(round: number, id: string, mode: "private" | "public", targets: string[]): MurmurEvent {
  return { v: 1, type: "probe", round, seq: 900 + targets.length, t: at(round), id, mode, question: "Who and what mattered?", targets };
}

function answer(round: number, agent: string, probeId: string, agents: string[], posts: string[], names: string[]): MurmurEvent {
  return { v: 1, type: "probeAnswer", round, seq: 950, t: at(round), agent, probe: probeId, agents, posts, names, text: names.join(", ") };
}

/**
 * Comments a4 -> a1 and a5 -> a1 make the PageRank graph {a1, a4, a5} (all in the top-10 of so
 * small a graph); a4's upvote makes p.0.a1.0 the only post with a positive score. a2 was shown
 * a3's post twice and a1's once; a3 was shown nothing.
 */
function fixture(withExposures = true): LogFixture {
  const f = new LogFixture();
  for (const a of ["a1", "a2", "a3", "a4", "a5"]) f.agent(a);
  f.post(0, "a1", "p.0.a1.0", "first").post(0, "a2", "p.0.a2.0", "second").post(0, "a3", "p.0.a3.0", "third");
  if (withExposures) {
    f.exposure(1, "a2", ["p.0.a3.0", "p.0.a1.0"]);
    f.exposure(2, "a2", ["p.0.a3.0"]);
  }
  f.comment(1, "a4", "c.1.a4.0", "p.0.a1.0", null, "nice").comment(1, "a5", "c.1.a5.0", "p.0.a1.0", null, "agreed");
  f.vote(1, "a4", "p.0.a1.0", "a1", 1);
  f.roundEnd(2);
  f.events.push(
    probe(3, "q.3.0", "private", ["a2", "a3", "a4"]),
    probe(3, "q.3.1", "public", []),
    answer(3, "a2", "q.3.0", ["a1"], ["p.0.a1.0"], ["a1", "p.0.a1.0"]),
    answer(3, "a3", "q.3.0", ["a9"], [], ["a9", "Zed"]),
    answer(3, "a5", "q.3.1", [], [], []),
  );
  return f;
}

describe("memoryProbes", () => {
  it("says the log lacks probes (current sim logs have none)", () => {
    const f = new LogFixture().agent("a1").post(0, "a1", "p.0.a1.0", "x").exposure(1, "a1", []).roundEnd(1);
    expect(computeMemoryProbes(context(logFromEvents(f.events)))).toEqual({ available: false, reason: "log lacks probe, probeAnswer" });
    // Its null needs exposures too.
    expect(computeMemoryProbes(context(logFromEvents(fixture(false).events)))).toEqual({ available: false, reason: "log lacks exposure" });
  });

  it("computes response, validity, grounding against the exposure-matched null, and consensus by hand", () => {
    const ctx = context(logFromEvents(fixture().events));
    const result = computeMemoryProbes(ctx);
    if (!result.available) throw new Error(result.reason);
    expect(result.probes).toBe(2);
    expect(result.answers).toBe(3);
    expect(result.responseRate.private).toEqual({ probes: 1, asked: 3, answered: 2, rate: 2 / 3 });
    expect(result.responseRate.public).toEqual({ probes: 1, answered: 1, replies: 1, rate: 1 });
    // Named: a2 -> 2 (both valid), a3 -> 2 (a9 does not exist, "Zed" unresolved), a5 -> 0.
    expect(result.validity).toEqual({ named: 4, valid: 2, share: 0.5, validAnswers: 1 });
    // a2: both names in the true top-10 -> 1; its null names its most-shown author (a3) and post
    // (p.0.a3.0), neither in the top-10 -> 0. a3: 0 hits of 2; shown nothing, its null names nothing -> 0.
    expect(result.grounding).toEqual({ answers: 2, observed: 0.5, null: 0 });
    expect(result.perAgent).toEqual([
      { agent: "a2", values: [1] },
      { agent: "a3", values: [0] },
    ]);
    expect(result.primary).toBeCloseTo(0.5, 12);
    // q.3.0: sets {agent:a1, post:p.0.a1.0} and {agent:a9} -> Jaccard 0; three mentions once each -> log2 3 bits.
    expect(result.consensus.observed.probes).toBe(1);
    expect(result.consensus.observed.meanPairwiseJaccard).toBe(0);
    expect(result.consensus.observed.mentionEntropyBits).toBeCloseTo(Math.log2(3), 12);
    // Null: {agent:a3, post:p.0.a3.0} and {} -> no pair; two mentions -> 1 bit.
    expect(result.consensus.null.meanPairwiseJaccard).toBeNull();
    expect(result.consensus.null.mentionEntropyBits).toBeCloseTo(1, 12);
    const { units, statistic } = diagnoseMemoryProbes(ctx, result);
    expect(units).toHaveLength(2);
    expect(statistic(units)).toBeCloseTo(0.5, 12);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
