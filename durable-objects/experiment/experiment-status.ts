import { usesLlm } from "../../core/llm/agent-policy.js";
import { emptyLlmTotals } from "../../core/round/llm-round-totals.js";
import type { LlmRoundTotals } from "../../core/contracts/llm-totals.js";
import type { ExperimentContext } from "./experiment-context.js";
import type { ExperimentMeta } from "./experiment-meta.js";
import { roundSummarySchema } from "../../core/contracts/experiment-status.js";
import type { ExperimentStatusView, RoundSummary } from "../../core/contracts/experiment-status.js";

/** Spend and tokens so far, summed at each round's close (live per round). */
export function llmTotalsOf(meta: ExperimentMeta): LlmRoundTotals {
  return meta.get("llmTotals") ?? emptyLlmTotals();
}

/** Per-round summaries of finished rounds, in round order. */
export function roundSummariesOf(sql: SqlStorage): RoundSummary[] {
  return sql
    .exec<{ summary: string }>("SELECT summary FROM rounds ORDER BY round")
    .toArray()
    .map((r) => roundSummarySchema.parse(JSON.parse(r.summary)));
}

type RoundSums = { n: number; active: number; actions: number; rejected: number; timeouts: number; events: number; wallMs: number };

/** The status view of an existing experiment (`id` is its stored id). */
export function statusView({ sql, meta, estimate }: ExperimentContext, id: string): ExperimentStatusView {
  const config = meta.require("config");
  const cursor = meta.require("cursor");
  // Status is polled several times a second: SQLite sums the rounds, JS parses only the last.
  const sums = sql
    .exec<RoundSums>(
      `SELECT COUNT(*) AS n, TOTAL(json_extract(summary, '$.active')) AS active, TOTAL(json_extract(summary, '$.actions')) AS actions,
         TOTAL(json_extract(summary, '$.rejected')) AS rejected, TOTAL(json_extract(summary, '$.timeouts')) AS timeouts,
         TOTAL(json_extract(summary, '$.events')) AS events, TOTAL(json_extract(summary, '$.wallMs')) AS wallMs FROM rounds`,
    )
    .one();
  const last = sql.exec<{ summary: string }>("SELECT summary FROM rounds ORDER BY round DESC LIMIT 1").toArray()[0];
  const { active, actions, rejected, timeouts, events, wallMs } = sums;
  return {
    id,
    name: config.name,
    status: meta.require("status"),
    reason: meta.get("reason") ?? null,
    agents: config.agents,
    rounds: config.rounds,
    round: cursor.round,
    phase: cursor.phase,
    roundsDone: sums.n,
    lastRound: last ? roundSummarySchema.parse(JSON.parse(last.summary)) : null,
    totals: { active, actions, rejected, timeouts, events, wallMs },
    ...(usesLlm(config) ? { llm: { ...llmTotalsOf(meta), budgetUsd: config.llm?.budgetUsd ?? null, estimate: estimate(config) } } : {}),
    createdAt: meta.get("createdAt") ?? "",
    startedAt: meta.get("startedAt") ?? null,
    finishedAt: meta.get("finishedAt") ?? null,
  };
}
