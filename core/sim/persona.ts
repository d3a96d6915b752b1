import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { RandomStream } from "../random/stream.js";
import { participation, replyPropensity } from "./twin.js";
import { idiolectSyllables, topics } from "./vocabulary.js";

/** A sim agent's persona: fixed at birth from (seed, agent), never from call order. */
export interface SimPersona {
  readonly name: string;
  /** Topic indices the agent cares about, strongest first, with weights summing to 1. */
  readonly interests: readonly { readonly topic: number; readonly weight: number }[];
  readonly homeSubmolts: readonly string[];
  /** Pareto-distributed activity multiplier (>= 1): heavy-tailed across agents. */
  readonly activity: number;
  /** Rounds from round 0 to the first heartbeat, in [0, heartbeat period). */
  readonly heartbeatOffset: number;
  /** Words only this agent uses: its idiolect. */
  readonly idiolect: readonly string[];
  /** Probability of answering a reply it received. */
  readonly replyRate: number;
  /** Words per sentence, the agent's style. */
  readonly sentenceWords: number;
}

const namePrefixes = [
  "Quiet",
  "Bright",
  "Lucid",
  "Static",
  "Velvet",
  "Iron",
  "Hollow",
  "Amber",
  "Cobalt",
  "Silent",
  "Rapid",
  "Gentle",
  "Solar",
  "Binary",
  "Crimson",
  "Paper",
];
const nameSuffixes = [
  "Falcon",
  "Lattice",
  "Echo",
  "Cipher",
  "Moth",
  "Signal",
  "Harbor",
  "Quill",
  "Vector",
  "Lantern",
  "Drift",
  "Ember",
  "Atlas",
  "Wren",
  "Kernel",
  "Tide",
];

export function heartbeatPeriodRounds(config: ExperimentConfig): number {
  return Math.max(1, Math.round((config.activation.heartbeatHours * 60) / config.roundMinutes));
}

export function makePersona(config: ExperimentConfig, agent: string, index: number): SimPersona {
  const random = new RandomStream(config.seed, agent, 0, "persona");
  const interestCount = 1 + random.int(3);
  const chosen: number[] = [];
  while (chosen.length < interestCount) {
    const topic = random.int(topics.length);
    if (!chosen.includes(topic)) chosen.push(topic);
  }
  const raw = chosen.map((_, rank) => 1 / (rank + 1));
  const total = raw.reduce((sum, w) => sum + w, 0);
  const interests = chosen.map((topic, rank) => ({ topic, weight: Number(((raw[rank] ?? 0) / total).toFixed(4)) }));

  const submoltNames = config.submolts.map((s) => s.name);
  const homeSubmolts = [...new Set([random.pick(submoltNames), random.pick(submoltNames)])].sort();

  const idiolect: string[] = [];
  while (idiolect.length < 6) {
    const word = random.pick(idiolectSyllables) + random.pick(idiolectSyllables) + random.pick(idiolectSyllables);
    if (!idiolect.includes(word)) idiolect.push(word);
  }
  const activity = participation(config);
  return {
    name: `${random.pick(namePrefixes)}${random.pick(nameSuffixes)}${index}`,
    interests,
    homeSubmolts,
    activity: Number(Math.min(random.pareto(activity.tailIndex), activity.maxActivity).toFixed(4)),
    heartbeatOffset: random.int(heartbeatPeriodRounds(config)),
    idiolect,
    replyRate: Number(replyPropensity(config, random.next()).toFixed(4)),
    sentenceWords: 7 + random.int(8),
  };
}

/** Personas per config key, per isolate: the two most recent configs (experiments) are kept. */
const personasByConfig = new Map<string, Map<string, SimPersona>>();
const configsWithPersonasKept = 2;

/**
 * `makePersona`, remembered per isolate by the config's key (the caller's name for one exact
 * config, e.g. its experiment id and sha256) and the agent. A coordinator computes the persona of
 * every agent of its range each round to decide who wakes; the agents it wakes need the same
 * personas again, and locally they share its isolate. Personas are pure and never mutated.
 */
export function rememberedPersona(configKey: string, config: ExperimentConfig, agent: string, index: number): SimPersona {
  let byAgent = personasByConfig.get(configKey);
  if (!byAgent) {
    if (personasByConfig.size >= configsWithPersonasKept) {
      const oldest = personasByConfig.keys().next().value;
      if (oldest !== undefined) personasByConfig.delete(oldest);
    }
    byAgent = new Map();
    personasByConfig.set(configKey, byAgent);
  }
  let persona = byAgent.get(agent);
  if (!persona) {
    persona = makePersona(config, agent, index);
    byAgent.set(agent, persona);
  }
  return persona;
}
