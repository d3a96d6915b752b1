import { DurableObject } from "cloudflare:workers";
import type { z } from "zod";
import { experimentConfigSchema } from "../../core/contracts/experiment-config.js";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import type { CostEstimate } from "../../core/llm/cost.js";
import { estimateRunCost } from "../../core/llm/cost.js";
import { migrate } from "../common/migrations.js";
import type { ExperimentContext } from "./experiment-context.js";
import { applyLifecycleEvent, LifecycleConflict } from "./experiment-lifecycle.js";
import type { LifecycleEvent } from "./experiment-lifecycle.js";
import { ExperimentMeta } from "./experiment-meta.js";
import { experimentMigrations } from "./experiment-schema.js";
import { roundSummariesOf, statusView } from "./experiment-status.js";
import type { ExperimentStatusView, RoundSummary } from "../../core/contracts/experiment-status.js";
import { ExternalAgents } from "./external-agents.js";
import type { PlatformAnswer, PlatformRequest } from "../../core/contracts/platform-rpc.js";
import type { OverlayAnswer, OverlayRequest } from "../../core/contracts/platform-overlay.js";
import { RoundLoop } from "./round-loop.js";

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
    if (error instanceof LifecycleConflict) return { ok: false, code: "CONFLICT", error: error.message };
    throw error;
  }
}

/** The config as callers send it to `create` (parsed inside: defaults filled, limits checked). */
export type ExperimentConfigInput = z.input<typeof experimentConfigSchema>;

/**
 * One experiment's object: a thin RPC facade over its parts - the typed meta (experiment-meta.ts),
 * the lifecycle table (experiment-lifecycle.ts), the alarm-driven round loop (round-loop.ts), the
 * status view (experiment-status.ts), and the platform API's external agents (external-agents.ts).
 */
export class ExperimentObject extends DurableObject<Env> {
  private readonly context: ExperimentContext;
  private readonly loop: RoundLoop;
  /** A step in flight: a second alarm delivery while one runs joins it instead of racing it. */
  private stepping: Promise<void> | null = null;
  private cachedEstimate: CostEstimate | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, experimentMigrations);
    this.context = {
      storage: ctx.storage,
      sql: ctx.storage.sql,
      meta: new ExperimentMeta(ctx.storage.sql),
      env,
      external: new ExternalAgents(ctx.storage),
      now: () => Date.now(),
      // The pre-run estimate, computed once from the config (it is pure, and the config is fixed).
      estimate: (config) => (this.cachedEstimate ??= estimateRunCost(config)),
    };
    this.loop = new RoundLoop(this.context);
  }

  private get meta(): ExperimentMeta {
    return this.context.meta;
  }

  /** The platform API's per-experiment state (docs/platform-api.md); see external-agents.ts. */
  platform(input: PlatformRequest | OverlayRequest): PlatformAnswer | OverlayAnswer {
    const exists = this.meta.get("id") !== undefined;
    if (!exists) return this.context.external.handle(input, null);
    const cursor = this.meta.require("cursor");
    const lastWall = this.context.sql
      .exec<{ wallMs: number | null }>("SELECT json_extract(summary, '$.wallMs') AS wallMs FROM rounds ORDER BY round DESC LIMIT 1")
      .toArray()[0]?.wallMs;
    return this.context.external.handle(input, {
      status: this.meta.get("status") ?? "created",
      cursor,
      config: this.meta.require("config"),
      // When the next rounds open, for Retry-After (wall clock, never simulation logic).
      roundStartedMs: this.meta.roundStartedAt(cursor.round) ?? null,
      lastRoundWallMs: lastWall ?? null,
    });
  }

  create(id: string, configInput: ExperimentConfigInput, createdAt: string): Promise<Outcome<ExperimentStatusView>> {
    return outcome(() => {
      if (this.meta.get("id") !== undefined) throw new ExperimentError("CONFLICT", `experiment ${id} already exists`);
      const config = experimentConfigSchema.parse(configInput);
      this.ctx.storage.transactionSync(() => {
        this.meta.set("id", id);
        this.meta.set("config", config);
        applyLifecycleEvent(this.meta, "create");
        this.meta.set("createdAt", createdAt);
        this.meta.set("cursor", { round: 0, phase: "pool" });
      });
      return this.statusNow();
    });
  }

  start(): Promise<Outcome<ExperimentStatusView>> {
    return outcome(async () => {
      this.move("start", () => this.meta.set("startedAt", new Date(this.context.now()).toISOString()));
      await this.ctx.storage.setAlarm(this.context.now());
      return this.statusNow();
    });
  }

  pause(): Promise<Outcome<ExperimentStatusView>> {
    return outcome(async () => {
      this.move("pause");
      await this.ctx.storage.deleteAlarm();
      // A step already in flight finishes (it is one bounded unit); the answer shows where it ended.
      if (this.stepping) await this.stepping;
      return this.statusNow();
    });
  }

  resume(): Promise<Outcome<ExperimentStatusView>> {
    return outcome(async () => {
      // A running experiment whose process was killed may have lost its pending alarm: resuming it
      // re-arms the loop, and a step already in flight is joined (docs/design.md decision 5).
      if (this.meta.get("status") === "running") {
        if ((await this.ctx.storage.getAlarm()) === null && this.stepping === null) await this.ctx.storage.setAlarm(this.context.now());
        return this.statusNow();
      }
      this.move("resume", () => {
        this.meta.set("failedSteps", 0);
        this.meta.delete("reason");
      });
      await this.ctx.storage.setAlarm(this.context.now());
      return this.statusNow();
    });
  }

  stop(): Promise<Outcome<ExperimentStatusView>> {
    return outcome(async () => {
      this.move("stop", () => this.meta.set("finishedAt", new Date(this.context.now()).toISOString()));
      await this.ctx.storage.deleteAlarm();
      return this.statusNow();
    });
  }

  status(): Promise<Outcome<ExperimentStatusView>> {
    return outcome(() => this.statusNow());
  }

  getConfig(): ExperimentConfig {
    return this.meta.require("config");
  }

  /** Per-round summaries of finished rounds (for summary.json and the pages). */
  roundSummaries(): RoundSummary[] {
    return roundSummariesOf(this.context.sql);
  }

  override async alarm(): Promise<void> {
    if (this.stepping) return this.stepping;
    this.stepping = this.loop.runStep().finally(() => {
      this.stepping = null;
    });
    return this.stepping;
  }

  /** An operator's lifecycle event and the fields it writes, in one transaction. */
  private move(event: LifecycleEvent, alsoWrite: () => void = () => {}): void {
    if (this.meta.get("id") === undefined) throw new ExperimentError("NOT_FOUND", "no such experiment");
    this.ctx.storage.transactionSync(() => {
      applyLifecycleEvent(this.meta, event);
      alsoWrite();
    });
  }

  private statusNow(): ExperimentStatusView {
    const id = this.meta.get("id");
    if (id === undefined) throw new ExperimentError("NOT_FOUND", "no such experiment");
    return statusView(this.context, id);
  }
}
