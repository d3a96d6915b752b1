import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { experimentConfigSchema } from "../../core/config/experiment-config.js";
import type { ExperimentConfig } from "../../core/config/experiment-config.js";
import { memoryRowId } from "../../core/ids.js";
import { actionSchema, probeRequestSchema, probeResultSchema, turnResultSchema } from "../../core/round/round-types.js";
import type {
  Activation,
  LlmCallRecordRow,
  MemoryEvent,
  ProbeRequest,
  ProbeResult,
  TurnHalt,
  TurnResult,
} from "../../core/round/round-types.js";
import { agentIndex as agentIndexOf } from "../../core/ids.js";
import { buildProbePrompt, askProbe } from "../../core/llm/probe-prompt.js";
import { reflectWithModel } from "../../core/llm/reflection-prompt.js";
import { simProbeAnswer } from "../../core/probes/private-probe.js";
import { agentPolicy } from "../../core/llm/agent-policy.js";
import type { LlmAssignment } from "../../core/llm/agent-policy.js";
import { decideLlmTurn } from "../../core/llm/decide-llm-turn.js";
import type { LlmTurnDecision } from "../../core/llm/decide-llm-turn.js";
import { LlmClient } from "../../core/llm/llm-client.js";
import { r2ResponseCache } from "../../core/llm/response-cache.js";
import { fatalErrorClasses } from "../../core/llm/llm-errors.js";
import { memoryVector, retrieveMemories, vectorFromBytes, vectorToBytes } from "../../core/llm/memory-retrieval.js";
import { buildTurnPrompt } from "../../core/llm/turn-prompt.js";
import { engagedAuthors, observedMemories } from "../../core/llm/turn-memories.js";
import { RandomStream } from "../../core/random/stream.js";
import { simulatedTime } from "../../core/time.js";
import { compareCodePoints } from "../../core/util/compare.js";
import { makePersona, rememberedPersona } from "../../core/sim/persona.js";
import type { SimPersona } from "../../core/sim/persona.js";
import { decideSimTurn } from "../../core/sim/sim-policy.js";
import type { NewMemory, SimAgentView, SimMemory, SimTurnOutput } from "../../core/sim/sim-policy.js";
import {
  familiarityPage,
  feedbackHorizonHours,
  imitationWordsKept,
  memoryPageRows,
  memoryRetrievalCandidates,
  memoryRowsScannedWithoutIndex,
  memoryVectorDims,
  minMemoriesToReflect,
  reflectionMemories,
  ownPostsPage,
  turnResultsKept,
  votedTargetsPage,
} from "../../core/tunables.js";
import { migrate } from "../shared/migrations.js";
import { agentLatestSchema, agentLazyTableNames, agentLazyTables, agentLegacyTableNames, agentMigrations } from "./agent-schema.js";
import type { AgentLazyTable, AgentLegacyTable } from "./agent-schema.js";
import { recordVotes, votedPageOf, votedPageSchema } from "./voted-page.js";
import type { VotedPage } from "./voted-page.js";
import { reflect } from "../../core/sim/reflection.js";

const pendingSchema = z.strictObject({
  actions: z.array(actionSchema),
  engagedWords: z.array(z.string()),
  engagedAuthors: z.array(z.string()),
});
type Pending = z.infer<typeof pendingSchema>;

/** [author, engagements] pairs: authors are data (an external agent names itself), never object keys. */
const familiaritySchema = z.array(z.tuple([z.string().min(1), z.number().int().min(1)]));
const memoryKindSchema = z.enum(["observation", "action", "feedback", "reflection"]);
const sourcesSchema = z.array(z.string());

export class StaleTurnError extends Error {
  override readonly name = "StaleTurnError";
}

/**
 * The config of a turn: `key` names it (experiment id and the sha256 of its JSON, computed by the
 * coordinator once per round), `config` is sent only when the agent asked for it. The agent keeps
 * parsed configs by key per isolate, so a config is sent and validated once per isolate rather than
 * once per turn.
 */
export interface TurnConfigRef {
  readonly key: string;
  readonly config?: unknown;
}

/** The answer to a turn whose config this isolate does not have: the caller sends it again with it. */
export interface ConfigMiss {
  readonly configMiss: true;
}

const turnConfigRefSchema = z.strictObject({ key: z.string().min(1).max(300), config: z.unknown().optional() });

/** Parsed configs by key, per isolate (every agent of an experiment shares one). */
const configs = new Map<string, ExperimentConfig>();
const configsKept = 16;

/** The key of each cached config (for `rememberedPersona`). */
const configKeys = new WeakMap<ExperimentConfig, string>();

function configOf(input: unknown): ExperimentConfig | null {
  const ref = turnConfigRefSchema.parse(input);
  const cached = configs.get(ref.key);
  if (cached) return cached;
  if (ref.config === undefined) return null;
  const config = experimentConfigSchema.parse(ref.config);
  if (configs.size >= configsKept) configs.clear();
  configs.set(ref.key, config);
  configKeys.set(config, ref.key);
  return config;
}

/**
 * What a turn checks of its activation. The activation is built by this Worker's coordinator (an
 * agent object has no other caller: only code holding the AGENT binding reaches it) from validated
 * inputs - the pool parsed by the ExperimentObject (`candidatePoolSchema`), notifications by the
 * shard answer's schema, the previous turn by `previousTurnSchema` - so re-parsing its feed and
 * notifications with zod on every turn (a large share of a sim turn's cost) checks nothing new.
 * The scalars that name the turn are still checked.
 */
function trustedActivation(input: unknown): Activation {
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

type AgentTableName = AgentLazyTable | AgentLegacyTable;
const agentTableNames: AgentTableName[] = [...agentLazyTableNames, ...agentLegacyTableNames];
const lazyTablesSchema = z.array(z.enum(agentTableNames as [AgentTableName, ...AgentTableName[]]));

/** What a turn reads of the agent's small state at once: every meta row, and which lazy tables exist. */
interface AgentState {
  readonly meta: Map<string, string>;
  /** Meta keys written by this turn: written at its end (`flushMeta`). */
  readonly dirty: Set<string>;
  readonly tables: Set<AgentTableName>;
  /** No turn has been committed yet: memory and the lazy tables are empty, meta holds `lazyTables` only. */
  readonly fresh: boolean;
}

/**
 * One agent: persona, bounded memory stream, counters and its own history, in its own SQLite.
 * `takeTurn` is the only way in: it decides from the activation it is given and returns actions;
 * it never writes shared content (DESIGN.md decision 3b). A turn is idempotent per round.
 */
export class AgentObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /**
   * This instance created the schema and nothing has been written since: the object holds no
   * turn, memory, post or meta row but `lazyTables`, so a first turn reads nothing.
   */
  private fresh: boolean;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.fresh = migrate(ctx.storage, agentMigrations, agentLatestSchema, "meta") === "created";
  }

  private loadState(): AgentState {
    if (this.fresh) return { meta: new Map([["lazyTables", "[]"]]), dirty: new Set(), tables: new Set(), fresh: true };
    const meta = new Map<string, string>();
    for (const row of this.sql.exec<{ key: string; value: string }>("SELECT key, value FROM meta")) meta.set(row.key, row.value);
    const lazy = meta.get("lazyTables");
    // An object older than lazy tables has every table.
    const tables = new Set<AgentTableName>(lazy === undefined ? agentTableNames : lazyTablesSchema.parse(JSON.parse(lazy)));
    return { meta, dirty: new Set(), tables, fresh: false };
  }

  private setMeta(state: AgentState, key: string, value: string): void {
    state.meta.set(key, value);
    state.dirty.add(key);
  }

  /** Rounds of the meta rows `<prefix><round>` (stored turn results, pending actions), ascending. */
  private metaRounds(state: AgentState, prefix: string): number[] {
    const rounds: number[] = [];
    for (const key of state.meta.keys()) if (key.startsWith(prefix)) rounds.push(Number(key.slice(prefix.length)));
    return rounds.sort((a, b) => a - b);
  }

  private deleteMeta(state: AgentState, key: string): void {
    state.meta.delete(key);
    state.dirty.delete(key);
    this.sql.exec("DELETE FROM meta WHERE key = ?", key);
  }

  /** Creates a lazy table on its first write (inside the caller's transaction). */
  private ensureTable(state: AgentState, table: AgentLazyTable): void {
    if (state.tables.has(table)) return;
    this.sql.exec(agentLazyTables[table]);
    state.tables.add(table);
    this.setMeta(state, "lazyTables", JSON.stringify([...state.tables].sort()));
  }

  /**
   * One statement text per kind of write, repeated per row: workerd caches a statement by its text,
   * and a new object compiles each text once, so repeating one single-row statement is cheaper than
   * compiling a multi-row one (measured).
   */
  private flushMeta(state: AgentState): void {
    for (const key of [...state.dirty].sort()) {
      const value = state.meta.get(key);
      if (value === undefined) continue;
      this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
    }
    state.dirty.clear();
  }

  /** Runs `write` as one transaction; once it commits the object is no longer fresh. */
  private write<T>(write: () => T): T {
    const out = this.ctx.storage.transactionSync(write);
    this.fresh = false;
    return out;
  }

  /**
   * `evictAfterTurn` (local runs only) drops this object from memory once the turn's writes are
   * durable, so one workerd process never holds more live SQLite objects than it can (STACK.md
   * measured ~3,300). Aborting before `sync()` would lose the turn; the result still reaches the
   * caller because the abort waits for it.
   */
  async takeTurn(activationInput: unknown, configInput: unknown, evictAfterTurn: boolean): Promise<TurnResult | TurnHalt | ConfigMiss> {
    const activation = trustedActivation(activationInput);
    const config = configOf(configInput);
    // Nothing was read or written: the caller sends the config and the object stays for that call.
    if (config === null) return { configMiss: true };
    const policy = agentPolicy(config, activation.agent);
    const result = policy.llm
      ? await this.joinLlmTurn(activation, config, policy.llm)
      : this.commitTurn(activation, config, (persona, view) =>
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
    if (evictAfterTurn === true) {
      this.ctx.waitUntil(this.ctx.storage.sync().then(() => this.ctx.abort("evicted after its turn (local live-object budget)")));
    }
    return result;
  }

  /** A second delivery of the same llm turn (a retried coordinator) waits for the first. */
  private readonly llmTurns = new Map<number, Promise<TurnResult | TurnHalt>>();

  private joinLlmTurn(activation: Activation, config: ExperimentConfig, llm: LlmAssignment): Promise<TurnResult | TurnHalt> {
    const running = this.llmTurns.get(activation.round);
    if (running) return running;
    const turn = this.llmTurn(activation, config, llm).finally(() => this.llmTurns.delete(activation.round));
    this.llmTurns.set(activation.round, turn);
    return turn;
  }

  private replayOrCheck(round: number, state: AgentState = this.loadState()): TurnResult | null {
    if (state.fresh) return null;
    const replay = state.meta.get(`turn:${round}`);
    if (replay !== undefined) return turnResultSchema.parse(JSON.parse(replay));
    const lastRoundDone = Number(state.meta.get("lastRoundDone") ?? -1);
    if (round <= lastRoundDone) throw new StaleTurnError(`round ${round} is behind this agent's round ${lastRoundDone}`);
    return null;
  }

  /**
   * An llm turn: read memory and build the prompt, await the model (the only awaited I/O), then
   * re-check the round and write everything in one synchronous transaction (DESIGN.md 5). A quota
   * or auth failure writes nothing and returns a halt, so the round can run again later.
   */
  private async llmTurn(activation: Activation, config: ExperimentConfig, llm: LlmAssignment): Promise<TurnResult | TurnHalt> {
    const replay = this.replayOrCheck(activation.round);
    if (replay) return replay;
    const persona = makePersona(config, activation.agent, activation.agentIndex);
    const query = memoryVector([...activation.feed.map((p) => p.title), ...activation.notifications.map((n) => n.text ?? "")].join(" "));
    const memories = retrieveMemories(this.memoryCandidates(), query, activation.round, config.llm?.memoriesPerPrompt ?? 0);
    const prompt = buildTurnPrompt({
      agent: activation.agent,
      persona,
      round: activation.round,
      timeIso: simulatedTime(config, activation.round),
      submolts: config.submolts.map((s) => s.name),
      subscriptions: activation.subscriptions,
      showScores: config.feed.showScores,
      memories: [...memories].sort((a, b) => a.round - b.round || compareCodePoints(a.id, b.id)),
      notifications: activation.notifications,
      feed: activation.feed,
    });
    let reflections: NewMemory[] = [];
    const reflectionCalls: LlmCallRecordRow[] = [];
    const every = config.memory.reflectionEveryRounds;
    if (
      config.memory.enabled &&
      every > 0 &&
      activation.round - this.lastReflection(this.loadState()) >= every &&
      activation.llmGate !== "closed"
    ) {
      const condensed = retrieveMemories(this.memoryCandidates(), new Float32Array(memoryVectorDims), activation.round, reflectionMemories);
      if (condensed.length >= minMemoriesToReflect) {
        const reflected = await reflectWithModel(
          this.llmClient(config, activation.agent, activation.round, "llm-reflect-retry", llm),
          persona,
          condensed,
          {
            temperature: llm.temperature,
            maxOutputTokens: llm.maxOutputTokens,
          },
        );
        reflections = reflected.rows;
        reflectionCalls.push(...reflected.calls);
      }
    }
    let decision: LlmTurnDecision;
    if (activation.llmGate === "closed") {
      decision = {
        kind: "idle",
        errorClass: "circuitOpen",
        message: `the circuit for provider ${llm.providerKey} is open after repeated failures`,
        calls: [{ model: llm.modelKey, promptTokens: 0, completionTokens: 0, ok: false, errorClass: "circuitOpen", latencyMs: 0 }],
      };
    } else {
      decision = await decideLlmTurn(this.llmClient(config, activation.agent, activation.round, "llm-retry", llm), prompt, {
        agent: activation.agent,
        round: activation.round,
        temperature: llm.temperature,
        maxOutputTokens: llm.maxOutputTokens,
      });
    }
    if (decision.kind === "idle" && fatalErrorClasses.has(decision.errorClass)) {
      return {
        round: activation.round,
        halt: { errorClass: decision.errorClass, message: decision.message },
        llmCalls: [...reflectionCalls, ...decision.calls],
      };
    }
    // The await is over: another delivery may have finished this round meanwhile.
    const finished = this.replayOrCheck(activation.round);
    if (finished) return finished;
    const newMemories = observedMemories(activation, decision.kind === "decided" ? decision.turn.note : "");
    return this.commitTurn(
      activation,
      config,
      () => ({
        actions: decision.kind === "decided" ? decision.turn.actions : [],
        newMemories,
        references: decision.kind === "decided" ? decision.turn.references : [],
        engagedWords: [],
        engagedAuthors: decision.kind === "decided" ? engagedAuthors(decision.turn.actions, activation) : [],
      }),
      {
        calls: [...reflectionCalls, ...decision.calls],
        error: decision.kind === "idle" ? `${decision.errorClass}: ${decision.message}` : undefined,
        reflections,
      },
    );
  }

  /** The most recent page of memory with vectors: retrieval scores these, never the whole stream. */
  private memoryCandidates(): (SimMemory & { vector: Float32Array | null })[] {
    return this.sql
      .exec<{ id: string; round: number; kind: string; importance: number; sources: string; text: string; vector: ArrayBuffer | null }>(
        "SELECT id, round, kind, importance, sources, text, vector FROM memory ORDER BY n DESC LIMIT ?",
        memoryRetrievalCandidates,
      )
      .toArray()
      .map((row) => ({ ...this.toMemory(row), vector: vectorFromBytes(row.vector) }));
  }

  private commitTurn(
    activation: Activation,
    config: ExperimentConfig,
    decide: (persona: SimPersona, view: SimAgentView) => SimTurnOutput,
    llm?: { calls: LlmCallRecordRow[]; error: string | undefined; reflections: NewMemory[] },
  ): TurnResult {
    const state = this.loadState();
    const replay = this.replayOrCheck(activation.round, state);
    if (replay) return replay;
    const withVectors = llm !== undefined;
    const memoryEvents: MemoryEvent[] = [];
    let result: TurnResult | undefined;
    // Everything below is synchronous: the whole turn commits as one transaction (DESIGN.md 5).
    this.write(() => {
      if (state.tables.has("voted") || state.tables.has("familiarity")) this.foldLegacyTables(state);
      const persona = this.persona(config, activation);
      const settled = this.settle(state, activation, config);
      this.applyFeedback(state, activation, config);
      const view = this.view(state, activation);
      const output = decide(persona, view);
      if (config.memory.enabled) {
        // llm agents reflect with their model (before the turn); a failed reflection is retried next turn.
        const reflections = llm ? llm.reflections : reflect(config, activation.round, this.lastReflection(state), view.memories);
        const fresh = [...settled, ...output.newMemories, ...reflections];
        memoryEvents.push(...this.remember(state, activation.agent, activation.round, fresh, withVectors));
        if (
          config.memory.capacity > memoryRowsScannedWithoutIndex &&
          Number(state.meta.get("memoryRows") ?? 0) > memoryRowsScannedWithoutIndex
        )
          this.ensureTable(state, "memory_by_retention");
        if (fresh.some((m) => m.kind === "reflection")) this.setMeta(state, "lastReflection", String(activation.round));
        this.forget(state, config.memory.capacity);
        for (const ref of output.references) memoryEvents.push({ type: "memoryRef", action: ref.action, refs: ref.memoryIds });
      }
      const pending: Pending = {
        actions: output.actions,
        engagedWords: output.engagedWords,
        engagedAuthors: output.engagedAuthors,
      };
      this.setMeta(state, `pending:${activation.round}`, JSON.stringify(pending));
      const votes = output.actions.flatMap((action) => (action.type === "vote" ? [action.target] : []));
      if (votes.length > 0) {
        this.setMeta(state, "voted", JSON.stringify(recordVotes(this.votedPage(state), votes, activation.round, votedTargetsPage)));
      }
      result = {
        round: activation.round,
        actions: output.actions,
        memory: memoryEvents,
        ...(llm ? { llmCalls: llm.calls } : {}),
        ...(llm?.error !== undefined ? { llmError: llm.error } : {}),
      };
      this.setMeta(state, `turn:${activation.round}`, JSON.stringify(result));
      for (const round of this.metaRounds(state, "turn:")) {
        if (round <= activation.round - turnResultsKept) this.deleteMeta(state, `turn:${round}`);
      }
      this.setMeta(state, "lastRoundDone", String(activation.round));
      this.flushMeta(state);
    });
    if (!result) throw new Error("turn produced no result");
    return result;
  }

  /**
   * A private probe (METRICS.md 10), answered from memory alone - no feed. Sim agents name what
   * their memory mentions most; llm agents are asked through the same client as their turns. The
   * answer is stored, so a re-run round logs the same answer without asking again.
   */
  async answerProbe(requestInput: unknown, configInput: unknown, evictAfter: boolean): Promise<ProbeResult> {
    const request = probeRequestSchema.parse(requestInput);
    const config = experimentConfigSchema.parse(configInput);
    const result = (await this.probeAnswerOnce(request, config)) satisfies ProbeResult;
    if (evictAfter === true) {
      this.ctx.waitUntil(this.ctx.storage.sync().then(() => this.ctx.abort("evicted after its probe (local live-object budget)")));
    }
    return result;
  }

  private storedProbeAnswer(probe: string): ProbeResult | null {
    if (!this.loadState().tables.has("probe_answers")) return null;
    const row = this.sql.exec<{ result: string }>("SELECT result FROM probe_answers WHERE probe = ?", probe).toArray()[0];
    return row ? probeResultSchema.parse(JSON.parse(row.result)) : null;
  }

  private async probeAnswerOnce(request: ProbeRequest, config: ExperimentConfig): Promise<ProbeResult> {
    const stored = this.storedProbeAnswer(request.id);
    if (stored) return stored;
    const policy = agentPolicy(config, request.agent);
    let result: ProbeResult;
    if (!policy.llm) {
      const answer = simProbeAnswer(config.seed, request.agent, this.memoryCandidates());
      result = { answer, llmCalls: [] };
    } else {
      const llm = policy.llm;
      const k = Math.min(2 * (config.llm?.memoriesPerPrompt ?? 0), memoryPageRows);
      const memories = retrieveMemories(this.memoryCandidates(), memoryVector(request.question), request.round, k);
      const prompt = buildProbePrompt(
        makePersona(config, request.agent, request.agentIndex),
        [...memories].sort((a, b) => a.round - b.round || compareCodePoints(a.id, b.id)),
        request.question,
      );
      const decision = await askProbe(this.llmClient(config, request.agent, request.round, "llm-probe-retry", llm), prompt, {
        temperature: llm.temperature,
        maxOutputTokens: llm.maxOutputTokens,
        isAgent: (id) => /^a\d+$/.test(id) && agentIndexOf(id) < config.agents,
      });
      result = { answer: decision.kind === "answered" ? decision.answer : null, llmCalls: decision.calls };
      const again = this.storedProbeAnswer(request.id);
      if (again) return again;
    }
    this.write(() => {
      const state = this.loadState();
      this.ensureTable(state, "probe_answers");
      this.sql.exec("INSERT INTO probe_answers (probe, result) VALUES (?, ?)", request.id, JSON.stringify(result));
      this.flushMeta(state);
    });
    return result;
  }

  private llmClient(config: ExperimentConfig, agent: string, round: number, purpose: string, llm: LlmAssignment): LlmClient {
    const apiKey = Reflect.get(this.env, llm.provider.apiKeySecret);
    return new LlmClient({
      modelKey: llm.modelKey,
      model: llm.model,
      provider: llm.provider,
      apiKey: typeof apiKey === "string" && apiKey !== "" ? apiKey : undefined,
      random: new RandomStream(config.seed, agent, round, purpose),
      cache: config.llm?.responseCache === true ? r2ResponseCache(this.env.EVENTS) : undefined,
    });
  }

  /** Memory rows, newest first, one page at a time (for inspection and tests). */
  memoryPage(beforeN: number | null, limit: number): SimMemory[] {
    const rows = this.sql
      .exec<{ id: string; round: number; kind: string; importance: number; sources: string; text: string }>(
        "SELECT id, round, kind, importance, sources, text FROM memory WHERE n < ? ORDER BY n DESC LIMIT ?",
        beforeN ?? Number.MAX_SAFE_INTEGER,
        Math.min(Math.max(1, limit), memoryPageRows),
      )
      .toArray();
    return rows.map((row) => this.toMemory(row));
  }

  counters(): { lastRoundDone: number; memoryRows: number; ownPosts: number; bytes: number } {
    const state = this.loadState();
    return {
      lastRoundDone: Number(state.meta.get("lastRoundDone") ?? -1),
      memoryRows: this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM memory").one().n,
      ownPosts: state.tables.has("own_posts") ? this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM own_posts").one().n : 0,
      bytes: this.sql.databaseSize,
    };
  }

  /** A pure function of (seed, agent), so it is not stored: the log's `agent` event records it. */
  private persona(config: ExperimentConfig, activation: Activation): SimPersona {
    const configKey = configKeys.get(config);
    return configKey === undefined
      ? makePersona(config, activation.agent, activation.agentIndex)
      : rememberedPersona(configKey, config, activation.agent, activation.agentIndex);
  }

  /** Applies the previous turn's outcome: accepted content becomes the agent's own history. */
  private settle(state: AgentState, activation: Activation, config: ExperimentConfig): NewMemory[] {
    const settled: NewMemory[] = [];
    if (state.fresh) return settled;
    for (const round of this.metaRounds(state, "pending:")) {
      const row = { round, body: state.meta.get(`pending:${round}`) ?? "" };
      const previous = activation.previousTurn;
      if (previous && previous.round === row.round && previous.outcome === "committed") {
        const pending = pendingSchema.parse(JSON.parse(row.body));
        const accepted = new Set(previous.accepted);
        for (const action of pending.actions) {
          if ((action.type === "post" || action.type === "comment") && accepted.has(action.id)) {
            const text = action.type === "post" ? `${action.title} ${action.content}` : action.content;
            if (action.type === "post") {
              this.ensureTable(state, "own_posts");
              this.sql.exec("INSERT OR IGNORE INTO own_posts (id, round, text) VALUES (?, ?, ?)", action.id, row.round, text);
            }
            settled.push({ kind: "action", importance: action.type === "post" ? 5 : 3, sources: [action.id], text: text.slice(0, 200) });
          }
        }
        if (config.knobs.partnerImitation > 0 && pending.engagedWords.length > 0) {
          this.ensureTable(state, "imitation");
          for (const word of pending.engagedWords.slice(0, 24)) this.sql.exec("INSERT INTO imitation (word) VALUES (?)", word);
          this.sql.exec("DELETE FROM imitation WHERE n <= (SELECT MAX(n) FROM imitation) - ?", imitationWordsKept);
        }
        if (pending.engagedAuthors.length > 0) {
          const familiarity = this.familiarity(state);
          for (const author of pending.engagedAuthors) familiarity.set(author, (familiarity.get(author) ?? 0) + 1);
          this.setFamiliarity(state, familiarity);
        }
      }
      if (previous && previous.round === row.round && previous.outcome === "timedOut") {
        // The log wrote `turnTimeout` for that round, not its memory rows: drop them so no later
        // memoryRef can cite a row the log never saw.
        this.sql.exec("DELETE FROM memory WHERE round = ?", row.round);
      }
      this.deleteMeta(state, `pending:${row.round}`);
    }
    return settled;
  }

  /** Vote notifications update each own post's total score and its first-day score. */
  private applyFeedback(state: AgentState, activation: Activation, config: ExperimentConfig): void {
    // Votes only ever concern the agent's own posts: none yet, nothing to update.
    if (!state.tables.has("own_posts")) return;
    const horizonRounds = Math.floor((feedbackHorizonHours * 60) / config.roundMinutes);
    for (const n of activation.notifications) {
      if (n.kind === "vote" && n.delta !== undefined) {
        this.sql.exec(
          "UPDATE own_posts SET score = score + ?, early_score = early_score + CASE WHEN ? - round <= ? THEN ? ELSE 0 END WHERE id = ?",
          n.delta,
          n.round,
          horizonRounds,
          n.delta,
          n.target,
        );
      }
    }
  }

  private votedPage(state: AgentState): VotedPage {
    const stored = state.meta.get("voted");
    return stored === undefined ? [] : votedPageSchema.parse(JSON.parse(stored));
  }

  /** Every author the agent engaged with, with how often (a meta row, agent-schema.ts). */
  private familiarity(state: AgentState): Map<string, number> {
    const stored = state.meta.get("familiarity");
    return new Map(stored === undefined ? [] : familiaritySchema.parse(JSON.parse(stored)));
  }

  private setFamiliarity(state: AgentState, familiarity: ReadonlyMap<string, number>): void {
    this.setMeta(state, "familiarity", JSON.stringify([...familiarity].sort((a, b) => compareCodePoints(a[0], b[0]))));
  }

  /** An agent made before the voted page and the familiarity row (agent-schema.ts) moves its tables into them. */
  private foldLegacyTables(state: AgentState): void {
    if (state.tables.has("voted")) {
      const rows = this.sql
        .exec<{ target: string; round: number }>("SELECT target, round FROM voted ORDER BY round DESC, target LIMIT ?", votedTargetsPage)
        .toArray();
      const page = votedPageOf(
        rows.map((r): [string, number] => [r.target, r.round]),
        votedTargetsPage,
      );
      this.setMeta(state, "voted", JSON.stringify(page));
      this.sql.exec("DROP TABLE voted");
      state.tables.delete("voted");
    }
    if (state.tables.has("familiarity")) {
      const familiarity = new Map<string, number>();
      for (const row of this.sql.exec<{ author: string; count: number }>("SELECT author, count FROM familiarity")) {
        familiarity.set(row.author, row.count);
      }
      this.setFamiliarity(state, familiarity);
      this.sql.exec("DROP TABLE familiarity");
      state.tables.delete("familiarity");
    }
    this.setMeta(state, "lazyTables", JSON.stringify([...state.tables].sort()));
  }

  /** Read after settling: a lazy table settle just created is in `state.tables` (and empty or not). */
  private view(state: AgentState, activation: Activation): SimAgentView {
    // The most familiar authors first (then in code-point order), as the table's query gave them.
    const byFamiliarity = [...this.familiarity(state)].sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]));
    const familiarity = new Map(byFamiliarity.slice(0, familiarityPage));
    return {
      follows: activation.follows,
      subscriptions: activation.subscriptions,
      ownPosts: !state.tables.has("own_posts")
        ? []
        : this.sql
            .exec<{ id: string; round: number; text: string; score: number; early_score: number }>(
              "SELECT id, round, text, score, early_score FROM own_posts ORDER BY round DESC, id DESC LIMIT ?",
              ownPostsPage,
            )
            .toArray()
            .map((r) => ({ id: r.id, round: r.round, text: r.text, score: r.score, earlyScore: r.early_score })),
      imitationWords: !state.tables.has("imitation")
        ? []
        : this.sql
            .exec<{ word: string }>("SELECT word FROM imitation ORDER BY n DESC LIMIT ?", imitationWordsKept)
            .toArray()
            .map((r) => r.word),
      votedTargets: this.votedPage(state).map(([target]) => target),
      familiarity,
      memories: state.fresh
        ? []
        : this.sql
            .exec<{ id: string; round: number; kind: string; importance: number; sources: string; text: string }>(
              "SELECT id, round, kind, importance, sources, text FROM memory ORDER BY importance DESC, n DESC LIMIT ?",
              memoryPageRows,
            )
            .toArray()
            .map((row) => this.toMemory(row)),
    };
  }

  private toMemory(row: { id: string; round: number; kind: string; importance: number; sources: string; text: string }): SimMemory {
    return {
      id: row.id,
      round: row.round,
      kind: memoryKindSchema.parse(row.kind),
      importance: row.importance,
      sources: sourcesSchema.parse(JSON.parse(row.sources)),
      text: row.text,
    };
  }

  /** Writes `memories` as rows numbered on from `memoryRows`, in order (the counter is written once). */
  private remember(state: AgentState, agent: string, round: number, memories: readonly NewMemory[], withVector: boolean): MemoryEvent[] {
    const first = Number(state.meta.get("memoryRows") ?? 0);
    const events = memories.map((memory, i): MemoryEvent => {
      const n = first + i;
      const id = memoryRowId(agent, n);
      this.sql.exec(
        "INSERT INTO memory (n, id, round, kind, importance, sources, text, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        n,
        id,
        round,
        memory.kind,
        memory.importance,
        JSON.stringify(memory.sources),
        memory.text,
        // Only llm agents retrieve by relevance; sim rows skip the vector's cost.
        withVector ? vectorToBytes(memoryVector(memory.text)) : null,
      );
      return { type: "memoryWrite", id, kind: memory.kind, importance: memory.importance, sources: [...memory.sources] };
    });
    if (memories.length > 0) this.setMeta(state, "memoryRows", String(first + memories.length));
    return events;
  }

  /** Bounded memory: past capacity, the least important and then oldest rows are forgotten. */
  private forget(state: AgentState, capacity: number): void {
    // Rows ever written bound the rows kept: below capacity there is nothing to count.
    if (Number(state.meta.get("memoryRows") ?? 0) <= capacity) return;
    const count = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM memory").one().n;
    if (count <= capacity) return;
    this.sql.exec("DELETE FROM memory WHERE n IN (SELECT n FROM memory ORDER BY importance ASC, n ASC LIMIT ?)", count - capacity);
  }

  private lastReflection(state: AgentState): number {
    return Number(state.meta.get("lastReflection") ?? -1);
  }
}
