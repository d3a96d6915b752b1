import { describe, expect, it } from "vitest";
import { logFromEvents } from "../../../../../analysis/log/read-log.js";
import { windowsOf } from "../../../../../analysis/log/windows.js";
import { attentionDecayExponent } from "../../../../../analysis/metrics/structure/attention-decay.js";
import { medianBurstiness } from "../../../../../analysis/metrics/structure/burstiness.js";
import { commenterTies } from "../../../../../analysis/metrics/structure/commenter-ties.js";
import { communityJaccard } from "../../../../../analysis/metrics/structure/community-turnover.js";
import { rewardEventStudy } from "../../../../../analysis/metrics/structure/reward-event-study.js";
import { upvoteCommentScaling } from "../../../../../analysis/metrics/structure/upvote-scaling.js";
import { handContext } from "../../hand-context.js";
import { LogFixture } from "../../fixtures.js";

describe("attentionDecayExponent", () => {
  it("fits the log-binned comment rate against age, bins weighted by their comments (numpy polyfit, w = sqrt(count): 1.15790)", () => {
    // One post at round 0 over 16 rounds: ages up to 8, bins [1], [2,3], [4,7], [8].
    // Comments per bin 8, 4 + 2, 4 x 1, 1 over 1, 2, 4, 1 post-rounds at risk -> rates 8, 3, 1, 1.
    const fixture = new LogFixture().agent("a").agent("b").post(0, "a", "p", "x");
    const ages = [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8];
    ages.forEach((age, i) => fixture.comment(age, "b", `c${i}`, "p", null, "y"));
    const log = logFromEvents(fixture.roundEnd(15).events);
    expect(attentionDecayExponent(log)).toBeCloseTo(1.1578972633165017, 10);
  });
  it("counts only the post-rounds a post was observable (censoring)", () => {
    // A second post born at round 12 is at risk only at ages <= 3; its one comment at age 1 doubles
    // the bin-1 exposure and adds one comment: rates 9/2, 6/3 (ages 2,3 at risk 2 each: 4), ...
    const fixture = new LogFixture().agent("a").agent("b").post(0, "a", "p", "x").post(12, "a", "q", "z");
    [1, 2, 2, 4, 8].forEach((age, i) => fixture.comment(age, "b", `c${i}`, "p", null, "y"));
    fixture.comment(13, "b", "cq", "q", null, "y");
    const log = logFromEvents(fixture.roundEnd(15).events);
    // Bins: [1] 2 comments / 2 at risk = 1; [2,3] 2 / 4 = 0.5; [4,7] 1 / 4; [8] 1 / 1; weights 2, 2, 1, 1
    // (numpy polyfit with w = sqrt(count): 0.278621).
    expect(attentionDecayExponent(log)).toBeCloseTo(0.27862128492933785, 10);
  });
});

describe("upvoteCommentScaling", () => {
  it("reads upvotes ~ comments^0.5 when upvotes are the square root of comments", () => {
    const fixture = new LogFixture();
    for (let v = 0; v < 5; v++) fixture.agent(`v${v}`);
    fixture.agent("author").agent("talker");
    const sizes = [1, 4, 9, 16, 25, 1, 4, 9, 16, 25];
    sizes.forEach((comments, p) => {
      fixture.post(0, "author", `p${p}`, "x");
      for (let c = 0; c < comments; c++) fixture.comment(1, "talker", `c${p}.${c}`, `p${p}`, null, "y");
      for (let u = 0; u < Math.sqrt(comments); u++) fixture.vote(1, `v${u}`, `p${p}`, "author", 1);
    });
    expect(upvoteCommentScaling(logFromEvents(fixture.events))).toBeCloseTo(0.5, 12);
  });
});

describe("medianBurstiness", () => {
  it("is -1 for a clock and rises with bursts, counting a round's actions once (numpy: median of -1 and 0.119009)", () => {
    const fixture = new LogFixture().agent("clock").agent("burst").agent("host").post(0, "host", "p", "x");
    [0, 1, 2, 3, 4].forEach((r, i) => fixture.comment(r, "clock", `k${i}`, "p", null, "y"));
    // Active rounds 0, 1, 2, 3, 15 (the repeats are one session each): gaps 1, 1, 1, 12.
    [0, 0, 1, 2, 3, 15, 15].forEach((r, i) => fixture.comment(r, "burst", `b${i}`, "p", null, "y"));
    expect(medianBurstiness(logFromEvents(fixture.roundEnd(15).events))).toBeCloseTo(-0.44049553078887504, 12);
  });
  it("leaves out an agent active in fewer than five rounds, however many its actions", () => {
    const fixture = new LogFixture().agent("busy").agent("host").post(0, "host", "p", "x");
    [0, 0, 0, 4, 4, 4, 9, 9].forEach((r, i) => fixture.comment(r, "busy", `b${i}`, "p", null, "y"));
    expect(medianBurstiness(logFromEvents(fixture.roundEnd(9).events))).toBeNull();
  });
});

describe("communityJaccard", () => {
  const cliqueA = ["a1", "a2", "a3", "a4", "a5", "a6"];
  const cliqueB = ["b1", "b2", "b3", "b4", "b5", "b6"];
  function twoDays(day2: readonly (readonly string[])[]): number | null {
    const fixture = new LogFixture();
    [...cliqueA, ...cliqueB].forEach((agent) => fixture.agent(agent).post(0, agent, `d1.${agent}`, "x").post(6, agent, `d2.${agent}`, "x"));
    let n = 0;
    const connect = (clique: readonly string[], round: number, day: string): void => {
      clique.forEach((x, i) => clique.slice(i + 1).forEach((y) => fixture.comment(round, x, `c${n++}`, `${day}.${y}`, null, "y")));
    };
    connect(cliqueA, 1, "d1");
    connect(cliqueB, 1, "d1");
    day2.forEach((clique) => connect(clique, 7, "d2"));
    // 48 rounds: windows of 6 rounds, the ties in the first two.
    const log = logFromEvents(fixture.roundEnd(47).events);
    return communityJaccard(windowsOf(log), commenterTies(log));
  }
  it("is 1 when the same groups meet again the next window", () => {
    expect(twoDays([cliqueA, cliqueB])).toBe(1);
  });
  it("is 1/3 when each group keeps half its members (3 shared of 9 in the union)", () => {
    const mixed1 = [...cliqueA.slice(0, 3), ...cliqueB.slice(0, 3)];
    const mixed2 = [...cliqueA.slice(3), ...cliqueB.slice(3)];
    expect(twoDays([mixed1, mixed2])).toBeCloseTo(1 / 3, 12);
  });
});

describe("rewardEventStudy", () => {
  it("compares an agent's next post after a rewarded post with its next post after an ordinary one", () => {
    const fixture = new LogFixture().agent("v1").agent("v2");
    const vectors: Record<string, number[]> = {};
    for (let a = 0; a < 10; a++) {
      const agent = `a${a}`;
      fixture.agent(agent);
      [0, 2, 4].forEach((round, k) => fixture.post(round, agent, `${agent}.p${k}`, "x"));
      // p0 holds two upvotes before p1 (round 1 < 2): a reward event. p1's two upvotes come at round
      // 5, after p2 (round 4): the author could not have seen them, so p1 is an ordinary event -
      // counted, every agent would have only reward events and the study would have no units.
      fixture.vote(1, "v1", `${agent}.p0`, agent, 1).vote(1, "v2", `${agent}.p0`, agent, 1);
      fixture.vote(5, "v1", `${agent}.p1`, agent, 1).vote(5, "v2", `${agent}.p1`, agent, 1);
      // a0-a4 repeat the rewarded post (cos 1) and not the ordinary one (cos 0): +1. a5-a9: 0 and 0.
      const repeat = a < 5;
      vectors[`${agent}.p0`] = [1, 0];
      vectors[`${agent}.p1`] = repeat ? [1, 0] : [0, 1];
      vectors[`${agent}.p2`] = repeat ? [0, 1] : [1, 0];
    }
    const log = logFromEvents(fixture.events);
    const study = rewardEventStudy(log, handContext(log, vectors).vectors, 1);
    expect(study?.agents).toBe(10);
    expect(study?.effect).toBeCloseTo(0.5, 12);
    // Agent effects are 1 or 0: every resample's mean lies in [0, 1].
    expect(study?.ci95[0]).toBeGreaterThanOrEqual(0);
    expect(study?.ci95[1]).toBeLessThanOrEqual(1);
    expect(study?.ci95[0]).toBeLessThan(0.5);
  });
  it("leaves out a next post in the same round, written before any feedback", () => {
    const fixture = new LogFixture().agent("v1").agent("v2");
    const vectors: Record<string, number[]> = {};
    for (let a = 0; a < 10; a++) {
      const agent = `a${a}`;
      fixture.agent(agent);
      [0, 2, 2, 5].forEach((round, k) => fixture.post(round, agent, `${agent}.p${k}`, "x"));
      fixture.vote(1, "v1", `${agent}.p0`, agent, 1).vote(1, "v2", `${agent}.p0`, agent, 1);
      // p0 -> p1: reward, cos 1. p1 -> p2 share round 2: no event (included, it would be an ordinary
      // event with cos 1). p2 -> p3: ordinary, cos 0. So the effect is 1 - 0, not 1 - (1 + 0) / 2.
      vectors[`${agent}.p0`] = [1, 0];
      vectors[`${agent}.p1`] = [1, 0];
      vectors[`${agent}.p2`] = [1, 0];
      vectors[`${agent}.p3`] = [0, 1];
    }
    const log = logFromEvents(fixture.events);
    expect(rewardEventStudy(log, handContext(log, vectors).vectors, 1)?.effect).toBeCloseTo(1, 12);
  });
  it("needs ten agents with both kinds of event", () => {
    const fixture = new LogFixture().agent("a").agent("v").post(0, "a", "p0", "x").post(1, "a", "p1", "y").vote(0, "v", "p0", "a", 1);
    expect(rewardEventStudy(logFromEvents(fixture.events), new Map(), 1)).toBeNull();
  });
});
