import { z } from "zod";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { classifyPlatformError, InvariantViolation } from "../../core/engine/platform-errors.js";
import { decideStepRetry, jitterOf } from "../../core/engine/retry-policy.js";
import { candidatePoolSchema } from "../../core/round/round-types.js";
import type { CandidatePool } from "../../core/round/round-types.js";
import { roundHaltSchema, roundPartSummarySchema } from "../coordinator/coordinator-types.js";
import type { RoundHalt, RoundPartSummary } from "../coordinator/coordinator-types.js";
import { coordinatorObjectName } from "../common/names.js";
import { platformCall } from "../common/platform-call.js";
import type { ExperimentContext } from "./experiment-context.js";
import { applyLifecycleEvent, canApply } from "./experiment-lifecycle.js";
import { stepFanOut } from "../../core/round/step-fan-out.js";
import { closeRound } from "./round-close.js";
import { openRound } from "./round-open.js";

const coordinatorAnswerSchema = z.union([roundPartSummarySchema, roundHaltSchema]);

/**
 * The bulk-synchronous round loop, driven by the experiment's alarm. Each alarm runs one bounded
 * step chosen by the persisted cursor - `pool` (round-open.ts), `turns` (a batch of coordinators),
 * `close` (round-close.ts) - commits its effects with the cursor's move in one transaction, and
 * re-arms. Every step is safe to repeat: an alarm delivered again, or an object evicted between
 * steps, loses and duplicates nothing (docs/design.md decision 5). A failed step goes through the
 * engine's retry policy (core/engine/retry-policy.ts).
 */
export class RoundLoop {
  /** The round's pool, parsed once for all of the round's turn steps (a stored pool never changes). */
  private poolParsed: { readonly body: string; readonly pool: CandidatePool } | null = null;

  constructor(private readonly context: ExperimentContext) {}

  /** One alarm: the step of the cursor, then the next alarm (now, or after a failure's backoff). */
  async runStep(): Promise<void> {
    const { meta, storage } = this.context;
    if (meta.get("status") !== "running") return;
    const started = this.context.now();
    try {
      await this.step();
      meta.set("failedSteps", 0);
    } catch (error) {
      await this.afterFailure(error, started);
      return;
    }
    if (meta.get("status") === "running") await storage.setAlarm(this.context.now());
  }

  /** A failed step: retried after a backoff, backed off for longer, or the run fails at once. */
  private async afterFailure(error: unknown, started: number): Promise<void> {
    const { meta, storage } = this.context;
    const failures = (meta.get("failedSteps") ?? 0) + 1;
    const classified = classifyPlatformError(error);
    meta.set("failedSteps", failures);
    meta.set("lastError", classified.reason);
    const { round, phase } = meta.require("cursor");
    const decision = decideStepRetry(classified, failures, jitterOf(`${meta.require("id")}:${round}:${phase}:${failures}`));
    if (decision.action === "fail") {
      storage.transactionSync(() => {
        if (!canApply(meta.require("status"), "fail")) return;
        applyLifecycleEvent(meta, "fail");
        meta.set("reason", `round ${round} ${decision.reason}`);
      });
      return;
    }
    if (meta.get("status") === "running") await storage.setAlarm(started + decision.delayMs);
  }

  /** One bounded step of the round loop, chosen by the persisted cursor. */
  private async step(): Promise<void> {
    const { meta } = this.context;
    const config = meta.require("config");
    const id = meta.get("id") ?? "";
    const cursor = meta.require("cursor");
    if (cursor.phase === "pool") await openRound(this.context, id, config, cursor.round);
    else if (cursor.phase === "turns") await this.driveCoordinators(id, config, cursor.round);
    else await closeRound(this.context, id, config, cursor.round);
  }

  /** The turns step: the next batch of this round's unfinished coordinators, run together. */
  private async driveCoordinators(id: string, config: ExperimentConfig, round: number): Promise<void> {
    const { sql, env } = this.context;
    const coordinators = Math.ceil(config.agents / config.scale.agentsPerCoordinator);
    const finished = new Set(
      sql
        .exec<{ writer: number }>("SELECT writer FROM done WHERE round = ? AND writer >= 0", round)
        .toArray()
        .map((r) => r.writer),
    );
    const fanOut = stepFanOut(env.LIVE_OBJECT_BUDGET, config);
    const batch: number[] = [];
    for (let c = 0; c < coordinators && batch.length < fanOut.coordinatorsPerStep; c++) {
      if (!finished.has(c)) batch.push(c);
    }
    const lastBatch = finished.size + batch.length >= coordinators;
    let answers: readonly (RoundPartSummary | RoundHalt)[] = [];
    if (batch.length > 0) {
      const pool = this.storedPool(round);
      answers = await Promise.all(
        batch.map((coordinator) =>
          platformCall(`${id}:${round}:coordinator:${coordinator}`, async () => {
            const stub = env.COORDINATOR.get(env.COORDINATOR.idFromName(coordinatorObjectName(id, coordinator)));
            const { turnsInFlight, evictAfterTurn } = fanOut;
            return coordinatorAnswerSchema.parse(
              await stub.runRound({ experimentId: id, coordinator, round, config, pool, turnsInFlight, evictAfterTurn }),
            );
          }),
        ),
      );
    }
    this.commitTurns(round, answers, lastBatch);
  }

  /**
   * One transaction: the coordinators' answers into the round barrier, a model halt pausing the
   * run, and - after the round's last batch, while the run still runs - the cursor at `close`.
   */
  private commitTurns(round: number, answers: readonly (RoundPartSummary | RoundHalt)[], lastBatch: boolean): void {
    const { sql, meta, storage } = this.context;
    const summaries = answers.flatMap((a) => ("halt" in a ? [] : [a]));
    const halt = answers.find((a): a is RoundHalt => "halt" in a);
    storage.transactionSync(() => {
      if (halt && canApply(meta.require("status"), "halt")) {
        // Pausing keeps the cursor: resuming runs this round's turns again, and agents that did
        // finish replay their stored turns, so nothing is lost or doubled.
        applyLifecycleEvent(meta, "halt");
        meta.set("reason", `model ${halt.halt.errorClass} in round ${round}: ${halt.halt.message}. Resume once the endpoint works again.`);
      }
      for (const summary of summaries) {
        sql.exec(
          "INSERT OR REPLACE INTO done (round, writer, summary) VALUES (?, ?, ?)",
          round,
          summary.coordinator,
          JSON.stringify(summary),
        );
      }
      if (lastBatch && meta.get("status") === "running") meta.set("cursor", { round, phase: "close" });
    });
  }

  private storedPool(round: number): CandidatePool {
    const row = this.context.sql.exec<{ body: string }>("SELECT body FROM pool WHERE round = ?", round).toArray()[0];
    if (!row) throw new InvariantViolation(`pool of round ${round} is missing`);
    if (this.poolParsed?.body !== row.body) this.poolParsed = { body: row.body, pool: candidatePoolSchema.parse(JSON.parse(row.body)) };
    return this.poolParsed.pool;
  }
}
