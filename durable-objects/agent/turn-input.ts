import { z } from "zod";
import { experimentConfigSchema } from "../../core/contracts/experiment-config.js";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { Activation } from "../../core/round/round-types.js";
import { makePersona, rememberedPersona } from "../../core/sim/persona.js";
import type { SimPersona } from "../../core/sim/persona.js";

/**
 * What a turn call brings: the activation (checked, not re-parsed: `trustedActivation`) and the
 * config by key (parsed once per isolate: `configOf`).
 */

/**
 * The config of a turn: `key` names it (experiment id and the sha256 of its JSON, computed by the
 * coordinator once per round), `config` is sent only when the agent asked for it. The agent keeps
 * parsed configs by key per isolate, so a config is sent and validated once per isolate rather than
 * once per turn.
 */
export const turnConfigRefSchema = z.strictObject({ key: z.string().min(1).max(300), config: z.unknown().optional() });
export type TurnConfigRef = z.input<typeof turnConfigRefSchema>;

/** The answer to a turn whose config this isolate does not have: the caller sends it again with it. */
export interface ConfigMiss {
  readonly configMiss: true;
}

/** Parsed configs by key, per isolate (every agent of an experiment shares one). */
const configs = new Map<string, ExperimentConfig>();
const configsKept = 16;

/** The key of each cached config (for `rememberedPersona`). */
const configKeys = new WeakMap<ExperimentConfig, string>();

/** The config `ref` names: from this isolate's cache, else parsed from `ref.config`, else null (a miss). */
export function configOf(ref: TurnConfigRef): ExperimentConfig | null {
  const parsed = turnConfigRefSchema.parse(ref);
  const cached = configs.get(parsed.key);
  if (cached) return cached;
  if (parsed.config === undefined) return null;
  const config = experimentConfigSchema.parse(parsed.config);
  if (configs.size >= configsKept) configs.clear();
  configs.set(parsed.key, config);
  configKeys.set(config, parsed.key);
  return config;
}

/** A pure function of (seed, agent), so it is not stored: the log's `agent` event records it. */
export function personaOf(config: ExperimentConfig, activation: Activation): SimPersona {
  const configKey = configKeys.get(config);
  return configKey === undefined
    ? makePersona(config, activation.agent, activation.agentIndex)
    : rememberedPersona(configKey, config, activation.agent, activation.agentIndex);
}

/**
 * What a turn checks of its activation. The activation is built by this Worker's coordinator (an
 * agent object has no other caller: only code holding the AGENT binding reaches it) from validated
 * inputs - the pool parsed by the ExperimentObject (`candidatePoolSchema`), notifications by the
 * shard answer's schema, the previous turn by `previousTurnSchema` - so re-parsing its feed and
 * notifications with zod on every turn (a large share of a sim turn's cost) checks nothing new.
 * The scalars that name the turn are still checked.
 */
export function trustedActivation(input: unknown): Activation {
  const isCount = (v: unknown): boolean => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  const isName = (v: unknown): boolean => typeof v === "string" && v !== "";
  if (
    typeof input !== "object" ||
    input === null ||
    !("experimentId" in input && isName(input.experimentId)) ||
    !("round" in input && isCount(input.round)) ||
    !("agent" in input && isName(input.agent)) ||
    !("agentIndex" in input && isCount(input.agentIndex)) ||
    !("feed" in input && Array.isArray(input.feed)) ||
    !("notifications" in input && Array.isArray(input.notifications))
  ) {
    throw new TypeError("takeTurn: not an activation");
  }
  return input as Activation;
}
