import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { experimentConfigSchema } from "../../core/config/experiment-config.js";
import type { ExperimentConfig } from "../../core/config/experiment-config.js";
import { PartWriter, roundManifestSchema, sha256Hex } from "../../core/events/part.js";
import type { PartManifestEntry, RoundManifest } from "../../core/events/part.js";
import { candidatePoolSchema, poolPostSchema } from "../../core/round/round-types.js";
import type { CandidatePool } from "../../core/round/round-types.js";
import { snapshotItems } from "../../core/round/snapshot.js";
import { simulatedTime } from "../../core/time.js";
import { poolCommentsPerPost, poolNewestPosts, poolTextChars, poolTopPerSubmolt } from "../../core/tunables.js";
import {
  addLlmTotals,
  emptyLlmTotals,
  llmRoundTotalsSchema,
  roundHaltSchema,
  roundPartSummarySchema,
} from "../coordinator/coordinator-types.js";
import type { LlmRoundTotals, RoundPartSummary } from "../coordinator/coordinator-types.js";
import { estimateRunCost } from "../../core/llm/cost.js";
import { privateProbeAt } from "../../core/probes/private-probe.js";
import { publicProbeAt, publicProbeAuthor } from "../../core/probes/public-probe.js";
import { bucketOf } from "../../core/random/hash.js";
import { appliedResultSchema } from "../shard/shard-types.js";
import { usesLlm } from "../../core/llm/agent-policy.js";
import { migrate } from "../shared/migrations.js";
import { coordinatorObjectName, roundManifestKey, roundPrefix, shardObjectName, telemetryKey } from "../shared/names.js";
import { mergeCandidates, poolRanking } from "./candidate-pool.js";
import { experimentMigrations } from "./experiment-schema.js";
import { ExternalAgents } from "./external-agents.js";
import type { PlatformAnswer } from "./external-types.js";
import { commitExternal } from "./external-commit.js";
import { cursorSchema, experimentStatusSchema, roundSummarySchema } from "./experiment-types.js";
import type { Cursor, ExperimentStatus, ExperimentStatusView, RoundSummary } from "./experiment-types.js";
import { stepFanOut } from "./live-object-budget.js";

/** Consecutive failed alarm steps before the experiment is marked failed (each is retried). */
const maxFailedSteps = 5;
const retryDelayMs = 1_000;
const openWriter = -1;
const closeWriter = -2;

export class ExperimentError extends Error {
  override readonly name = "ExperimentError";
  constructor(
    readonly code: "NOT_FOUND" | "CONFLICT",
    message: string,
  ) {
    super(message);
  }
}

/** RPC answers carry expected failures as data: errors thrown across RPC lose their class. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: "NOT_FOUND" | "CONFLICT"; error: string };

async function outcome<T>(run: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof ExperimentError) return { ok: false, code: error.code, error: error.message };
    throw error;
  }
}

const coordinatorAnswerSchema = z.union([roundPartSummarySchema, roundHaltSchema]);

const frameSummarySchema = z.strictObject({ part: roundManifestSchema.shape.parts.element });

/**
 * The scheduler of one experiment: its validated config, its lifecycle, and the bulk-synchronous
 * round loop. Each alarm runs one bounded step (build the pool, drive a batch of coordinators, or
 * close the round), persists the cursor, and re-arms - so a step that runs twice, or an object that
 * is evicted between steps, loses and duplicates nothing (DESIGN.md decision 5).
 */
export class ExperimentObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** A step in flight: a second alarm delivery while one runs joins it instead of racing it. */
  private stepping: Promise<void> | null = null;

  /** External agents of the platform API (external-agents.ts): registrations, keys' hashes, queue. */
  private readonly external: ExternalAgents;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(ctx.storage, experimentMigrations);
    this.external = new ExternalAgents(ctx.storage);
  }

  /** The platform API's per-experiment state (PLATFORM-API.md); see external-agents.ts. */
  platform(input: unknown): PlatformAnswer {
    const exists = this.meta("id") !== undefined;
    return this.external.handle(
      input,
      exists ? { status: this.meta("status") ?? "created", cursor: this.cursor(), config: this.config() } : null,
    );
  }

  create(id: string, configInput: unknown, createdAt: string): Promise<Outcome<ExperimentStatusView>> {
    return outcome(() => this.createNow(id, configInput, createdAt));
  }

  private createNow(id: string, configInput: unknown, createdAt: string): ExperimentStatusView {
    if (this.meta("id") !== undefined) throw new ExperimentError("CONFLICT", `experiment ${id} already exists`);
    const config = experimentConfigSchema.parse(configInput);
    this.ctx.storage.transactionSync(() => {
      this.setMeta("id", id);
      this.setMeta("config", JSON.stringify(config));
      this.setMeta("status", "created");
      this.setMeta("createdAt", createdAt);
      this.setCursor({ round: 0, phase: "pool" });
    });
    return this.statusNow();
  }

  start(): Promise<Outcome<ExperimentStatusView>> {
    return outcome(() => this.startNow());
  }

  private async startNow(): Promise<ExperimentStatusView> {
    this.requireStatus(["created"], "start");
    this.setMeta("status", "running");
    this.setMeta("startedAt", new Date().toISOString());
    await this.ctx.storage.setAlarm(Date.now());
    return this.statusNow();
  }

  pause(): Promise<Outcome<ExperimentStatusView>> {
    return outcome(() => this.pauseNow());
  }

  private async pauseNow(): Promise<ExperimentStatusView> {
    this.requireStatus(["running"], "pause");
    this.setMeta("status", "paused");
    await this.ctx.storage.deleteAlarm();
    // A step already in flight finishes (it is one bounded unit); the answer shows where it ended.
    if (this.stepping) await this.stepping;
    return this.statusNow();
  }

  resume(): Promise<Outcome<ExperimentStatusView>> {
    return outcome(() => this.resumeNow());
  }

  private async resumeNow(): Promise<ExperimentStatusView> {
    // A running experiment whose process was killed may have lost its pending alarm: resuming it
    // re-arms the loop, and a step already in flight is joined (DESIGN.md decision 5).
    if (this.meta("status") === "running") {
      if ((await this.ctx.storage.getAlarm()) === null && this.stepping === null) await this.ctx.storage.setAlarm(Date.now());
      return this.statusNow();
    }
    this.requireStatus(["paused", "failed"], "resume");
    this.ctx.storage.transactionSync(() => {
      this.setMeta("status", "running");
      this.setMeta("failedSteps", "0");
      this.deleteMeta("reason");
    });
    await this.ctx.storage.setAlarm(Date.now());
    return this.statusNow();
  }

  stop(): Promise<Outcome<ExperimentStatusView>> {
    return outcome(() => this.stopNow());
  }

  private async stopNow(): Promise<ExperimentStatusView> {
    this.requireStatus(["created", "running", "paused", "failed"], "stop");
    this.ctx.storage.transactionSync(() => {
      this.setMeta("status", "stopped");
      this.setMeta("finishedAt", new Date().toISOString());
    });
    await this.ctx.storage.deleteAlarm();
    return this.statusNow();
  }

  status(): Promise<Outcome<ExperimentStatusView>> {
    return outcome(() => this.statusNow());
  }

  private statusNow(): ExperimentStatusView {
    const id = this.meta("id");
    if (id === undefined) throw new ExperimentError("NOT_FOUND", "no such experiment");
    const config = this.config();
    const cursor = this.cursor();
    // Status is polled several times a second: SQLite sums the rounds, JS parses only the last.
    const sums = this.sql
      .exec<{ n: number; active: number; actions: number; rejected: number; timeouts: number; events: number; wallMs: number }>(
        `SELECT COUNT(*) AS n, TOTAL(json_extract(summary, '$.active')) AS active, TOTAL(json_extract(summary, '$.actions')) AS actions,
           TOTAL(json_extract(summary, '$.rejected')) AS rejected, TOTAL(json_extract(summary, '$.timeouts')) AS timeouts,
           TOTAL(json_extract(summary, '$.events')) AS events, TOTAL(json_extract(summary, '$.wallMs')) AS wallMs FROM rounds`,
      )
      .one();
    const last = this.sql.exec<{ summary: string }>("SELECT summary FROM rounds ORDER BY round DESC LIMIT 1").toArray()[0];
    const totals = {
      active: sums.active,
      actions: sums.actions,
      rejected: sums.rejected,
      timeouts: sums.timeouts,
      events: sums.events,
      wallMs: sums.wallMs,
    };
    return {
      id,
      name: config.name,
      status: experimentStatusSchema.parse(this.meta("status")),
      reason: this.meta("reason") ?? null,
      agents: config.agents,
      rounds: config.rounds,
      round: cursor.round,
      phase: cursor.phase,
      roundsDone: sums.n,
      lastRound: last ? roundSummarySchema.parse(JSON.parse(last.summary)) : null,
      totals,
      ...(usesLlm(config)
        ? { llm: { ...this.llmTotals(), budgetUsd: config.llm?.budgetUsd ?? null, estimate: this.estimate(config) } }
        : {}),
      createdAt: this.meta("createdAt") ?? "",
      startedAt: this.meta("startedAt") ?? null,
      finishedAt: this.meta("finishedAt") ?? null,
    };
  }

  /** Spend and tokens so far, summed at each round's close (live per round). */
  private llmTotals(): LlmRoundTotals {
    const stored = this.meta("llmTotals");
    return stored === undefined ? emptyLlmTotals() : llmRoundTotalsSchema.parse(JSON.parse(stored));
  }

  /** The pre-run estimate, computed once from the config (it is pure). */
  private estimate(config: ExperimentConfig): ReturnType<typeof estimateRunCost> {
    this.cachedEstimate ??= estimateRunCost(config);
    return this.cachedEstimate;
  }

  private cachedEstimate: ReturnType<typeof estimateRunCost> | null = null;

  getConfig(): ExperimentConfig {
    return this.config();
  }

  /** Per-round summaries of finished rounds (for summary.json and the pages). */
  roundSummaries(): RoundSummary[] {
    return this.sql
      .exec<{ summary: string }>("SELECT summary FROM rounds ORDER BY round")
      .toArray()
      .map((r) => roundSummarySchema.parse(JSON.parse(r.summary)));
  }

  override async alarm(): Promise<void> {
    if (this.stepping) return this.stepping;
    this.stepping = this.runStep().finally(() => {
      this.stepping = null;
    });
    return this.stepping;
  }

  private async runStep(): Promise<void> {
    if (this.meta("status") !== "running") return;
    const started = Date.now();
    try {
      await this.step();
      this.setMeta("failedSteps", "0");
    } catch (error) {
      const failed = Number(this.meta("failedSteps") ?? 0) + 1;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.setMeta("failedSteps", String(failed));
      this.setMeta("lastError", reason);
      if (failed >= maxFailedSteps) {
        this.ctx.storage.transactionSync(() => {
          this.setMeta("status", "failed");
          this.setMeta("reason", `round ${this.cursor().round} failed ${failed} times: ${reason}`);
        });
        return;
      }
      if (this.meta("status") === "running") await this.ctx.storage.setAlarm(started + retryDelayMs * failed);
      return;
    }
    if (this.meta("status") === "running") await this.ctx.storage.setAlarm(Date.now());
  }

  /** One bounded step of the round loop, chosen by the persisted cursor. */
  private async step(): Promise<void> {
    const config = this.config();
    const id = this.meta("id") ?? "";
    const cursor = this.cursor();
    if (cursor.phase === "pool") await this.openRound(id, config, cursor.round);
    else if (cursor.phase === "turns") await this.driveCoordinators(id, config, cursor.round);
    else await this.closeRound(id, config, cursor.round);
  }

  private async openRound(id: string, config: ExperimentConfig, round: number): Promise<void> {
    if (this.overBudget(config, round)) return;
    if (this.meta(`roundStartedAt:${round}`) === undefined) this.setMeta(`roundStartedAt:${round}`, String(Date.now()));
    const t = simulatedTime(config, round);
    const part = new PartWriter();
    const pool = await this.buildPool(id, config, round);
    // A public probe is posted after this round's pool is fixed: agents see it from the next round,
    // so nothing in the log refers to it before the line that creates it.
    const publicProbe = publicProbeAt(config, round);
    if (publicProbe) {
      const { post } = publicProbe;
      const stub = this.env.SHARD.get(this.env.SHARD.idFromName(shardObjectName(id, bucketOf(post.id, config.scale.shards))));
      const [applied] = z
        .array(appliedResultSchema)
        .parse(
          await stub.applyBatch({ round, simSeconds: Date.parse(t) / 1000, items: [{ agent: publicProbeAuthor, seq: 0, action: post }] }),
        );
      if (applied?.status !== "accepted")
        throw new Error(`public probe post ${post.id} was rejected: ${applied?.status === "rejected" ? applied.reason : "no answer"}`);
      part.add({
        type: "post",
        round,
        t,
        agent: publicProbeAuthor,
        id: post.id,
        submolt: post.submolt,
        title: post.title,
        content: post.content,
      });
      part.add({ type: "probe", round, t, id: publicProbe.id, mode: "public", question: publicProbe.question, targets: [] });
    }
    if (round === 0) {
      for (const submolt of config.submolts) {
        part.add({ type: "submolt", round, t, name: submolt.name, ...(submolt.description ? { description: submolt.description } : {}) });
      }
    }
    // External agents' registrations and queued actions, committed after the pool is fixed.
    const external = await commitExternal(this.external, this.env, id, config, round, t, part);
    part.add({ type: "feedSnapshot", round, t, id: pool.snapshotId, items: snapshotItems(pool), feed: poolRanking(config) });
    const probe = privateProbeAt(config, round);
    if (probe) part.add({ type: "probe", round, t, id: probe.id, mode: "private", question: probe.question, targets: [...probe.targets] });
    const entry = await this.writePart(`${roundPrefix(id, round)}a-open.ndjson`, part);
    this.ctx.storage.transactionSync(() => {
      this.sql.exec("INSERT OR REPLACE INTO pool (round, body) VALUES (?, ?)", round, JSON.stringify(pool));
      this.sql.exec("DELETE FROM pool WHERE round < ?", round);
      this.sql.exec(
        "INSERT OR REPLACE INTO done (round, writer, summary) VALUES (?, ?, ?)",
        round,
        openWriter,
        JSON.stringify({ part: entry }),
      );
      external.settle();
      this.setCursor({ round, phase: "turns" });
    });
  }

  /**
   * The hard budget cap: before a round starts, pause if what is spent plus what the round is
   * expected to cost (the mean of the rounds so far, else the pre-run estimate per round) would
   * cross the cap - so the cap is never crossed by more than one round's deviation from its mean.
   */
  private overBudget(config: ExperimentConfig, round: number): boolean {
    const budget = config.llm?.budgetUsd;
    if (budget === undefined || !usesLlm(config)) return false;
    const spent = this.llmTotals().spendUsd;
    const expected = round > 0 ? spent / round : this.estimate(config).usd / config.rounds;
    if (spent + expected <= budget) return false;
    this.ctx.storage.transactionSync(() => {
      this.setMeta("status", "paused");
      this.setMeta(
        "reason",
        `budget cap: $${spent.toFixed(4)} spent of $${budget.toFixed(4)}, and round ${round} is expected to cost $${expected.toFixed(4)}; raise llm.budgetUsd to continue`,
      );
    });
    return true;
  }

  private async buildPool(id: string, config: ExperimentConfig, round: number): Promise<CandidatePool> {
    const request = {
      algorithm: poolRanking(config),
      submolts: config.submolts.map((s) => s.name),
      topPerSubmolt: poolTopPerSubmolt,
      newest: poolNewestPosts,
      commentsPerPost: poolCommentsPerPost,
      textChars: poolTextChars,
    };
    const perShard = await Promise.all(
      Array.from({ length: config.scale.shards }, async (_, shard) => {
        const stub = this.env.SHARD.get(this.env.SHARD.idFromName(shardObjectName(id, shard)));
        return z.array(poolPostSchema).parse(await stub.poolCandidates(request));
      }),
    );
    const pool = mergeCandidates(config, round, perShard);
    // Karma is per shard (votes live with the content); the pool carries each author's total.
    const authors = [...new Set(pool.posts.flatMap((p) => [p.author, ...p.topComments.map((c) => c.author)]))].sort();
    const karma = new Map<string, number>();
    if (authors.length > 0) {
      const parts = await Promise.all(
        Array.from({ length: config.scale.shards }, async (_, shard) => {
          const stub = this.env.SHARD.get(this.env.SHARD.idFromName(shardObjectName(id, shard)));
          return z.record(z.string(), z.number()).parse(await stub.karmaOf(authors));
        }),
      );
      for (const part of parts) for (const [author, value] of Object.entries(part)) karma.set(author, (karma.get(author) ?? 0) + value);
    }
    return {
      ...pool,
      posts: pool.posts.map((p) => ({
        ...p,
        authorKarma: karma.get(p.author) ?? 0,
        topComments: p.topComments.map((c) => ({ ...c, authorKarma: karma.get(c.author) ?? 0 })),
      })),
    };
  }

  /** The round's pool, parsed once for all of the round's turn steps (a stored pool never changes). */
  private poolParsed: { readonly body: string; readonly pool: CandidatePool } | null = null;

  private parsedPool(body: string): CandidatePool {
    if (this.poolParsed?.body !== body) this.poolParsed = { body, pool: candidatePoolSchema.parse(JSON.parse(body)) };
    return this.poolParsed.pool;
  }

  private async driveCoordinators(id: string, config: ExperimentConfig, round: number): Promise<void> {
    const coordinators = Math.ceil(config.agents / config.scale.agentsPerCoordinator);
    const finished = new Set(
      this.sql
        .exec<{ writer: number }>("SELECT writer FROM done WHERE round = ? AND writer >= 0", round)
        .toArray()
        .map((r) => r.writer),
    );
    const fanOut = stepFanOut(this.env.LIVE_OBJECT_BUDGET, config);
    const batch: number[] = [];
    for (let c = 0; c < coordinators && batch.length < fanOut.coordinatorsPerStep; c++) {
      if (!finished.has(c)) batch.push(c);
    }
    if (batch.length > 0) {
      const poolRow = this.sql.exec<{ body: string }>("SELECT body FROM pool WHERE round = ?", round).toArray()[0];
      if (!poolRow) throw new Error(`pool of round ${round} is missing`);
      const pool = this.parsedPool(poolRow.body);
      const answers = await Promise.all(
        batch.map(async (coordinator) => {
          const stub = this.env.COORDINATOR.get(this.env.COORDINATOR.idFromName(coordinatorObjectName(id, coordinator)));
          return coordinatorAnswerSchema.parse(
            await stub.runRound({
              experimentId: id,
              coordinator,
              round,
              config,
              pool,
              turnsInFlight: fanOut.turnsInFlight,
              evictAfterTurn: fanOut.evictAfterTurn,
            }),
          );
        }),
      );
      const summaries = answers.flatMap((a) => ("halt" in a ? [] : [a]));
      const halt = answers.find((a) => "halt" in a);
      this.ctx.storage.transactionSync(() => {
        if (halt && "halt" in halt) {
          // Pausing keeps the cursor: resuming runs this round's turns again, and agents that did
          // finish replay their stored turns, so nothing is lost or doubled.
          this.setMeta("status", "paused");
          this.setMeta(
            "reason",
            `model ${halt.halt.errorClass} in round ${round}: ${halt.halt.message}. Resume once the endpoint works again.`,
          );
        }
        for (const summary of summaries) {
          this.sql.exec(
            "INSERT OR REPLACE INTO done (round, writer, summary) VALUES (?, ?, ?)",
            round,
            summary.coordinator,
            JSON.stringify(summary),
          );
        }
      });
    }
    if (finished.size + batch.length >= coordinators && this.meta("status") === "running") this.setCursor({ round, phase: "close" });
  }

  private async closeRound(id: string, config: ExperimentConfig, round: number): Promise<void> {
    const rows = this.sql
      .exec<{ writer: number; summary: string }>("SELECT writer, summary FROM done WHERE round = ? ORDER BY writer", round)
      .toArray();
    const coordinators = rows.filter((r) => r.writer >= 0).map((r) => roundPartSummarySchema.parse(JSON.parse(r.summary)));
    const open = rows.find((r) => r.writer === openWriter);
    if (!open) throw new Error(`round ${round} has no opening part`);
    const totals = sumSummaries(coordinators);
    totals.actions += this.external.actionsIn(round);
    const part = new PartWriter();
    part.add({ type: "roundEnd", round, t: simulatedTime(config, round), active: totals.active, actions: totals.actions });
    const closeEntry = await this.writePart(`${roundPrefix(id, round)}z-close.ndjson`, part);
    const parts: PartManifestEntry[] = [
      frameSummarySchema.parse(JSON.parse(open.summary)).part,
      ...coordinators.map((c) => c.part),
      closeEntry,
    ];
    const counts: Record<string, number> = {};
    for (const entry of parts) for (const [type, n] of Object.entries(entry.counts)) counts[type] = (counts[type] ?? 0) + n;
    const manifest: RoundManifest = { round, parts, counts };
    await this.env.EVENTS.put(roundManifestKey(id, round), JSON.stringify(manifest));
    const wallMs = Date.now() - Number(this.meta(`roundStartedAt:${round}`) ?? Date.now());
    const roundLlm = coordinators.reduce((sum, c) => (c.llm ? addLlmTotals(sum, c.llm) : sum), emptyLlmTotals());
    const summary: RoundSummary = {
      round,
      active: totals.active,
      actions: totals.actions,
      rejected: totals.rejected,
      timeouts: totals.timeouts,
      events: parts.reduce((n, p) => n + p.lines, 0),
      wallMs,
      ...(roundLlm.calls > 0 ? { llm: roundLlm } : {}),
    };
    const telemetry = {
      round,
      wallMs,
      coordinators: coordinators.length,
      turnMsTotal: totals.turnMsTotal,
      turnMsMax: totals.turnMsMax,
      timeouts: totals.timeouts,
      rejected: totals.rejected,
    };
    await this.env.EVENTS.put(telemetryKey(id, round), `${JSON.stringify(telemetry)}\n`);
    const last = round + 1 >= config.rounds;
    this.ctx.storage.transactionSync(() => {
      const alreadyClosed = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM rounds WHERE round = ?", round).one().n > 0;
      if (!alreadyClosed && roundLlm.calls > 0) this.setMeta("llmTotals", JSON.stringify(addLlmTotals(this.llmTotals(), roundLlm)));
      this.sql.exec("INSERT OR REPLACE INTO rounds (round, summary) VALUES (?, ?)", round, JSON.stringify(summary));
      this.sql.exec("DELETE FROM done WHERE round < ?", round);
      this.deleteMeta(`roundStartedAt:${round}`);
      this.setCursor({ round: last ? round : round + 1, phase: last ? "close" : "pool" });
      if (last) {
        this.setMeta("status", "finished");
        this.setMeta("finishedAt", new Date().toISOString());
      }
    });
  }

  private async writePart(key: string, part: PartWriter): Promise<PartManifestEntry> {
    const body = part.serialize();
    await this.env.EVENTS.put(key, body);
    return { key, lines: part.size, sha256: await sha256Hex(body), counts: { ...part.counts } };
  }

  private requireStatus(allowed: readonly ExperimentStatus[], verb: string): void {
    const status = experimentStatusSchema.parse(this.meta("status") ?? "created");
    if (this.meta("id") === undefined) throw new ExperimentError("NOT_FOUND", "no such experiment");
    if (!allowed.includes(status)) throw new ExperimentError("CONFLICT", `cannot ${verb} an experiment that is ${status}`);
  }

  private config(): ExperimentConfig {
    return experimentConfigSchema.parse(JSON.parse(this.meta("config") ?? "null"));
  }

  private cursor(): Cursor {
    return cursorSchema.parse(JSON.parse(this.meta("cursor") ?? "null"));
  }

  private setCursor(cursor: Cursor): void {
    this.setMeta("cursor", JSON.stringify(cursor));
  }

  private meta(key: string): string | undefined {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value;
  }

  private setMeta(key: string, value: string): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
  }

  private deleteMeta(key: string): void {
    this.sql.exec("DELETE FROM meta WHERE key = ?", key);
  }
}

function sumSummaries(summaries: readonly RoundPartSummary[]): {
  active: number;
  actions: number;
  rejected: number;
  timeouts: number;
  turnMsTotal: number;
  turnMsMax: number;
} {
  const totals = { active: 0, actions: 0, rejected: 0, timeouts: 0, turnMsTotal: 0, turnMsMax: 0 };
  for (const s of summaries) {
    totals.active += s.active;
    totals.actions += s.actions;
    totals.rejected += s.rejected;
    totals.timeouts += s.timeouts;
    totals.turnMsTotal += s.turnMsTotal;
    totals.turnMsMax = Math.max(totals.turnMsMax, s.turnMsMax);
  }
  return totals;
}
