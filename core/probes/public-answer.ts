import type { ExperimentConfig } from "../contracts/experiment-config.js";
import { agentId } from "../ids.js";
import { RandomStream } from "../random/stream.js";
import { probeNamesPerKind } from "../tunables.js";
import { simProbeAnswer } from "./private-probe.js";
import type { PublicProbe } from "./public-probe.js";

/**
 * How sim agents answer public probe posts (docs/twin.md "Probe answers"), after Li, Li & Zhou's
 * instrument: of 45 probe posts asking Moltbook's agents who and what was influential, 15 drew
 * replies and 1 reply named something real. `config.probes.publicAnswers` sets both rates; unset,
 * every probe post can be answered and every answer comes from memory.
 */

/**
 * Whether a probe post draws any answer. Probes are assigned by a stratified rule rather than a coin
 * per probe: the k-th probe is answered when floor((k + 1) r + u) > floor(k r + u), u drawn once from
 * the seed, so n probes draw floor(n r) or ceil(n r) answered posts - a run of a week's 7 probes
 * then reads the configured rate as closely as 7 can, instead of anything from 0 to 7.
 */
export function publicProbeDrawsAnswers(config: ExperimentConfig, probe: PublicProbe): boolean {
  const settings = config.probes.publicAnswers;
  if (!settings) return true;
  const every = config.probes.publicEveryRounds;
  if (every <= 0) return false;
  const k = Math.floor((probe.round + 1) / every) - 1;
  const rate = settings.answeredShare;
  const u = new RandomStream(config.seed, "probe", 0, "public-answered").next();
  return Math.floor((k + 1) * rate + u) > Math.floor(k * rate + u);
}

/** Invented posts a hallucinated answer names: no agent writes this many posts in one round. */
const inventedPostIndex = 999;

/**
 * The text of a sim agent's answer to a public probe: from memory with the configured validity,
 * otherwise names that sound right but point at nothing - posts of real agents that never existed.
 * The invented names stay parseable (`namesInText`), so the analysis sees them as named and invalid.
 */
export function simPublicProbeAnswer(
  config: ExperimentConfig,
  agent: string,
  round: number,
  memories: readonly { readonly sources: readonly string[] }[],
): string {
  const settings = config.probes.publicAnswers;
  const remembered = simProbeAnswer(config.seed, agent, memories).text;
  if (!settings) return remembered;
  const random = new RandomStream(config.seed, agent, round, "probe-answer");
  if (random.chance(settings.validShare)) return remembered;
  const invented: string[] = [];
  for (let i = 0; i < probeNamesPerKind; i++) {
    const author = agentId(random.int(config.agents), config.agents);
    invented.push(`p.${random.int(Math.max(1, round))}.${author}.${inventedPostIndex}`);
  }
  return `I remember ${invented.join(", ")}.`;
}
