import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import type { AnalysisLog } from "../../../../../analysis/log/analysis-log.js";
import { windowsOf } from "../../../../../analysis/log/windows.js";
import { scan } from "../../../../../analysis/metrics/shared-references/reference-scan.js";
import { exposureCandidates, exposureDraws } from "../../../../../analysis/metrics/shared-references/exposure-matched-null.js";
import { computeSharedReferences, sharedReferencesComponents } from "../../../../../analysis/metrics/shared-references/shared-references.js";
import { RandomStream } from "../../../../../core/random/stream.js";
import type { AnalysisContext } from "../../../../../analysis/metrics/metric-types.js";
import { LogFixture } from "../../fixtures.js";

function context(log: AnalysisLog): AnalysisContext {
  return { log, windows: windowsOf(log), vectors: new Map(), dims: 0, seed: 9 };
}

/**
 * a4's exposures (1-hour rounds, so a reference at round 30 looks back over rounds 7-30 and the
 * null draws from rounds <= 6):
 * - round 1, a feed [p.0.a4.0 (its own), p.0.a1.0, c.1.a3.0, p.0.a2.0, p.0.a3.0, p.0.a5.0]: the
 *   first three posts are attended (its own, p.0.a1.0, p.0.a2.0); the comment and the later posts
 *   are not;
 * - round 2, a feed [p.0.a1.0]; round 3, a notification [c.1.a3.0] (a3's reply to its post);
 * - round 20, a feed [p.0.a2.0]: in the lookback, so p.0.a2.0 and a2 cannot be drawn.
 * At round 30 a4 cites p.0.a5.0 (shown at position 6 only: long-range, not first-hand) and names
 * @a3 in another comment; a6, never shown anything, cites p.0.a1.0 at round 30.
 */
function weightsFixture(): LogFixture {
  const f = new LogFixture();
  for (const a of ["a1", "a2", "a3", "a4", "a5", "a6"]) f.agent(a);
  for (const a of ["a1", "a2", "a3", "a4", "a5"]) f.post(0, a, `p.0.${a}.0`, "Opening");
  f.comment(1, "a3", "c.1.a3.0", "p.0.a4.0", null, "A reply");
  f.exposure(1, "a4", ["p.0.a4.0", "p.0.a1.0", "c.1.a3.0", "p.0.a2.0", "p.0.a3.0", "p.0.a5.0"]);
  f.exposure(2, "a4", ["p.0.a1.0"]).exposure(3, "a4", ["c.1.a3.0"], "notification").exposure(20, "a4", ["p.0.a2.0"]);
  f.post(30, "a4", "p.30.a4.0", "Still thinking about p.0.a5.0 by @a5.");
  f.comment(30, "a4", "c.30.a4.0", "p.0.a1.0", null, "@a3 was right");
  f.post(30, "a6", "p.30.a6.0", "Still thinking about p.0.a1.0 by @a1.");
  f.roundEnd(30);
  return f;
}

describe("the exposure-matched null's candidates", () => {
  it("weights what the author attended to before the lookback: top feed posts and notification items, own and recent left out (hand-computed)", () => {
    const log = logFromEvents(weightsFixture().events);
    const scanned = scan(log);
    const refs = scanned.references.filter((r) => r.longRange);
    expect(refs.map((r) => `${r.author} ${r.kind}:${r.target}`)).toEqual(["a4 item:p.0.a5.0", "a6 item:p.0.a1.0", "a4 agent:a3"]);
    const weightsOf = exposureCandidates(log, scanned);
    const [itemRef, unmatchedRef, agentRef] = refs;
    if (!itemRef || !unmatchedRef || !agentRef) throw new Error("three references");
    // p.0.a1.0 attended twice (rounds 1, 2), c.1.a3.0 once (the notification); p.0.a2.0 is in the
    // lookback, p.0.a4.0 is a4's own, p.0.a3.0 and p.0.a5.0 sat below the first three posts.
    expect(Object.fromEntries(weightsOf(itemRef))).toEqual({ "item:p.0.a1.0": 2, "item:c.1.a3.0": 1 });
    // Agents through their attended content: a1 twice, a3 once (its reply); a2 was shown in the lookback.
    expect(Object.fromEntries(weightsOf(agentRef))).toEqual({ "agent:a1": 2, "agent:a3": 1 });
    expect(weightsOf(unmatchedRef).size).toBe(0);
    const draws = exposureDraws(log, scanned, 1);
    expect(draws.unmatched).toBe(1);
    expect(draws.firstHand).toBe(1); // a3, named through its reply; p.0.a5.0 was never attended to
    expect(draws.agents.map((a) => a.agent)).toEqual(["a4"]);
    // The item reference draws p.0.a1.0 with chance 2/3: over 50 replicates, between 20 and 47 times.
    const a4 = draws.agents[0];
    if (!a4) throw new Error("a4");
    const p1 = draws.entities.of("item", "p.0.a1.0");
    let hits = 0;
    for (let r = 0; r < 50; r++) if (a4.drawn[r * 2] === p1) hits++;
    expect(hits).toBeGreaterThanOrEqual(20);
    expect(hits).toBeLessThanOrEqual(47);
  });
});

/**
 * a4 and a5 were shown p.0.a1.0 at round 1, a6 only p.0.a2.0; at round 30 a4, a5 and a6 all cite
 * p.0.a1.0 (a6 from what others cite: transmission), and a3, never shown anything, cites p.0.a2.0.
 */
function transmissionFixture(): LogFixture {
  const f = new LogFixture();
  for (const a of ["a1", "a2", "a3", "a4", "a5", "a6"]) f.agent(a);
  f.post(0, "a1", "p.0.a1.0", "Opening").post(0, "a2", "p.0.a2.0", "Opening");
  f.exposure(1, "a4", ["p.0.a1.0"]).exposure(1, "a5", ["p.0.a1.0"]).exposure(1, "a6", ["p.0.a2.0"]);
  for (const a of ["a4", "a5", "a6"]) f.post(30, a, `p.30.${a}.0`, "Still thinking about p.0.a1.0 by @a1.");
  f.post(30, "a3", "p.30.a3.0", "Still thinking about p.0.a2.0 by @a2.");
  f.comment(30, "a1", "c.30.a1.0", "p.0.a2.0", null, "Nice");
  f.roundEnd(30);
  return f;
}

describe("sharedness against the exposure-matched null", () => {
  it("credits references beyond the authors' own exposures and leaves out those with no candidate (hand-computed)", () => {
    const ctx = context(logFromEvents(transmissionFixture().events));
    const result = computeSharedReferences(ctx);
    if (!result.available) throw new Error(result.reason);
    expect(result.longRange.count).toBe(4);
    // a3 has no candidate: left out of both sides. a4, a5, a6 name p.0.a1.0: 3 x 3 - 3 = 6 ordered
    // pairs, all matching. The null draws p.0.a1.0 for a4 and a5 and p.0.a2.0 for a6 in every
    // replicate: 2 matches of 6. Excess 1 - 1/3.
    expect(result.sharedness.unmatched).toBe(1);
    expect(result.sharedness.firstHand).toBe(2);
    expect(result.sharedness.referencingAgents).toBe(3);
    expect(result.sharedness.coincidence).toBeCloseTo(1, 12);
    expect(result.sharedness.nullCoincidence).toBeCloseTo(1 / 3, 12);
    expect(result.sharedness.nullSd).toBeCloseTo(0, 12);
    expect(result.sharedness.excess).toBeCloseTo(2 / 3, 12);
    expect(result.primary).toBeCloseTo(2 / 3, 12);
    // The popularity null keeps a3 (impressions exist): p.0.a1.0 x 3, p.0.a2.0 x 1 by four agents,
    // 16 - 4 = 12 ordered pairs, 6 matching.
    expect(result.sharedness.popularity.coincidence).toBeCloseTo(0.5, 12);
    // Rate: a1 0/2, a2 0/1, a3 1/1, a4 1/1, a5 1/1, a6 1/1; a3 still counts here.
    expect(result.rate).toBeCloseTo(4 / 6, 12);
    const [sharedness] = sharedReferencesComponents(ctx, result);
    if (!sharedness) throw new Error("sharedness");
    expect(sharedness.units.map((u) => u.referencing?.observed.length ?? 0)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(sharedness.statistic(sharedness.units)).toBeCloseTo(2 / 3, 12);
    expect(sharedness.referenceError?.(new RandomStream(1, "t", 0, "t"))).toBeCloseTo(0, 12);
    // Without a6 (the transmitted reference) the null reproduces the rest: a4 and a5 alone.
    const firstHandOnly = sharedness.units.filter((u) => u.agent !== "a6");
    expect(sharedness.statistic(firstHandOnly)).toBeCloseTo(0, 12);
  });
});
