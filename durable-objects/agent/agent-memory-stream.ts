import { z } from "zod";
import { memoryRowId } from "../../core/ids.js";
import { rowsToForget } from "../../core/memory/forgetting.js";
import { memoryKinds } from "../../core/memory/memory-row.js";
import type { NewMemory, StoredMemory } from "../../core/memory/memory-row.js";
import { memoryVector, vectorFromBytes, vectorToBytes } from "../../core/memory/memory-vector.js";
import type { MemoryEvent } from "../../core/round/round-types.js";
import { memoryPageRows, memoryRetrievalCandidates, memoryRowsScannedWithoutIndex } from "../../core/tunables.js";
import { agentMeta } from "./agent-meta.js";
import type { AgentState, AgentStore } from "./agent-store.js";

/**
 * The agent's memory stream in its `memory` table: rows numbered `n` as written, read a page at a
 * time (never whole), bounded by forgetting (core/memory/forgetting.ts).
 */

const memoryKindSchema = z.enum(memoryKinds);
const sourcesSchema = z.array(z.string());

type MemoryRow = {
  id: string;
  round: number;
  kind: string;
  importance: number;
  sources: string;
  text: string;
};

/** A row with the vector llm retrieval scores (null for a sim row). */
export type MemoryWithVector = StoredMemory & { readonly vector: Float32Array | null };

function toMemory(row: MemoryRow): StoredMemory {
  return {
    id: row.id,
    round: row.round,
    kind: memoryKindSchema.parse(row.kind),
    importance: row.importance,
    sources: sourcesSchema.parse(JSON.parse(row.sources)),
    text: row.text,
  };
}

/** Writes `memories` as rows numbered on from `memoryRows`, in order (the counter is written once). */
export function remember(
  store: AgentStore,
  state: AgentState,
  at: { readonly agent: string; readonly round: number },
  memories: readonly NewMemory[],
  withVector: boolean,
): MemoryEvent[] {
  const first = state.meta.get(agentMeta.memoryRows);
  const events = memories.map((memory, i): MemoryEvent => {
    const n = first + i;
    const id = memoryRowId(at.agent, n);
    store.sql.exec(
      "INSERT INTO memory (n, id, round, kind, importance, sources, text, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      n,
      id,
      at.round,
      memory.kind,
      memory.importance,
      JSON.stringify(memory.sources),
      memory.text,
      // Only llm agents retrieve by relevance; sim rows skip the vector's cost.
      withVector ? vectorToBytes(memoryVector(memory.text)) : null,
    );
    return { type: "memoryWrite", id, kind: memory.kind, importance: memory.importance, sources: [...memory.sources] };
  });
  if (memories.length > 0) state.meta.set(agentMeta.memoryRows, first + memories.length);
  return events;
}

/** Builds the retention index once the agent may keep more rows than a scan reads cheaply. */
export function indexWhenLarge(store: AgentStore, state: AgentState, capacity: number): void {
  if (capacity > memoryRowsScannedWithoutIndex && state.meta.get(agentMeta.memoryRows) > memoryRowsScannedWithoutIndex) {
    store.ensureTable(state, "memory_by_retention");
  }
}

/** Past capacity, forgets the least important and then oldest rows (core/memory/forgetting.ts). */
export function forget(store: AgentStore, state: AgentState, capacity: number): void {
  const count = rowsToForget(state.meta.get(agentMeta.memoryRows), () => memoryRowCount(store), capacity);
  if (count <= 0) return;
  store.sql.exec("DELETE FROM memory WHERE n IN (SELECT n FROM memory ORDER BY importance ASC, n ASC LIMIT ?)", count);
}

/** The most retainable page (most important, then newest): what a sim turn recalls from. */
export function retentionPage(store: AgentStore, state: AgentState): StoredMemory[] {
  if (state.fresh) return [];
  return store.sql
    .exec<MemoryRow>(
      "SELECT id, round, kind, importance, sources, text FROM memory ORDER BY importance DESC, n DESC LIMIT ?",
      memoryPageRows,
    )
    .toArray()
    .map(toMemory);
}

/** The most recent page of memory with vectors: llm retrieval scores these, never the whole stream. */
export function retrievalCandidates(store: AgentStore): MemoryWithVector[] {
  return store.sql
    .exec<MemoryRow & { vector: ArrayBuffer | null }>(
      "SELECT id, round, kind, importance, sources, text, vector FROM memory ORDER BY n DESC LIMIT ?",
      memoryRetrievalCandidates,
    )
    .toArray()
    .map((row) => ({ ...toMemory(row), vector: vectorFromBytes(row.vector) }));
}

/** Memory rows, newest first, one page at a time (for inspection and tests). */
export function memoryPage(store: AgentStore, beforeN: number | null, limit: number): StoredMemory[] {
  return store.sql
    .exec<MemoryRow>(
      "SELECT id, round, kind, importance, sources, text FROM memory WHERE n < ? ORDER BY n DESC LIMIT ?",
      beforeN ?? Number.MAX_SAFE_INTEGER,
      Math.min(Math.max(1, limit), memoryPageRows),
    )
    .toArray()
    .map(toMemory);
}

export function memoryRowCount(store: AgentStore): number {
  return store.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM memory").one().n;
}

/** Drops the rows of a round the log never saw (its turn timed out). */
export function forgetRound(store: AgentStore, round: number): void {
  store.sql.exec("DELETE FROM memory WHERE round = ?", round);
}
