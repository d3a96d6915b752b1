import { describe, expect, it } from "vitest";
import { canonicalLine } from "../../../../core/events/canonical.js";
import { eventSchema } from "../../../../core/events/event-schema.js";
import { PartWriter, mergeRound, sha256Hex } from "../../../../core/events/part.js";
import { parseExperimentConfig } from "../../../../core/contracts/experiment-config.js";
import { hotScore } from "../../../../core/platform/ranking.js";
import { applyAgentRules } from "../../../../core/round/commit-rules.js";

const t = "2026-01-28T00:00:00.000Z";

describe("event log", () => {
  it("writes keys in the fixed order v, type, round, seq, t, agent, then the type's fields", () => {
    const line = canonicalLine(
      { type: "vote", round: 3, t, agent: "a1", targetAuthor: "a2", value: 1, targetType: "post", target: "p.1.a2.0" },
      9,
    );
    expect(line).toBe(
      '{"v":1,"type":"vote","round":3,"seq":9,"t":"2026-01-28T00:00:00.000Z","agent":"a1","target":"p.1.a2.0","targetType":"post","value":1,"targetAuthor":"a2"}',
    );
    expect(eventSchema.safeParse(JSON.parse(line)).success).toBe(true);
  });

  it("sorts nested objects' keys so personas are canonical", () => {
    const line = canonicalLine(
      { type: "agent", round: 0, t, agent: "a1", name: "x", persona: { z: 1, a: { d: 2, b: 1 } }, policy: "sim" },
      0,
    );
    expect(line).toContain('"persona":{"a":{"b":1,"d":2},"z":1}');
  });

  it("merges parts by phase, frame, agent and agent sequence, numbering seq from 0", () => {
    const frame = new PartWriter();
    frame.add({ type: "feedSnapshot", round: 1, t, id: "s.1", items: [], feed: "hot" });
    const close = new PartWriter();
    close.add({ type: "roundEnd", round: 1, t, active: 2, actions: 2 });
    const c1 = new PartWriter();
    c1.add({ type: "exposure", round: 1, t, agent: "a2", kind: "feed", feed: "hot", snapshot: "s.1", ranks: [] });
    c1.add({ type: "post", round: 1, t, agent: "a2", id: "p.1.a2.0", submolt: "general", title: "x", content: "y" });
    const c0 = new PartWriter();
    c0.add({ type: "post", round: 1, t, agent: "a1", id: "p.1.a1.0", submolt: "general", title: "x", content: "y" });
    c0.add({ type: "exposure", round: 1, t, agent: "a1", kind: "feed", feed: "hot", snapshot: "s.1", ranks: [] });
    const lines = mergeRound([close.serialize(), c1.serialize(), frame.serialize(), c0.serialize()]);
    const parsed = lines.map((l) => eventSchema.parse(JSON.parse(l)));
    expect(parsed.map((e) => `${e.type}:${"agent" in e ? e.agent : ""}`)).toEqual([
      "feedSnapshot:",
      "exposure:a1",
      "exposure:a2",
      "post:a1",
      "post:a2",
      "roundEnd:",
    ]);
    expect(parsed.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("hashes parts with sha256", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("platform rules", () => {
  it("ranks hot by signed log score plus age", () => {
    expect(hotScore(10, 0)).toBeCloseTo(1, 6);
    expect(hotScore(-10, 0)).toBeCloseTo(-1, 6);
    expect(hotScore(1, 45_000)).toBeCloseTo(1, 6);
    expect(hotScore(100, 0)).toBeLessThan(hotScore(0, 100_000));
  });

  it("applies per-agent rate limits in the agent's own order", () => {
    const post = (k: number) => ({ type: "post" as const, id: `p.0.a1.${k}`, submolt: "general", title: "t", content: "c" });
    const elsewhere = { type: "post" as const, id: "p.0.a1.9", submolt: "nowhere", title: "t", content: "c" };
    const outcome = applyAgentRules(
      "a1",
      [post(0), elsewhere, post(1), post(2), { type: "follow", target: "a1", follow: true }],
      60,
      new Set(["general"]),
    );
    expect(outcome.accepted.map((a) => (a.type === "post" ? a.id : a.type))).toEqual(["p.0.a1.0", "p.0.a1.1"]);
    expect(outcome.rejected.map((r) => r.reason)).toEqual(["unknown submolt", "rate limit: posts", "cannot follow oneself"]);
  });

  it("rejects a bad config with readable reasons", () => {
    const result = parseExperimentConfig({ agents: 1, rounds: 0, knobs: { feedbackLearning: 2 }, extra: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.issues.join("\n");
    expect(text).toContain("agents");
    expect(text).toContain("rounds");
    expect(text).toContain("knobs.feedbackLearning");
    expect(text).toMatch(/extra/);
  });
});
