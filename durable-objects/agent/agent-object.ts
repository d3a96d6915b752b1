import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { experimentConfigSchema } from "../../core/config/experiment-config.js";
import type { ExperimentConfig } from "../../core/config/experiment-config.js";
import { memoryRowId } from "../../core/ids.js";
import { activationSchema, actionSchema, probeRequestSchema, probeResultSchema, turnResultSchema } from "../../core/round/round-types.js";
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
import { makePersona } from "../../core/sim/persona.js";
import type { SimPersona } from "../../core/sim/persona.js";
import { decideSimTurn } from "../../core/sim/sim-policy.js";
import type { NewMemory, SimAgentView, SimMemory, SimTurnOutput } from "../../core/sim/sim-policy.js";
import {
  familiarityPage,
  feedbackHorizonHours,
  imitationWordsKept,
  memoryPageRows,
  memoryRetrievalCandidates,
  memoryVectorDims,
  minMemoriesToReflect,
  reflectionMemories,
  ownPostsPage,
  turnResultsKept,
  votedTargetsPage,
} from "../../core/tunables.js";
import { migrate } from "../shared/migrations.js";
import { agentMigrations } from "./agent-schema.js";
import { reflect } from "../../core/sim/reflection.js";

const pendingSchema = z.strictObject({
  actions: z.array(actionSchema),
  engagedWords: z.array(z.string()),
  engagedAuthors: z.array(z.string()),
});
type Pending = z.infer<typeof pendingSchema>;

const memoryKindSchema = z.enum(["observation", "action", "feedback", "reflection"]);
const sourcesSchema = z.array(z.string());

export class StaleTurnError extends Error {
  override readonly name = "StaleTurnError";
}

/**
 * One agent: persona, bounded memory stream, counters and its own history, in its own SQLite.
 * `takeTurn` is the only way in: it decides from the activation it is given and returns actions;
 * it never writes shared content (DESIGN.md decision 3b). A turn is idempotent per round.
 */
export class AgentObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(ctx.storage, agentMigrations);
  }

  /**
   * `evictAfterTurn` (local runs only) drops this object from memory once the turn's writes are
   * durable, so one workerd process never holds more live SQLite objects than it can (STACK.md
   * measured ~3,300). Aborting before `sync()` would lose the turn; the result still reaches the
   * caller because the abort waits for it.
   */
  async takeTurn(activationInput: unknown, configInput: unknown, evictAfterTurn: boolean): Promise<TurnResult | TurnHalt> {
    const activation = activationSchema.parse(activationInput);
    const config = experimentConfigSchema.parse(configInput);
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

  private replayOrCheck(round: number): TurnResult | null {
    const replay = this.sql.exec<{ result: string }>("SELECT result FROM turns WHERE round = ?", round).toArray()[0];
    if (replay) return turnResultSchema.parse(JSON.parse(replay.result));
    const lastRoundDone = Number(this.meta("lastRoundDone") ?? -1);
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
    if (config.memory.enabled && every > 0 && activation.round - this.lastReflection() >= every && activation.llmGate !== "closed") {
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
    const replay = this.replayOrCheck(activation.round);
    if (replay) return replay;
    const withVectors = llm !== undefined;
    const memoryEvents: MemoryEvent[] = [];
    let result: TurnResult | undefined;
    // Everything below is synchronous: the whole turn commits as one transaction (DESIGN.md 5).
    this.ctx.storage.transactionSync(() => {
      const persona = this.persona(config, activation);
      const settled = this.settle(activation, config);
      this.applyFeedback(activation, config);
      const view = this.view(activation);
      const output = decide(persona, view);
      if (config.memory.enabled) {
        // llm agents reflect with their model (before the turn); a failed reflection is retried next turn.
        const reflections = llm ? llm.reflections : reflect(config, activation.round, this.lastReflection(), view.memories);
        const fresh = [...settled, ...output.newMemories, ...reflections];
        for (const memory of fresh) memoryEvents.push(this.remember(activation.agent, activation.round, memory, withVectors));
        if (fresh.some((m) => m.kind === "reflection")) this.setMeta("lastReflection", String(activation.round));
        this.forget(config.memory.capacity);
        for (const ref of output.references) memoryEvents.push({ type: "memoryRef", action: ref.action, refs: ref.memoryIds });
      }
      const pending: Pending = {
        actions: output.actions,
        engagedWords: output.engagedWords,
        engagedAuthors: output.engagedAuthors,
      };
      this.sql.exec("INSERT INTO pending (round, body) VALUES (?, ?)", activation.round, JSON.stringify(pending));
      for (const action of output.actions) {
        if (action.type === "vote") {
          this.sql.exec("INSERT OR REPLACE INTO voted (target, round) VALUES (?, ?)", action.target, activation.round);
        }
      }
      result = {
        round: activation.round,
        actions: output.actions,
        memory: memoryEvents,
        ...(llm ? { llmCalls: llm.calls } : {}),
        ...(llm?.error !== undefined ? { llmError: llm.error } : {}),
      };
      this.sql.exec("INSERT INTO turns (round, result) VALUES (?, ?)", activation.round, JSON.stringify(result));
      this.sql.exec("DELETE FROM turns WHERE round <= ?", activation.round - turnResultsKept);
      this.setMeta("lastRoundDone", String(activation.round));
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
    this.sql.exec("INSERT INTO probe_answers (probe, result) VALUES (?, ?)", request.id, JSON.stringify(result));
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
    return {
      lastRoundDone: Number(this.meta("lastRoundDone") ?? -1),
      memoryRows: this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM memory").one().n,
      ownPosts: this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM own_posts").one().n,
      bytes: this.sql.databaseSize,
    };
  }

  private persona(config: ExperimentConfig, activation: Activation): SimPersona {
    // The persona is a pure function of (seed, agent); it is stored so the object holds it too.
    const persona = makePersona(config, activation.agent, activation.agentIndex);
    if (this.meta("persona") === undefined) this.setMeta("persona", JSON.stringify(persona));
    return persona;
  }

  /** Applies the previous turn's outcome: accepted content becomes the agent's own history. */
  private settle(activation: Activation, config: ExperimentConfig): NewMemory[] {
    const settled: NewMemory[] = [];
    for (const row of this.sql.exec<{ round: number; body: string }>("SELECT round, body FROM pending").toArray()) {
      const previous = activation.previousTurn;
      if (previous && previous.round === row.round && previous.outcome === "committed") {
        const pending = pendingSchema.parse(JSON.parse(row.body));
        const accepted = new Set(previous.accepted);
        for (const action of pending.actions) {
          if ((action.type === "post" || action.type === "comment") && accepted.has(action.id)) {
            const text = action.type === "post" ? `${action.title} ${action.content}` : action.content;
            if (action.type === "post") {
              this.sql.exec("INSERT OR IGNORE INTO own_posts (id, round, text) VALUES (?, ?, ?)", action.id, row.round, text);
            }
            settled.push({ kind: "action", importance: action.type === "post" ? 5 : 3, sources: [action.id], text: text.slice(0, 200) });
          }
        }
        if (config.knobs.partnerImitation > 0) {
          for (const word of pending.engagedWords.slice(0, 24)) this.sql.exec("INSERT INTO imitation (word) VALUES (?)", word);
          this.sql.exec("DELETE FROM imitation WHERE n <= (SELECT MAX(n) FROM imitation) - ?", imitationWordsKept);
        }
        for (const author of pending.engagedAuthors) {
          this.sql.exec(
            "INSERT INTO familiarity (author, count) VALUES (?, 1) ON CONFLICT (author) DO UPDATE SET count = count + 1",
            author,
          );
        }
      }
      if (previous && previous.round === row.round && previous.outcome === "timedOut") {
        // The log wrote `turnTimeout` for that round, not its memory rows: drop them so no later
        // memoryRef can cite a row the log never saw.
        this.sql.exec("DELETE FROM memory WHERE round = ?", row.round);
      }
      this.sql.exec("DELETE FROM pending WHERE round = ?", row.round);
    }
    return settled;
  }

  /** Vote notifications update each own post's total score and its first-day score. */
  private applyFeedback(activation: Activation, config: ExperimentConfig): void {
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

  private view(activation: Activation): SimAgentView {
    const familiarity: Record<string, number> = {};
    for (const row of this.sql.exec<{ author: string; count: number }>(
      "SELECT author, count FROM familiarity ORDER BY count DESC, author LIMIT ?",
      familiarityPage,
    )) {
      familiarity[row.author] = row.count;
    }
    return {
      follows: activation.follows,
      subscriptions: activation.subscriptions,
      ownPosts: this.sql
        .exec<{ id: string; round: number; text: string; score: number; early_score: number }>(
          "SELECT id, round, text, score, early_score FROM own_posts ORDER BY round DESC, id DESC LIMIT ?",
          ownPostsPage,
        )
        .toArray()
        .map((r) => ({ id: r.id, round: r.round, text: r.text, score: r.score, earlyScore: r.early_score })),
      imitationWords: this.sql
        .exec<{ word: string }>("SELECT word FROM imitation ORDER BY n DESC LIMIT ?", imitationWordsKept)
        .toArray()
        .map((r) => r.word),
      votedTargets: this.sql
        .exec<{ target: string }>("SELECT target FROM voted ORDER BY round DESC, target LIMIT ?", votedTargetsPage)
        .toArray()
        .map((r) => r.target),
      familiarity,
      memories: this.sql
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

  private remember(agent: string, round: number, memory: NewMemory, withVector: boolean): MemoryEvent {
    const n = Number(this.meta("memoryRows") ?? 0);
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
    this.setMeta("memoryRows", String(n + 1));
    return { type: "memoryWrite", id, kind: memory.kind, importance: memory.importance, sources: [...memory.sources] };
  }

  /** Bounded memory: past capacity, the least important and then oldest rows are forgotten. */
  private forget(capacity: number): void {
    const count = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM memory").one().n;
    if (count <= capacity) return;
    this.sql.exec("DELETE FROM memory WHERE n IN (SELECT n FROM memory ORDER BY importance ASC, n ASC LIMIT ?)", count - capacity);
  }

  private lastReflection(): number {
    return Number(this.meta("lastReflection") ?? -1);
  }

  private meta(key: string): string | undefined {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value;
  }

  private setMeta(key: string, value: string): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
  }
}
