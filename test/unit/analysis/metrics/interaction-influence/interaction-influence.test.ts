import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import { windowsOf } from "../../../../../analysis/log/windows.js";
import {
  computeInteractionInfluence,
  diagnoseInteractionInfluence,
  interactionInfluenceComponents,
} from "../../../../../analysis/metrics/interaction-influence/interaction-influence.js";
import type { InteractionInfluenceResult } from "../../../../../core/contracts/report-metrics.js";
import type { AnalysisContext } from "../../../../../analysis/metrics/metric-types.js";
import type { Unavailable } from "../../../../../core/contracts/report-metrics.js";
import { LogFixture } from "../../fixtures.js";

/** A context whose vectors are chosen by hand (3 dims) so every cosine can be checked on paper. */
function handContext(fixture: LogFixture, vectors: Record<string, readonly number[]>, seed = 7): AnalysisContext {
  const log = logFromEvents(fixture.events);
  const map = new Map(Object.entries(vectors).map(([id, v]) => [id, Float64Array.from(v)]));
  return { log, windows: windowsOf(log), vectors: map, dims: 3, seed };
}

function available(result: InteractionInfluenceResult | Unavailable): InteractionInfluenceResult {
  if (!result.available) throw new Error(result.reason);
  return result;
}

const X = [1, 0, 0];
const Y = [0, 1, 0];
const Z = [0, 0, 1];
/** The direction a's posts take after the interaction. */
const F = [0.6, 0.8, 0];

/**
 * Agent a posts X at rounds 0, 1, 2 (so b = X) and F at rounds 4, 5, 6 (f = F); a post of round 3
 * (Y) is in neither: it shares the comment's round. In round 3 a comments on b's post `item` (Y)
 * and replies to b's comment `reply` (F).
 */
function scene(): { fixture: LogFixture; vectors: Record<string, readonly number[]> } {
  const fixture = new LogFixture().agent("a").agent("b").agent("c");
  const vectors: Record<string, readonly number[]> = {};
  const add = (round: number, agent: string, id: string, v: readonly number[]): void => {
    fixture.post(round, agent, id, "text");
    vectors[id] = v;
  };
  add(0, "a", "a0", X);
  add(1, "a", "a1", X);
  add(2, "a", "a2", X);
  add(3, "a", "a3", Y);
  add(4, "a", "a4", F);
  add(5, "a", "a5", F);
  add(6, "a", "a6", F);
  add(1, "b", "item", Y);
  add(1, "b", "engagedY", Y);
  add(1, "b", "closeZ", Z);
  add(1, "b", "tieZ", [0, 0, -1]);
  add(1, "b", "far", [0.6, 0, 0.8]);
  fixture.comment(2, "b", "reply", "item", null, "text");
  vectors.reply = F;
  // a voted on engagedY once, so it can never be a placebo.
  fixture.vote(2, "a", "engagedY", "b", 1);
  // What a was shown in round 3, in rank order (a's own post a2 too).
  fixture.exposure(3, "a", ["item", "engagedY", "a2", "closeZ", "tieZ", "far", "reply"]);
  fixture.comment(3, "a", "c1", "item", null, "text");
  vectors.c1 = Y;
  fixture.comment(3, "a", "c2", "item", "reply", "text");
  vectors.c2 = F;
  return { fixture, vectors };
}

describe("interactionInfluence", () => {
  it("says the log lacks exposures instead of reporting a zero", () => {
    const fixture = new LogFixture().agent("a").agent("b").post(0, "b", "p", "text").comment(1, "a", "c", "p", null, "text");
    expect(computeInteractionInfluence(handContext(fixture, { p: X, c: X }))).toEqual({ available: false, reason: "log lacks exposure" });
  });

  it("computes delta and the placebo (mean over every eligible shown item) by hand", () => {
    const { fixture, vectors } = scene();
    const result = available(computeInteractionInfluence(handContext(fixture, vectors)));
    expect(result.agents).toBe(1);
    const a = result.perAgent[0];
    const [top, nested] = a?.events ?? [];
    // c1 on the post `item` (Y): cos(b, Y) = cos(X, Y) = 0, cos(f, Y) = 0.8 -> delta = 0.8.
    expect(top?.item).toBe("item");
    expect(top?.delta).toBeCloseTo(0.8, 12);
    // Placebos: shown in round 3, never engaged by a, not a's own. `item` and `reply` are out (a
    // commented on them), engagedY (a voted on it) and a2 (a's own) too: closeZ, tieZ and far remain.
    // Their changes cos(F, .) - cos(X, .): Z 0 - 0 = 0, -Z 0 - 0 = 0, far 0.36 - 0.6 = -0.24.
    // Mean -0.08, so the value is 0.8 + 0.08 = 0.88.
    expect(top?.placebos).toBe(3);
    expect(top?.placeboDelta).toBeCloseTo(-0.08, 12);
    // c2 replies to the comment `reply` (F): delta = cos(F, F) - cos(X, F) = 1 - 0.6 = 0.4; the
    // same three placebos, value 0.4 + 0.08 = 0.48.
    expect(nested?.item).toBe("reply");
    expect(nested?.delta).toBeCloseTo(0.4, 12);
    expect(nested?.placebos).toBe(3);
    expect(nested?.placeboDelta).toBeCloseTo(-0.08, 12);
    expect(a?.values[0]).toBeCloseTo(0.88, 12);
    expect(a?.values[1]).toBeCloseTo(0.48, 12);
    // Primary: mean over agents of mean(delta - placebo) = (0.88 + 0.48) / 2.
    expect(result.primary).toBeCloseTo(0.68, 12);
    const input = diagnoseInteractionInfluence(handContext(fixture, vectors), result);
    expect("components" in input ? input.components.map((c) => c.name) : []).toEqual(["pull"]);
    const [pull] = interactionInfluenceComponents(result);
    expect(pull?.name).toBe("pull");
    expect(pull?.units.length).toBe(1);
    expect(pull?.statistic(pull.units)).toBeCloseTo(0.68, 12);
  });

  it("skips a reply to the agent's own content, and never takes one as a placebo", () => {
    const { fixture, vectors } = scene();
    // b answers a's post a0 in round 2; a is shown the answer in round 3 and replies to it.
    fixture.comment(2, "b", "onA", "a0", null, "text");
    vectors.onA = X;
    // A reply by c to a's comment c1, shown to a in round 3 too, never engaged: not a placebo either.
    fixture.comment(3, "c", "onC1", "item", "c1", "text");
    vectors.onC1 = Z;
    fixture.exposure(3, "a", ["onA", "onC1"]);
    fixture.comment(3, "a", "back", "a0", "onA", "text");
    vectors.back = X;
    const result = available(computeInteractionInfluence(handContext(fixture, vectors)));
    expect(result.skippedReplyToOwn).toBe(1);
    expect(result.events).toBe(2);
    // The placebos stay closeZ, tieZ and far, as in the scene.
    expect(result.perAgent[0]?.events.map((e) => e.placebos)).toEqual([3, 3]);
    expect(result.primary).toBeCloseTo(0.68, 12);
  });

  it("skips interactions without k posts on each side, on own content, or without a placebo", () => {
    const { fixture, vectors } = scene();
    // Round 1: only one post by a before it.
    fixture.comment(1, "a", "early", "item", null, "text");
    vectors.early = Y;
    // On a's own post.
    fixture.comment(3, "a", "self", "a0", null, "text");
    vectors.self = X;
    // c has k posts on each side but saw nothing in round 3.
    for (const round of [0, 1, 2, 4, 5, 6]) {
      fixture.post(round, "c", `c.${round}`, "text");
      vectors[`c.${round}`] = Z;
    }
    fixture.comment(3, "c", "blind", "item", null, "text");
    vectors.blind = Y;
    const result = available(computeInteractionInfluence(handContext(fixture, vectors)));
    expect(result.skippedFewPosts).toBe(1);
    // a's comment on its own post, and b's own comment under its own post in the scene.
    expect(result.skippedOther).toBe(2);
    expect(result.skippedNoPlacebo).toBe(1);
    expect(result.events).toBe(2);
    expect(result.perAgent.map((p) => p.agent)).toEqual(["a"]);
  });
});
