import { describe, expect, it } from "vitest";
import type { MurmurEvent } from "../../../../../core/events/event-schema.js";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import type { AnalysisLog } from "../../../../../analysis/log/analysis-log.js";
import { windowsOf } from "../../../../../analysis/log/windows.js";
import {
  computeSharedReferences,
  diagnoseSharedReferences,
  sharedReferencesComponents,
} from "../../../../../analysis/metrics/shared-references/shared-references.js";
import { RandomStream } from "../../../../../core/random/stream.js";
import type { SharedReferencesResult } from "../../../../../core/contracts/report-collective-metrics.js";
import type { AnalysisContext } from "../../../../../analysis/metrics/metric-types.js";
import { LogFixture } from "../../fixtures.js";

function context(log: AnalysisLog): AnalysisContext {
  return { log, windows: windowsOf(log), vectors: new Map(), dims: 0, seed: 9 };
}

/**
 * a1's opening post p.0.a1.0 is shown to a2 (round 1), a3 (round 2) and a4, a5 (round 6); then:
 * - a2, round 5, text "p.0.a1.0 by @a1": shown 4 rounds ago -> short-range (the byline is folded);
 * - a1, round 10, cites its own post (dropped) and "@nobody" (unresolved);
 * - a2, round 25, cites p.0.a1.0: last shown at round 1, 24 hours ago -> long-range;
 * - a3, round 28, memoryRef to a memory of p.0.a1.0 (plus the same citation in text): long-range;
 * - a4, round 29, "@a1": a1's content shown 23 hours ago -> short-range;
 * - a5, round 30, "@a1": shown 24 hours ago -> long-range;
 * - a6 posts without references.
 */
function fixture(withExposures = true): LogFixture {
  const f = new LogFixture();
  for (const a of ["a1", "a2", "a3", "a4", "a5", "a6"]) f.agent(a);
  f.post(0, "a1", "p.0.a1.0", "Opening thoughts");
  if (withExposures) f.exposure(1, "a2", ["p.0.a1.0"]).exposure(2, "a3", ["p.0.a1.0"]);
  f.memoryWrite(2, "a3", "m.a3.0", ["p.0.a1.0", "a1"]);
  f.post(5, "a2", "p.5.a2.0", "Still thinking about p.0.a1.0 by @a1.");
  if (withExposures) f.exposure(6, "a4", ["p.0.a1.0"]).exposure(6, "a5", ["p.0.a1.0"]);
  f.post(10, "a1", "p.10.a1.0", "As I said in p.0.a1.0, ask @nobody.");
  f.comment(25, "a2", "c.25.a2.0", "p.0.a1.0", null, "Back to p.0.a1.0 again");
  f.post(28, "a3", "p.28.a3.0", "Still thinking about p.0.a1.0 by @a1.");
  f.memoryRef(28, "a3", "p.28.a3.0", ["m.a3.0"]);
  f.comment(29, "a4", "c.29.a4.0", "p.28.a3.0", null, "@a1 said so");
  f.comment(30, "a5", "c.30.a5.0", "p.28.a3.0", null, "@a1 said so");
  f.post(30, "a6", "p.30.a6.0", "Nothing to cite");
  f.roundEnd(30);
  return f;
}

function stretched(events: readonly MurmurEvent[], hoursPerRound: number): MurmurEvent[] {
  return events.map((e) => ({
    ...e,
    t: new Date(Date.parse("2026-01-28T00:00:00.000Z") + e.round * hoursPerRound * 3_600_000).toISOString(),
  }));
}

describe("sharedReferences", () => {
  it("says which event type the log lacks", () => {
    expect(computeSharedReferences(context(logFromEvents(fixture(false).events)))).toEqual({
      available: false,
      reason: "log lacks exposure",
    });
  });

  it("finds references in text and memory rows and tells long-range from recently shown (hand-computed)", () => {
    const ctx = context(logFromEvents(fixture().events));
    const result = computeSharedReferences(ctx);
    if (!result.available) throw new Error(result.reason);
    expect(result.lookbackRounds).toBe(24);
    expect(result.content).toBe(8);
    expect(result.references).toEqual({ total: 5, items: 3, agents: 2, fromText: 4, fromMemory: 1, selfDropped: 1, unresolved: 1 });
    expect(result.longRange).toEqual({ count: 3, share: 0.6, perContent: 3 / 8 });
    // Long-range: p.0.a1.0 twice, a1 once -> HHI (4 + 1) / 9; Gini of [1, 2] = 1/6.
    expect(result.concentration.entities).toBe(2);
    expect(result.concentration.hhi).toBeCloseTo(5 / 9, 12);
    expect(result.concentration.gini).toBeCloseTo(1 / 6, 12);
    expect(result.concentration.top[0]).toEqual({ kind: "item", id: "p.0.a1.0", count: 2 });
    // The only content ever shown is p.0.a1.0 by a1, so every null draw lands on it: same HHI, no spread.
    expect(result.concentration.null.replicates).toBe(50);
    expect(result.concentration.null.hhiMean).toBeCloseTo(5 / 9, 12);
    expect(result.concentration.null.ratio).toBeCloseTo(1, 12);
    expect(result.concentration.null.z).toBeNull();
    // Sharedness: a2 and a3 name p.0.a1.0, a5 names a1. Ordered pairs of references by different
    // agents: 3 x 3 - 3 = 6; matching: a2-a3 and a3-a2 -> coincidence 2/6. The null redraws the same
    // things (nothing else was ever shown), so its coincidence is 1/3 too: excess 0, the primary.
    expect(result.sharedness.referencingAgents).toBe(3);
    expect(result.sharedness.coincidence).toBeCloseTo(1 / 3, 12);
    expect(result.sharedness.nullCoincidence).toBeCloseTo(1 / 3, 12);
    expect(result.sharedness.nullSd).toBeCloseTo(0, 12);
    expect(result.sharedness.replicates).toBe(50);
    expect(result.sharedness.excess).toBeCloseTo(0, 12);
    expect(result.primary).toBeCloseTo(0, 12);
    // Rate, per author: a1 0/2, a2 1/2, a3 1/1, a4 0/1, a5 1/1, a6 0/1.
    expect(result.authors).toBe(6);
    expect(result.referencingAgents).toBe(4);
    expect(result.rate).toBeCloseTo(2.5 / 6, 12);
    const [sharedness, rate] = sharedReferencesComponents(ctx, result);
    if (!sharedness || !rate) throw new Error("two components");
    expect(sharedness.name).toBe("sharedness");
    expect(sharedness.units.map((u) => u.agent)).toEqual(["a1", "a2", "a3", "a4", "a5", "a6"]);
    expect(sharedness.statistic(sharedness.units)).toBeCloseTo(0, 12);
    // Identical replicates: the null's Monte Carlo error is 0.
    expect(sharedness.referenceError?.(new RandomStream(1, "t", 0, "t"))).toBeCloseTo(0, 12);
    expect(rate.name).toBe("rate");
    expect(rate.units.map((u) => u.values[0])).toEqual([0, 0.5, 1, 0, 1, 0]);
    expect(rate.statistic(rate.units)).toBeCloseTo(2.5 / 6, 12);
    const input = diagnoseSharedReferences(ctx, result);
    expect("components" in input ? input.components.map((c) => c.name) : []).toEqual(["sharedness", "rate"]);
    // From a parsed report the units are rebuilt from the log.
    const parsed = JSON.parse(JSON.stringify(result)) as SharedReferencesResult;
    expect(parsed).toEqual(result);
    expect(sharedReferencesComponents(ctx, parsed)[1]?.units.map((u) => u.values)).toEqual(
      rate.units.map((u) => u.values),
    );
    expect(sharedReferencesComponents(ctx, parsed)[0]?.units.map((u) => u.referencing?.observed.length ?? 0)).toEqual([0, 1, 1, 0, 1, 0]);
  });

  it("converts the 24-hour lookback with the log's round length", () => {
    const result = computeSharedReferences(context(logFromEvents(stretched(fixture().events, 2))));
    if (!result.available) throw new Error(result.reason);
    // 2-hour rounds: 12 rounds look back; a4's "@a1" (a1 shown 23 rounds = 46 hours ago) becomes long-range.
    expect(result.lookbackRounds).toBe(12);
    expect(result.longRange.count).toBe(4);
  });

  it("reads 0 for a society that references nothing", () => {
    const f = new LogFixture().agent("a1").agent("a2").post(0, "a1", "p.0.a1.0", "x").exposure(1, "a2", ["p.0.a1.0"]);
    f.comment(1, "a2", "c.1.a2.0", "p.0.a1.0", null, "y").roundEnd(1);
    const ctx = context(logFromEvents(f.events));
    const result = computeSharedReferences(ctx);
    if (!result.available) throw new Error(result.reason);
    expect(result.primary).toBe(0);
    expect(result.rate).toBe(0);
    expect(result.sharedness.coincidence).toBeNull();
    expect(result.longRange.share).toBeNull();
    const [sharedness, rate] = sharedReferencesComponents(ctx, result);
    expect(sharedness?.units).toHaveLength(2);
    expect(sharedness?.statistic(sharedness.units)).toBe(0);
    expect(rate?.statistic(rate.units)).toBe(0);
  });
});
