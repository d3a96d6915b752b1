import { describe, expect, it } from "vitest";
import { parseExperimentConfig } from "../../../../core/contracts/experiment-config.js";
import type { ExperimentConfigInput } from "../../../../core/contracts/experiment-config.js";
import { agentPolicy, usesLlm } from "../../../../core/llm/agent-policy.js";
import { agentId } from "../../../../core/ids.js";

const llm = {
  providers: { local: { baseUrl: "http://127.0.0.1:11434/v1" } },
  models: { small: { provider: "local", model: "llama3.2:3b" }, large: { provider: "local", model: "qwen2.5:32b", inputUsdPerMTok: 1 } },
};

function parse(input: ExperimentConfigInput) {
  const parsed = parseExperimentConfig(input);
  if (!parsed.ok) throw new Error(parsed.issues.join("; "));
  return parsed.config;
}

describe("persona groups", () => {
  const config = parse({
    agents: 4000,
    rounds: 2,
    groups: [
      { name: "crowd", share: 0.7, policy: "sim" },
      { name: "small", share: 0.2, policy: "llm", model: "small", temperature: 0.3 },
      { name: "large", share: 0.1, policy: "llm", model: "large", maxOutputTokens: 800 },
    ],
    llm,
  });

  it("split the population by share, stably, with each group's model and parameters", () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 4000; i++) {
      const policy = agentPolicy(config, agentId(i, 4000));
      counts[policy.group ?? "none"] = (counts[policy.group ?? "none"] ?? 0) + 1;
      if (policy.group === "crowd") expect(policy).toMatchObject({ policy: "sim", llm: null });
      if (policy.group === "small") expect(policy.llm).toMatchObject({ modelKey: "small", temperature: 0.3, providerKey: "local" });
      if (policy.group === "large") expect(policy.llm).toMatchObject({ modelKey: "large", maxOutputTokens: 800 });
    }
    // Binomial sd at n = 4000 is under 30 agents for every share; 4 sd of slack.
    expect(Math.abs((counts["crowd"] ?? 0) - 2800)).toBeLessThan(120);
    expect(Math.abs((counts["small"] ?? 0) - 800)).toBeLessThan(110);
    expect(Math.abs((counts["large"] ?? 0) - 400)).toBeLessThan(80);
    expect(agentPolicy(config, "a0123")).toEqual(agentPolicy(config, "a0123"));
    expect(usesLlm(config)).toBe(true);
  });

  it("depend on the seed, not on call order", () => {
    const other = parse({ ...config, seed: 2 });
    const differ = Array.from({ length: 200 }, (_, i) => agentId(i, 4000)).filter(
      (a) => agentPolicy(config, a).group !== agentPolicy(other, a).group,
    );
    expect(differ.length).toBeGreaterThan(20);
  });

  it("are validated: llm agents need models and providers that exist", () => {
    const bad = (input: ExperimentConfigInput): string[] => {
      const parsed = parseExperimentConfig(input);
      return parsed.ok ? [] : parsed.issues;
    };
    expect(bad({ agents: 10, rounds: 1, policy: "llm" })).toEqual(["llm: llm agents need llm.providers and llm.models"]);
    expect(bad({ agents: 10, rounds: 1, groups: [{ name: "g", share: 1, policy: "llm", model: "nope" }], llm })).toEqual([
      "groups.0.model: no model named nope in llm.models",
    ]);
    expect(bad({ agents: 10, rounds: 1, policy: "llm", llm: { ...llm, models: { m: { provider: "elsewhere", model: "x" } } } })).toEqual([
      "llm.models.m.provider: no provider named elsewhere",
    ]);
    expect(bad({ agents: 10, rounds: 1, policy: "llm", llm })).toEqual([
      "groups: with several models, persona groups say which agents use which",
    ]);
    expect(
      bad({ agents: 10, rounds: 1, policy: "llm", llm: { ...llm, providers: { local: { baseUrl: "file:///etc/passwd" } } } })[0],
    ).toMatch(/^llm\.providers\.local\.baseUrl/);
    expect(parseExperimentConfig({ agents: 10, rounds: 1 }).ok).toBe(true);
  });
});
