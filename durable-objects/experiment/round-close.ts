import { z } from "zod";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { InvariantViolation } from "../../core/engine/platform-errors.js";
import { PartWriter, roundManifestSchema } from "../../core/events/part.js";
import type { PartManifestEntry, RoundManifest } from "../../core/events/part.js";
import { simulatedTime } from "../../core/time.js";
import { addLlmTotals, emptyLlmTotals } from "../../core/round/llm-round-totals.js";
import { roundPartSummarySchema } from "../coordinator/coordinator-types.js";
import type { LlmRoundTotals } from "../../core/contracts/llm-totals.js";
import type { RoundPartSummary } from "../coordinator/coordinator-types.js";
import { roundManifestKey, roundPrefix, telemetryKey } from "../common/names.js";
import type { ExperimentContext } from "./experiment-context.js";
import { applyLifecycleEvent, canApply } from "./experiment-lifecycle.js";
import { llmTotalsOf } from "./experiment-status.js";
import type { RoundSummary } from "../../core/contracts/experiment-status.js";
import { openWriter, writePart } from "./round-parts.js";

const frameSummarySchema = z.strictObject({ part: roundManifestSchema.shape.parts.element });

/**
 * The close step of a round: its closing part (`roundEnd`), the round's manifest and telemetry,
 * then - in one transaction - the round's summary, its llm spend (once), and the cursor at the
 * next round's pool step, or the run finished after the last round.
 */
export async function closeRound(context: ExperimentContext, id: string, config: ExperimentConfig, round: number): Promise<void> {
  const { env, meta } = context;
  const { open, coordinators } = roundBarrier(context.sql, round);
  const totals = sumSummaries(coordinators);
  totals.actions += context.external.actionsIn(round);
  const part = new PartWriter();
  part.add({ type: "roundEnd", round, t: simulatedTime(config, round), active: totals.active, actions: totals.actions });
  const closeEntry = await writePart(env.EVENTS, `${roundPrefix(id, round)}z-close.ndjson`, part);
  const parts: PartManifestEntry[] = [open, ...coordinators.map((c) => c.part), closeEntry];
  const counts: Record<string, number> = {};
  for (const entry of parts) for (const [type, n] of Object.entries(entry.counts)) counts[type] = (counts[type] ?? 0) + n;
  const manifest: RoundManifest = { round, parts, counts };
  await env.EVENTS.put(roundManifestKey(id, round), JSON.stringify(manifest));
  const wallMs = context.now() - (meta.roundStartedAt(round) ?? context.now());
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
  await env.EVENTS.put(telemetryKey(id, round), `${JSON.stringify(telemetry)}\n`);
  commitClose(context, config, summary, roundLlm);
}

/** The round's opening part and its coordinators' summaries, as the round barrier holds them. */
function roundBarrier(sql: SqlStorage, round: number): { open: PartManifestEntry; coordinators: RoundPartSummary[] } {
  const rows = sql
    .exec<{ writer: number; summary: string }>("SELECT writer, summary FROM done WHERE round = ? ORDER BY writer", round)
    .toArray();
  const coordinators = rows.filter((r) => r.writer >= 0).map((r) => roundPartSummarySchema.parse(JSON.parse(r.summary)));
  const open = rows.find((r) => r.writer === openWriter);
  if (!open) throw new InvariantViolation(`round ${round} has no opening part`);
  return { open: frameSummarySchema.parse(JSON.parse(open.summary)).part, coordinators };
}

/** One transaction: a close step that runs twice adds the round's llm spend once. */
function commitClose(context: ExperimentContext, config: ExperimentConfig, summary: RoundSummary, roundLlm: LlmRoundTotals): void {
  const { sql, meta } = context;
  const { round } = summary;
  const last = round + 1 >= config.rounds;
  context.storage.transactionSync(() => {
    const alreadyClosed = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM rounds WHERE round = ?", round).one().n > 0;
    if (!alreadyClosed && roundLlm.calls > 0) meta.set("llmTotals", addLlmTotals(llmTotalsOf(meta), roundLlm));
    sql.exec("INSERT OR REPLACE INTO rounds (round, summary) VALUES (?, ?)", round, JSON.stringify(summary));
    sql.exec("DELETE FROM done WHERE round < ?", round);
    meta.deleteRoundStartedAt(round);
    meta.set("cursor", { round: last ? round : round + 1, phase: last ? "close" : "pool" });
    if (last && canApply(meta.require("status"), "finish")) {
      applyLifecycleEvent(meta, "finish");
      meta.set("finishedAt", new Date(context.now()).toISOString());
    }
  });
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
