import { describe, expect, it } from "vitest";
import { experimentConfigSchema } from "../../../../core/contracts/experiment-config.js";
import { agentId } from "../../../../core/ids.js";
import { isActive } from "../../../../core/sim/activation.js";
import { makePersona } from "../../../../core/sim/persona.js";

describe("activation", () => {
  const config = experimentConfigSchema.parse({ agents: 400, rounds: 96, seed: 3 });
  const agents = Array.from({ length: config.agents }, (_, i) => {
    const id = agentId(i, config.agents);
    return { id, persona: makePersona(config, id, i) };
  });
  const activeRounds = agents.map(({ id, persona }) => {
    let n = 0;
    for (let round = 0; round < config.rounds; round++) if (isActive(config, id, persona, round)) n++;
    return n;
  });

  it("wakes agents around their heartbeat: about one round in four, never all at once", () => {
    const total = activeRounds.reduce((a, b) => a + b, 0);
    const perRound = total / config.rounds;
    expect(perRound).toBeGreaterThan(config.agents * 0.05);
    expect(perRound).toBeLessThan(config.agents * 0.5);
  });

  it("is heavy-tailed across agents: the busiest decile is far busier than the median", () => {
    const sorted = [...activeRounds].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const top = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
    expect(top).toBeGreaterThanOrEqual(2 * median);
    const activities = agents.map((a) => a.persona.activity).sort((a, b) => a - b);
    expect((activities.at(-1) ?? 0) / (activities[200] ?? 1)).toBeGreaterThan(5);
  });

  it("depends only on (seed, agent, round)", () => {
    const first = agents[5];
    if (!first) throw new Error("no agent");
    const again = makePersona(config, first.id, 5);
    expect(again).toEqual(first.persona);
    for (let round = 0; round < 48; round++) {
      expect(isActive(config, first.id, again, round)).toBe(isActive(config, first.id, first.persona, round));
    }
  });
});
