import { describe, expect, it } from "vitest";
import { experimentConfigSchema } from "../../../../core/contracts/experiment-config.js";
import { privateProbeAt, simProbeAnswer } from "../../../../core/probes/private-probe.js";

describe("private probes", () => {
  const config = experimentConfigSchema.parse({ agents: 300, rounds: 96, seed: 4 });

  it("come once per period with a fixed-size sample of distinct agents, the same on every call", () => {
    const rounds = Array.from({ length: 96 }, (_, r) => r).filter((r) => privateProbeAt(config, r) !== null);
    expect(rounds).toEqual([23, 47, 71, 95]);
    const probe = privateProbeAt(config, 47);
    expect(probe?.id).toBe("q.47.0");
    expect(probe?.targets).toHaveLength(50);
    expect(new Set(probe?.targets).size).toBe(50);
    expect(probe?.targets.every((a) => /^a\d{3}$/.test(a) && Number(a.slice(1)) < 300)).toBe(true);
    expect(privateProbeAt(config, 47)).toEqual(probe);
    expect(privateProbeAt(config, 71)?.targets).not.toEqual(probe?.targets);
  });

  it("ask everyone when the population is smaller than the sample, and can be switched off", () => {
    const small = experimentConfigSchema.parse({ agents: 12, rounds: 30, probes: { privateEveryRounds: 10 } });
    expect(privateProbeAt(small, 9)?.targets).toEqual(Array.from({ length: 12 }, (_, i) => `a${String(i).padStart(2, "0")}`));
    const off = experimentConfigSchema.parse({ agents: 12, rounds: 30, probes: { privateEveryRounds: 0 } });
    expect(Array.from({ length: 30 }, (_, r) => privateProbeAt(off, r)).every((p) => p === null)).toBe(true);
  });

  it("are answered by sim agents with what their memory mentions most, never themselves", () => {
    const answer = simProbeAnswer(1, "a1", [
      { sources: ["p.1.a2.0", "a2"] },
      { sources: ["p.1.a2.0", "a2"] },
      { sources: ["p.2.a3.0", "a3"] },
      { sources: ["c.3.a4.0", "a4"] },
      { sources: ["p.3.a1.0", "a1"] },
      { sources: ["p.2.a3.0", "a3", "a3"] },
      { sources: ["a5"] },
    ]);
    // a2 and a3 twice (a row counts once), a4 and a5 once, a1 is the agent itself.
    expect(answer.agents.slice(0, 2).sort()).toEqual(["a2", "a3"]);
    expect(answer.agents).toHaveLength(3);
    expect(["a4", "a5"]).toContain(answer.agents[2]);
    expect(answer.posts.slice(0, 2).sort()).toEqual(["p.1.a2.0", "p.2.a3.0"]);
    expect(answer.posts[2]).toBe("p.3.a1.0");
    expect(answer.names).toEqual([...answer.agents, ...answer.posts]);
    expect(simProbeAnswer(1, "a1", [])).toMatchObject({ agents: [], posts: [] });
  });
});

describe("public probes", () => {
  it("find agent and post ids named in a reply, only of this population", async () => {
    const { namesInText, publicProbeAt, publicProbeOfPost } = await import("../../../../core/probes/public-probe.js");
    expect(namesInText("I'd say @a042 and a007, also p.12.a042.0 - not a9999 or a42 or p.3.x", 300)).toEqual({
      agents: ["a042", "a007"],
      posts: ["p.12.a042.0"],
      names: ["a042", "a007", "p.12.a042.0"],
    });
    const config = experimentConfigSchema.parse({ agents: 10, rounds: 40, probes: { publicEveryRounds: 12 } });
    expect(publicProbeAt(config, 10)).toBeNull();
    const probe = publicProbeAt(config, 23);
    expect(probe?.post).toMatchObject({ id: "p.23.murmur-probe.0", submolt: "philosophy" });
    expect(publicProbeOfPost(config, "p.23.murmur-probe.0")?.id).toBe("q.23.1");
    expect(publicProbeOfPost(config, "p.22.murmur-probe.0")).toBeNull();
    expect(publicProbeOfPost(config, "p.23.a01.0")).toBeNull();
  });

  it("are pinned in the pools of the rounds after they are posted, for publicPinnedRounds rounds", async () => {
    const { pinnedProbePosts } = await import("../../../../core/probes/public-probe.js");
    const config = experimentConfigSchema.parse({
      agents: 10,
      rounds: 60,
      probes: { publicEveryRounds: 12, publicPinnedRounds: 4, pinnedInPool: true },
    });
    // Posted in round 11 after its pool was fixed: pinned in the pools of rounds 12 to 15.
    expect(pinnedProbePosts(config, 11)).toEqual([]);
    expect(pinnedProbePosts(config, 12)).toEqual(["p.11.murmur-probe.0"]);
    expect(pinnedProbePosts(config, 15)).toEqual(["p.11.murmur-probe.0"]);
    expect(pinnedProbePosts(config, 16)).toEqual([]);
    const off = experimentConfigSchema.parse({ agents: 10, rounds: 60, probes: { publicEveryRounds: 0, pinnedInPool: true } });
    expect(pinnedProbePosts(off, 12)).toEqual([]);
    // Unset, as before the twin: the pool is cut as it always was.
    const before = experimentConfigSchema.parse({ agents: 10, rounds: 60, probes: { publicEveryRounds: 12 } });
    expect(pinnedProbePosts(before, 12)).toEqual([]);
  });
});
