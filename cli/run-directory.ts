import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { usesLlm } from "../core/llm/agent-policy.js";
import { promptVersion } from "../core/llm/prompts/turn-v1.js";
import type { ExperimentConfig } from "../core/contracts/experiment-config.js";
import type { SimRunSummary } from "../core/contracts/run-directory.js";
import { writeConfigFile, writeManifestFile, writeSummaryFile } from "../node/run-directory.js";
import type { WrittenLog } from "../node/run-directory.js";
import type { MurmurClient, StatusView } from "./api-client.js";

/** Streams a response body to a file; returns its sha256, line count and counts per event type. */
async function download(stream: ReadableStream<Uint8Array>, path: string, countTypes: boolean): Promise<WrittenLog> {
  const hash = createHash("sha256");
  const out = createWriteStream(path);
  const counts: Record<string, number> = {};
  let lines = 0;
  let carry = "";
  const decoder = new TextDecoder();
  const typePattern = /^\{"v":1,"type":"([A-Za-z]+)"/;
  for await (const chunk of stream) {
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    const text = carry + decoder.decode(chunk, { stream: true });
    const parts = text.split("\n");
    carry = parts.pop() ?? "";
    lines += parts.length;
    if (countTypes) {
      for (const line of parts) {
        const type = typePattern.exec(line)?.[1];
        if (type) counts[type] = (counts[type] ?? 0) + 1;
      }
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { sha256: hash.digest("hex"), events: lines, counts };
}

export interface RunDirectoryResult {
  readonly dir: string;
  readonly events: number;
  readonly counts: Record<string, number>;
  readonly sha256: string;
}

/** Writes the run directory (docs/events.md) from a finished (or paused) experiment. */
export async function writeRunDirectory(
  client: MurmurClient,
  status: StatusView,
  dir: string,
  wallMs: number,
): Promise<RunDirectoryResult> {
  mkdirSync(dir, { recursive: true });
  const config: ExperimentConfig = await client.config(status.id);
  const configHash = await writeConfigFile(dir, config);
  const events = await download(await client.stream(status.id, "events"), join(dir, "events.ndjson"), true);
  await download(await client.stream(status.id, "telemetry"), join(dir, "telemetry.ndjson"), false);
  await writeManifestFile(
    dir,
    configHash,
    {
      experimentId: status.id,
      seed: config.seed,
      promptVersion: usesLlm(config) ? promptVersion : null,
      policies: [...new Set([config.policy, ...(config.groups ?? []).map((g) => g.policy)])].sort(),
      models: Object.values(config.llm?.models ?? {})
        .map((m) => m.model)
        .sort(),
      startTime: config.startTime,
      rounds: status.roundsDone,
    },
    events,
  );
  await writeSummaryFile(dir, simRunSummary(status, config, events, wallMs));
  return { dir, events: events.events, counts: events.counts, sha256: events.sha256 };
}

/** summary.json of a simulated run: the experiment's totals, the log's counts and this process's wall time. */
function simRunSummary(status: StatusView, config: ExperimentConfig, events: WrittenLog, wallMs: number): SimRunSummary {
  const agentTurns = status.totals.active;
  return {
    experimentId: status.id,
    status: status.status,
    policy: config.policy,
    agents: config.agents,
    rounds: status.roundsDone,
    events: events.events,
    counts: events.counts,
    agentTurns,
    actions: status.totals.actions,
    rejectedActions: status.totals.rejected,
    turnTimeouts: status.totals.timeouts,
    wallMs,
    engineWallMs: status.totals.wallMs,
    agentTurnsPerSecond: wallMs > 0 ? Number(((agentTurns * 1000) / wallMs).toFixed(1)) : 0,
    tokens: { prompt: status.llm?.promptTokens ?? 0, completion: status.llm?.completionTokens ?? 0 },
    costUsd: status.llm?.spendUsd ?? 0,
    ...(status.llm
      ? {
          llm: {
            calls: status.llm.calls,
            failedCalls: status.llm.failedCalls,
            cachedCalls: status.llm.cachedCalls,
            idleTurns: status.llm.idleTurns,
            droppedActions: status.llm.droppedActions,
            errors: status.llm.errors,
            promptTokensPerAgentTurn: agentTurns > 0 ? Math.round(status.llm.promptTokens / agentTurns) : 0,
            estimate: status.llm.estimate,
          },
        }
      : {}),
  };
}
