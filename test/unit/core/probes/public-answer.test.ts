import { describe, expect, it } from "vitest";
import { experimentConfigSchema } from "../../../../core/contracts/experiment-config.js";
import { publicProbeDrawsAnswers, simPublicProbeAnswer } from "../../../../core/probes/public-answer.js";
import { namesInText, publicProbeAt } from "../../../../core/probes/public-probe.js";
import type { PublicProbe } from "../../../../core/probes/public-probe.js";

const memories = [{ sources: ["p.3.a042.0", "a042"] }, { sources: ["p.5.a100.1", "a100"] }];

function probes(rounds: number, publicAnswers?: { answeredShare: number; validShare: number }, seed = 3) {
  const config = experimentConfigSchema.parse({ agents: 1000, rounds, seed, probes: { publicEveryRounds: 24, publicAnswers } });
  const list: PublicProbe[] = [];
  for (let r = 0; r < rounds; r++) {
    const probe = publicProbeAt(config, r);
    if (probe) list.push(probe);
  }
  return { config, list };
}

describe("sim answers to public probes", () => {
  it("answer every probe from memory when the config leaves publicAnswers unset", () => {
    const { config, list } = probes(24 * 45);
    expect(list.every((p) => publicProbeDrawsAnswers(config, p))).toBe(true);
    const named = namesInText(simPublicProbeAnswer(config, "a001", 30, memories), config.agents);
    expect(new Set(named.names)).toEqual(new Set(["a042", "a100", "p.3.a042.0", "p.5.a100.1"]));
  });

  it("draw answers on the paper's 15 of 45 probe posts, whatever the seed", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { config, list } = probes(24 * 45, { answeredShare: 1 / 3, validShare: 1 / 15 }, seed);
      expect(list).toHaveLength(45);
      expect(list.filter((p) => publicProbeDrawsAnswers(config, p))).toHaveLength(15);
    }
  });

  it("a week's 7 probes draw 2 or 3 answered posts at a third", () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { config, list } = probes(168, { answeredShare: 1 / 3, validShare: 1 / 15 }, seed);
      const answered = list.filter((p) => publicProbeDrawsAnswers(config, p)).length;
      expect([2, 3]).toContain(answered);
    }
  });

  it("name real entities from memory in about validShare of answers, and invented posts otherwise", () => {
    const { config } = probes(168, { answeredShare: 1, validShare: 0.2 });
    let valid = 0;
    const total = 2000;
    for (let i = 0; i < total; i++) {
      const agent = `a${String(i % 1000).padStart(3, "0")}`;
      const text = simPublicProbeAnswer(config, agent, 30 + Math.floor(i / 1000), memories);
      const named = namesInText(text, config.agents);
      if (named.agents.includes("a042")) valid++;
      else {
        // Invented: three post ids no agent can have written (999 posts in one round), no agent named.
        expect(named.agents).toEqual([]);
        expect(named.posts).toHaveLength(3);
        expect(named.posts.every((p) => p.endsWith(".999") && Number(p.split(".")[1]) < 31)).toBe(true);
      }
    }
    // Binomial sd over 2,000 answers: 0.009; 4 sd either side of 0.2.
    expect(valid / total).toBeGreaterThan(0.164);
    expect(valid / total).toBeLessThan(0.236);
  });
});
