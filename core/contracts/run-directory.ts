import { z } from "zod";
import { costEstimateSchema } from "./llm-totals.js";

/**
 * The run directory (docs/events.md): beside config.json, events.ndjson and telemetry.ndjson, a
 * manifest that pins what produced the log and a summary of the run. `murmur run` and
 * `murmur import moltbook` write them (node/run-directory.ts); bench and tests read them.
 * Files are written with keys sorted at every depth, so field order here is for reading only.
 */

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const eventCountsSchema = z.record(z.string(), z.number().int().min(0));

export const runManifestSchema = z.strictObject({
  formatVersion: z.number().int().min(1),
  /** The experiment's id, or `import` for an imported log. */
  experimentId: z.string().min(1),
  /** sha256 of config.json as written. */
  configHash: sha256Hex,
  /** null for an import: nothing was drawn. */
  seed: z.number().int().nullable(),
  /** The checkout's HEAD, or `unknown` outside a git checkout. */
  codeCommit: z.string(),
  /** The llm turn prompt's version when any agent is an llm agent. */
  promptVersion: z.string().nullable(),
  embedderVersion: z.null(),
  policies: z.array(z.string()),
  models: z.array(z.string()),
  fork: z.null(),
  startTime: z.string(),
  rounds: z.number().int().min(0),
  counts: eventCountsSchema,
  events: z.number().int().min(0),
  eventsSha256: sha256Hex,
});
export type RunManifest = z.infer<typeof runManifestSchema>;

/** summary.json of a simulated run. Wall-clock values are telemetry, not part of the experiment. */
export const simRunSummarySchema = z.strictObject({
  experimentId: z.string().min(1),
  status: z.string(),
  policy: z.string(),
  agents: z.number().int().min(0),
  rounds: z.number().int().min(0),
  events: z.number().int().min(0),
  counts: eventCountsSchema,
  agentTurns: z.number().int().min(0),
  actions: z.number().int().min(0),
  rejectedActions: z.number().int().min(0),
  turnTimeouts: z.number().int().min(0),
  wallMs: z.number().min(0),
  engineWallMs: z.number().min(0),
  agentTurnsPerSecond: z.number().min(0),
  tokens: z.strictObject({ prompt: z.number().int().min(0), completion: z.number().int().min(0) }),
  costUsd: z.number().min(0),
  /** Runs with llm agents only. */
  llm: z
    .strictObject({
      calls: z.number().int().min(0),
      failedCalls: z.number().int().min(0),
      cachedCalls: z.number().int().min(0),
      idleTurns: z.number().int().min(0),
      /** Actions left out of their turns for naming what the prompt did not show (runs before them: absent). */
      droppedActions: z.number().int().min(0).optional(),
      errors: z.record(z.string(), z.number().int().min(0)),
      promptTokensPerAgentTurn: z.number().int().min(0),
      estimate: costEstimateSchema,
    })
    .optional(),
});
export type SimRunSummary = z.infer<typeof simRunSummarySchema>;

/** summary.json of an imported log. */
export const importRunSummarySchema = z.strictObject({
  experimentId: z.literal("import"),
  policy: z.literal("imported"),
  /** Source files read. */
  files: z.number().int().min(0),
  /** Distinct posts and comments read (after deduplication, before links were checked). */
  records: z.strictObject({ posts: z.number().int().min(0), comments: z.number().int().min(0) }),
  agents: z.number().int().min(0),
  submolts: z.number().int().min(0),
  rounds: z.number().int().min(0),
  startTime: z.string(),
  endTime: z.string(),
  events: z.number().int().min(0),
  counts: eventCountsSchema,
  /** Source records that did not become events, by reason. */
  dropped: z.record(z.string(), z.number().int().min(0)),
  /** Replies moved to the next round so that they follow what they answer. */
  deferred: z.number().int().min(0),
  wallMs: z.number().min(0),
});
export type ImportRunSummary = z.infer<typeof importRunSummarySchema>;

export const runSummarySchema = z.union([simRunSummarySchema, importRunSummarySchema]);
export type RunSummary = z.infer<typeof runSummarySchema>;
