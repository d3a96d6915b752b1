import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { usesLlm } from "../core/llm/agent-policy.js";
import { promptVersion } from "../core/llm/prompts/turn-v1.js";
import type { ExperimentConfig } from "../core/config/experiment-config.js";
import { eventFormatVersion } from "../core/tunables.js";
import type { MurmurClient, StatusView } from "./api-client.js";
import { repoRoot } from "./local/paths.js";

/** JSON with keys sorted at every depth (config.json is "the validated config, keys sorted"). */
export function sortedJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function codeCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

/** Streams a response body to a file; returns its sha256, line count and counts per event type. */
async function download(
  stream: ReadableStream<Uint8Array>,
  path: string,
  countTypes: boolean,
): Promise<{ sha256: string; lines: number; counts: Record<string, number> }> {
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
  return { sha256: hash.digest("hex"), lines, counts };
}

export interface RunDirectoryResult {
  readonly dir: string;
  readonly events: number;
  readonly counts: Record<string, number>;
  readonly sha256: string;
}

/** Writes the run directory of EVENTS.md from a finished (or paused) experiment. */
export async function writeRunDirectory(
  client: MurmurClient,
  status: StatusView,
  dir: string,
  wallMs: number,
): Promise<RunDirectoryResult> {
  mkdirSync(dir, { recursive: true });
  const config: ExperimentConfig = await client.config(status.id);
  writeFileSync(join(dir, "config.json"), sortedJson(config));
  const events = await download(await client.stream(status.id, "events"), join(dir, "events.ndjson"), true);
  await download(await client.stream(status.id, "telemetry"), join(dir, "telemetry.ndjson"), false);
  const configHash = createHash("sha256").update(sortedJson(config)).digest("hex");
  writeFileSync(
    join(dir, "manifest.json"),
    sortedJson({
      formatVersion: eventFormatVersion,
      experimentId: status.id,
      configHash,
      seed: config.seed,
      codeCommit: codeCommit(),
      promptVersion: usesLlm(config) ? promptVersion : null,
      embedderVersion: null,
      policies: [...new Set([config.policy, ...(config.groups ?? []).map((g) => g.policy)])].sort(),
      models: Object.values(config.llm?.models ?? {})
        .map((m) => m.model)
        .sort(),
      fork: null,
      startTime: config.startTime,
      rounds: status.roundsDone,
      counts: events.counts,
      events: events.lines,
      eventsSha256: events.sha256,
    }),
  );
  const agentTurns = status.totals.active;
  writeFileSync(
    join(dir, "summary.json"),
    sortedJson({
      experimentId: status.id,
      status: status.status,
      policy: config.policy,
      agents: config.agents,
      rounds: status.roundsDone,
      events: events.lines,
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
              errors: status.llm.errors,
              promptTokensPerAgentTurn: agentTurns > 0 ? Math.round(status.llm.promptTokens / agentTurns) : 0,
              estimate: status.llm.estimate,
            },
          }
        : {}),
    }),
  );
  return { dir, events: events.lines, counts: events.counts, sha256: events.sha256 };
}
