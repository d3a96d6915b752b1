import { isSimAgentId, simAgentByName } from "../../core/platform/agent-names.js";
import { recordSimilarity } from "../../core/platform/text-match.js";
import { overlayRequestSchema } from "../../core/contracts/platform-overlay.js";
import { PendingQueue } from "./external-queue.js";
import { overlayOf } from "./external-overlay.js";
import { migrateExternal } from "./external-schema.js";
import { endedStatuses, experimentView, queueWrite } from "./external-writes.js";
import type { ExperimentView, PlatformState } from "./external-writes.js";
import { fail, hitWindow, limited } from "./rate-windows.js";
import { platformLimitsSchema, platformRequestSchema } from "../../core/contracts/platform-rpc.js";
import type { ExternalAgentView, ExternalSubmolt, PlatformAnswer, PlatformLimits, WriteAction } from "../../core/contracts/platform-rpc.js";
import type { OverlayAnswer } from "../../core/contracts/platform-overlay.js";

export type { PlatformState } from "./external-writes.js";

interface AgentRecord extends Record<string, SqlStorageValue> {
  id: string;
  description: string;
  metadata: string;
  registered_round: number;
  last_active_round: number;
  next_k: number;
}

interface SubmoltRecord extends Record<string, SqlStorageValue> {
  name: string;
  display_name: string;
  description: string;
  owner: string;
  created_round: number;
  logged_round: number | null;
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;

function agentView(row: AgentRecord): ExternalAgentView {
  const metadata: unknown = JSON.parse(row.metadata);
  return {
    id: row.id,
    name: row.id,
    description: row.description,
    metadata: metadata !== null && typeof metadata === "object" && !Array.isArray(metadata) ? { ...metadata } : {},
    registeredRound: row.registered_round,
    lastActiveRound: row.last_active_round,
  };
}

function submoltView(row: SubmoltRecord): ExternalSubmolt {
  return {
    name: row.name,
    displayName: row.display_name,
    description: row.description,
    owner: row.owner,
    createdRound: row.created_round,
    committed: row.logged_round !== null,
  };
}

/**
 * The platform API's state inside one ExperimentObject (docs/platform-api.md): external agents and
 * their key hashes, wall-clock rate windows, created submolts and the queue of pending actions
 * (external-queue.ts) that the next round commits (external-commit.ts). Every operation is
 * synchronous, so each one is atomic: checks, counters and the write happen together or not at all.
 */
export class ExternalAgents {
  readonly sql: SqlStorage;
  private readonly queue: PendingQueue;

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
    this.queue = new PendingQueue(storage.sql);
    migrateExternal(storage);
  }

  handle(input: unknown, context: PlatformState | null): PlatformAnswer | OverlayAnswer {
    const overlay = overlayRequestSchema.safeParse(input);
    if (overlay.success) return overlayOf(this.sql, overlay.data);
    const parsed = platformRequestSchema.safeParse(input);
    if (!parsed.success) return fail("VALIDATION_ERROR", parsed.error.issues.map((i) => i.message).join("; "), "Check the request.");
    const request = parsed.data;
    if (request.op === "limits") {
      if (request.set) this.setMeta("limits", JSON.stringify(platformLimitsSchema.parse({ ...this.limits(), ...request.set })));
      return { ok: true, limits: this.limits() };
    }
    if (!context) return fail("NOT_FOUND", "no such experiment", "List experiments with GET /api/experiments.");
    return this.storage.transactionSync((): PlatformAnswer => {
      switch (request.op) {
        case "admit":
          return this.admit(request.keyHash, request.ipHash, request.nowMs, context);
        case "register":
          return this.register(request, context);
        case "updateMe": {
          const row = this.agentRow(request.agent);
          if (!row) return fail("UNAUTHORIZED", "unknown agent", "Register first.");
          if (request.description !== undefined)
            this.sql.exec("UPDATE external_agents SET description = ? WHERE id = ?", request.description, row.id);
          if (request.metadata !== undefined)
            this.sql.exec("UPDATE external_agents SET metadata = ? WHERE id = ?", request.metadata, row.id);
          return { ok: true };
        }
        case "write":
          return this.write(request.agent, request.action, request.nowMs, context);
        case "pending":
          return { ok: true, rows: this.queue.of(request.agent) };
        case "agents": {
          if (request.ids.length === 0) return { ok: true, agents: [] };
          const rows = this.sql
            // One JSON parameter, whatever the list's length (SQLite binds at most 100).
            .exec<AgentRecord>("SELECT * FROM external_agents WHERE id IN (SELECT value FROM json_each(?))", JSON.stringify(request.ids))
            .toArray();
          return { ok: true, agents: rows.map(agentView) };
        }
        case "agentByName": {
          const row = this.sql
            .exec<AgentRecord>("SELECT * FROM external_agents WHERE name_key = ?", request.name.toLowerCase())
            .toArray()[0];
          return { ok: true, agents: row ? [agentView(row)] : [] };
        }
        case "searchAgents": {
          const scored = this.sql
            .exec<AgentRecord>("SELECT * FROM external_agents")
            .toArray()
            .map((row) => ({ row, similarity: recordSimilarity(request.q, row.id, row.description) }))
            .filter((s) => s.similarity > 0)
            .sort((a, b) => b.similarity - a.similarity || (a.row.id < b.row.id ? -1 : 1))
            .slice(0, request.limit);
          return { ok: true, agents: scored.map((s) => agentView(s.row)) };
        }
        case "submolts":
          return { ok: true, submolts: this.submolts() };
        case "createSubmolt":
          return this.createSubmolt(request.agent, request.name, request.displayName, request.description, context);
      }
    });
  }

  limits(): PlatformLimits {
    const stored = this.meta("limits");
    return platformLimitsSchema.parse(stored === undefined ? {} : JSON.parse(stored));
  }

  /** External actions committed in a round (they count in the round's `roundEnd.actions`). */
  actionsIn(round: number): number {
    return this.sql.exec<{ actions: number }>("SELECT actions FROM external_rounds WHERE round = ?", round).toArray()[0]?.actions ?? 0;
  }

  /** Submolts created through the API and already committed into a round up to `round`. */
  committedSubmolts(round: number): ExternalSubmolt[] {
    return this.sql
      .exec<SubmoltRecord>("SELECT * FROM external_submolts WHERE logged_round IS NOT NULL AND logged_round <= ? ORDER BY name", round)
      .toArray()
      .map(submoltView);
  }

  private admit(keyHash: string | null, ipHash: string, nowMs: number, context: PlatformState): PlatformAnswer {
    const limits = this.limits();
    const experiment = this.experimentView(context);
    const ip = hitWindow(this.sql, `ip:${ipHash}`, minuteMs, limits.ipRequestsPerMinute, nowMs);
    if (!ip.allowed) return limited(ip.rate, nowMs, "too many requests from this address");
    if (keyHash === null) return { ok: true, agent: null, rate: ip.rate, experiment };
    const row = this.sql.exec<AgentRecord>("SELECT * FROM external_agents WHERE key_hash = ?", keyHash).toArray()[0];
    if (!row) return { ok: true, agent: null, rate: ip.rate, experiment };
    const key = hitWindow(this.sql, `key:${keyHash}`, minuteMs, limits.requestsPerMinute, nowMs);
    if (!key.allowed) return limited(key.rate, nowMs, "too many requests for this API key");
    if (row.last_active_round !== context.cursor.round)
      this.sql.exec("UPDATE external_agents SET last_active_round = ? WHERE id = ?", context.cursor.round, row.id);
    return { ok: true, agent: agentView({ ...row, last_active_round: context.cursor.round }), rate: key.rate, experiment };
  }

  private register(
    request: { name: string; description: string; keyHash: string; ipHash: string; nowMs: number },
    context: PlatformState,
  ): PlatformAnswer {
    if (endedStatuses.has(context.status))
      return fail("CONFLICT", `the experiment is ${context.status}`, "Register with an experiment that is created, running or paused.");
    const limits = this.limits();
    const registrations = hitWindow(this.sql, `register:${request.ipHash}`, hourMs, limits.registrationsPerIpPerHour, request.nowMs);
    if (!registrations.allowed) return limited(registrations.rate, request.nowMs, "too many registrations from this address");
    const count = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM external_agents").one().n;
    if (count >= limits.maxAgents)
      return fail("FORBIDDEN", "this experiment accepts no more external agents", `It holds ${limits.maxAgents}; ask its operator.`);
    const taken =
      isSimAgentId(request.name) ||
      simAgentByName(context.config, request.name) !== null ||
      this.sql.exec("SELECT 1 FROM external_agents WHERE name_key = ?", request.name.toLowerCase()).toArray().length > 0;
    if (taken) return fail("CONFLICT", `the name ${request.name} is taken`, "Choose another name.");
    const round = context.cursor.round;
    this.sql.exec(
      `INSERT INTO external_agents (id, name_key, description, metadata, key_hash, registered_round, last_active_round, logged_round, next_k)
       VALUES (?, ?, ?, '{}', ?, ?, ?, NULL, 0)`,
      request.name,
      request.name.toLowerCase(),
      request.description,
      request.keyHash,
      round,
      round,
    );
    const row = this.agentRow(request.name);
    if (!row) throw new Error("registration vanished inside its transaction");
    return { ok: true, agent: agentView(row) };
  }

  private write(agent: string, action: WriteAction, nowMs: number, context: PlatformState): PlatformAnswer {
    const row = this.agentRow(agent);
    if (!row) return fail("UNAUTHORIZED", "unknown agent", "Register first.");
    const submolts = new Set([...context.config.submolts.map((s) => s.name), ...this.submolts().map((s) => s.name)]);
    const scope = {
      sql: this.sql,
      queue: this.queue,
      state: context,
      view: this.experimentView(context),
      limits: this.limits(),
      submolts,
      nextK: () => this.nextK(row),
    };
    return queueWrite(scope, agent, action, nowMs);
  }

  private createSubmolt(agent: string, name: string, displayName: string, description: string, context: PlatformState): PlatformAnswer {
    if (!this.agentRow(agent)) return fail("UNAUTHORIZED", "unknown agent", "Register first.");
    const view = this.experimentView(context);
    if (!view.writable) return fail("CONFLICT", "this experiment commits no more actions", "Only reads work now.");
    const taken =
      context.config.submolts.some((s) => s.name === name) ||
      this.sql.exec("SELECT 1 FROM external_submolts WHERE name = ?", name).toArray().length > 0;
    if (taken) return fail("CONFLICT", `the submolt ${name} exists`, "Choose another name, or subscribe to it.");
    this.sql.exec(
      "INSERT INTO external_submolts (name, display_name, description, owner, created_round, logged_round) VALUES (?, ?, ?, ?, ?, NULL)",
      name,
      displayName,
      description,
      agent,
      view.commitRound,
    );
    const row = this.sql.exec<SubmoltRecord>("SELECT * FROM external_submolts WHERE name = ?", name).one();
    return { ok: true, submolt: submoltView(row) };
  }

  /**
   * Submolts created through the API, committed or not: a created submolt is visible to every
   * reader at once, and commits in the round it was created for, before any post into it.
   */
  private submolts(): ExternalSubmolt[] {
    return this.sql.exec<SubmoltRecord>("SELECT * FROM external_submolts ORDER BY name").toArray().map(submoltView);
  }

  private experimentView(context: PlatformState): ExperimentView {
    const claimed = this.meta("claimedRound");
    return experimentView(context, claimed === undefined ? null : Number(claimed));
  }

  /** The round whose opening step has claimed the queue (external-commit.ts): later writes commit after it. */
  markClaimed(round: number): void {
    this.setMeta("claimedRound", String(round));
  }

  /** The claimed rows of `round` are on the shards (external-commit.ts). */
  markApplied(round: number): void {
    this.queue.markApplied(round);
  }

  private nextK(row: AgentRecord): number {
    const k = this.sql.exec<{ next_k: number }>("SELECT next_k FROM external_agents WHERE id = ?", row.id).one().next_k;
    this.sql.exec("UPDATE external_agents SET next_k = ? WHERE id = ?", k + 1, row.id);
    return k;
  }

  private agentRow(id: string): AgentRecord | undefined {
    return this.sql.exec<AgentRecord>("SELECT * FROM external_agents WHERE id = ?", id).toArray()[0];
  }

  private meta(key: string): string | undefined {
    return this.sql.exec<{ value: string }>("SELECT value FROM platform_settings WHERE key = ?", key).toArray()[0]?.value;
  }

  private setMeta(key: string, value: string): void {
    this.sql.exec(
      "INSERT INTO platform_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
  }
}
