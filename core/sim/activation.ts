import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { RandomStream } from "../random/stream.js";
import { heartbeatPeriodRounds } from "./persona.js";
import type { SimPersona } from "./persona.js";
import { participation } from "./twin.js";

/**
 * Whether an agent is active in a round, computed from (seed, agent, cycle) alone - the
 * coordinator decides who to wake without loading any agent object. Each heartbeat cycle k starts
 * at offset + k x period + jitter; the agent wakes with a probability that grows with its activity
 * and then stays active for a burst of consecutive rounds (bursty, heavy-tailed activity).
 */
export function isActive(config: ExperimentConfig, agent: string, persona: SimPersona, round: number): boolean {
  const period = heartbeatPeriodRounds(config);
  const jitter = Math.max(0, Math.round((config.activation.jitterHours * 60) / config.roundMinutes));
  const maxBurst = Math.max(1, period);
  const { wakePerActivity } = participation(config);
  const latestCycle = Math.floor((round - persona.heartbeatOffset) / period);
  const cyclesBack = Math.ceil((jitter + maxBurst) / period) + 1;
  for (let k = latestCycle; k >= Math.max(0, latestCycle - cyclesBack); k--) {
    const random = new RandomStream(config.seed, agent, k, "heartbeat");
    const start = persona.heartbeatOffset + k * period + random.int(jitter + 1);
    const wakes = random.chance(Math.min(1, wakePerActivity * persona.activity));
    const burst = Math.min(maxBurst, random.geometric(config.activation.meanBurstRounds));
    if (wakes && round >= start && round < start + burst) return true;
  }
  return false;
}
