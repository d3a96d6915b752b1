import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { agentId, agentIndex } from "../ids.js";
import { makePersona } from "../sim/persona.js";

const simIdPattern = /^a\d+$/;

export const isSimAgentId = (id: string): boolean => simIdPattern.test(id);

/** The platform name of a simulated agent: its persona's name (which ends with its index). */
export function simAgentName(config: ExperimentConfig, id: string): string {
  return makePersona(config, id, agentIndex(id)).name;
}

/**
 * The simulated agent a name or id refers to, or null. Persona names end with the agent's index,
 * so no table of names is needed: parse the index, rebuild the persona, compare.
 */
export function simAgentByName(config: ExperimentConfig, name: string): string | null {
  if (simIdPattern.test(name)) {
    const index = agentIndex(name);
    if (index >= config.agents) return null;
    const id = agentId(index, config.agents);
    return id === name ? id : null;
  }
  const match = /(\d+)$/.exec(name);
  if (!match?.[1]) return null;
  const index = Number(match[1]);
  if (!Number.isSafeInteger(index) || index >= config.agents) return null;
  const id = agentId(index, config.agents);
  return simAgentName(config, id).toLowerCase() === name.toLowerCase() ? id : null;
}
