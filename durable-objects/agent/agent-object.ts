import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { experimentConfigSchema } from "../../core/contracts/experiment-config.js";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { agentPolicy } from "../../core/llm/agent-policy.js";
import type { LlmAssignment } from "../../core/llm/agent-policy.js";
import type { StoredMemory } from "../../core/memory/memory-row.js";
import { probeRequestSchema } from "../../core/round/round-types.js";
import type { Activation, ProbeResult, TurnHalt, TurnResult } from "../../core/round/round-types.js";
import { decideSimTurn } from "../../core/sim/sim-policy.js";
import { ownPostCount } from "./agent-history.js";
import { llmTurn } from "./agent-llm-turn.js";
import { memoryPage, memoryRowCount } from "./agent-memory-stream.js";
import { agentMeta } from "./agent-meta.js";
import { answerProbeOnce } from "./agent-probes.js";
import { AgentStore } from "./agent-store.js";
import { commitTurn } from "./agent-turn.js";
import { configOf, trustedActivation } from "./turn-input.js";
import type { ConfigMiss, TurnConfigRef } from "./turn-input.js";

const evictAfterSchema = z.boolean();
const memoryPageQuerySchema = z.strictObject({ beforeN: z.number().int().min(0).nullable(), limit: z.number().int() });
type MemoryPageQuery = z.infer<typeof memoryPageQuerySchema>;

/**
 * One agent: persona, bounded memory stream, counters and its own history, in its own SQLite.
 * `takeTurn` is the only way in: it decides from the activation it is given and returns actions;
 * it never writes shared content (docs/design.md decision 3b). A turn is idempotent per round.
 * This class is the RPC surface only; each concept lives in its own file beside it.
 */
export class AgentObject extends DurableObject<Env> {
  private readonly store: AgentStore;
  /** A second delivery of the same llm turn (a retried coordinator) waits for the first. */
  private readonly llmTurns = new Map<number, Promise<TurnResult | TurnHalt>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new AgentStore(ctx.storage);
  }

  /**
   * `evictAfterTurn` (local runs only) drops this object from memory once the turn's writes are
   * durable, so one workerd process never holds more live SQLite objects than it can
   * (docs/local-limits.md). Aborting before `sync()` would lose the turn; the result still reaches the caller
   * because the abort waits for it.
   */
  async takeTurn(
    activationInput: Activation,
    configRef: TurnConfigRef,
    evictAfterTurn: boolean,
  ): Promise<TurnResult | TurnHalt | ConfigMiss> {
    const activation = trustedActivation(activationInput);
    const config = configOf(configRef);
    const evict = evictAfterSchema.parse(evictAfterTurn);
    // Nothing was read or written: the caller sends the config and the object stays for that call.
    if (config === null) return { configMiss: true };
    const policy = agentPolicy(config, activation.agent);
    const result = policy.llm
      ? await this.joinLlmTurn(activation, config, policy.llm)
      : commitTurn(this.store, activation, config, (persona, view) =>
          decideSimTurn({
            config,
            agent: activation.agent,
            round: activation.round,
            persona,
            feed: activation.feed,
            notifications: activation.notifications,
            view,
          }),
        );
    if (evict) this.evictWhenDurable("evicted after its turn (local live-object budget)");
    return result;
  }

  /** A private probe (agent-probes.ts), answered from memory alone and stored. */
  async answerProbe(
    requestInput: z.input<typeof probeRequestSchema>,
    configInput: z.input<typeof experimentConfigSchema>,
    evictAfter: boolean,
  ): Promise<ProbeResult> {
    const request = probeRequestSchema.parse(requestInput);
    const config = experimentConfigSchema.parse(configInput);
    const evict = evictAfterSchema.parse(evictAfter);
    const result = await answerProbeOnce(this.store, this.env, request, config);
    if (evict) this.evictWhenDurable("evicted after its probe (local live-object budget)");
    return result;
  }

  /** Memory rows, newest first, one page at a time (for inspection and tests). */
  memoryPage(beforeN: MemoryPageQuery["beforeN"], limit: MemoryPageQuery["limit"]): StoredMemory[] {
    const query = memoryPageQuerySchema.parse({ beforeN, limit });
    return memoryPage(this.store, query.beforeN, query.limit);
  }

  counters(): { lastRoundDone: number; memoryRows: number; ownPosts: number; bytes: number } {
    const state = this.store.load();
    return {
      lastRoundDone: state.meta.get(agentMeta.lastRoundDone),
      memoryRows: memoryRowCount(this.store),
      ownPosts: ownPostCount(this.store, state),
      bytes: this.store.databaseSize,
    };
  }

  private joinLlmTurn(activation: Activation, config: ExperimentConfig, llm: LlmAssignment): Promise<TurnResult | TurnHalt> {
    const running = this.llmTurns.get(activation.round);
    if (running) return running;
    const turn = llmTurn({ store: this.store, env: this.env, activation, config, llm }).finally(() =>
      this.llmTurns.delete(activation.round),
    );
    this.llmTurns.set(activation.round, turn);
    return turn;
  }

  private evictWhenDurable(reason: string): void {
    this.ctx.waitUntil(this.ctx.storage.sync().then(() => this.ctx.abort(reason)));
  }
}
