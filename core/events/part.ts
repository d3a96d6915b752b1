import { canonicalLine, compareSortKeys, sortKeyOf } from "./canonical.js";
import type { EventSortKey, PartRecord } from "./canonical.js";
import { eventSchema } from "./event-schema.js";
import type { MurmurEvent, UnsequencedEvent } from "./event-schema.js";
import { z } from "zod";

/**
 * A round part: the events one writer (the experiment's frame, or one coordinator) contributes to
 * a round, as NDJSON of { k: sort key, e: event }. Parts are merged in sort-key order at export,
 * where each event gets its `seq` (docs/events.md: numbered in canonical order from 0).
 */
export class PartWriter {
  private readonly records: PartRecord[] = [];
  private readonly agentSeqs = new Map<string, number>();
  readonly counts: Record<string, number> = {};

  add(event: UnsequencedEvent): void {
    const agent = "agent" in event && typeof event.agent === "string" ? event.agent : "";
    const agentSeq = this.agentSeqs.get(agent) ?? 0;
    this.agentSeqs.set(agent, agentSeq + 1);
    this.records.push({ k: sortKeyOf(event, agentSeq), e: event });
    this.counts[event.type] = (this.counts[event.type] ?? 0) + 1;
  }

  get size(): number {
    return this.records.length;
  }

  /** The part's bytes, its records in sort-key order. */
  serialize(): string {
    const sorted = [...this.records].sort((a, b) => compareSortKeys(a.k, b.k));
    return sorted.map((r) => `${JSON.stringify(r)}\n`).join("");
  }
}

export const partManifestEntrySchema = z.strictObject({
  key: z.string(),
  lines: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  counts: z.record(z.string(), z.number().int().min(0)),
});
export type PartManifestEntry = z.infer<typeof partManifestEntrySchema>;

export const roundManifestSchema = z.strictObject({
  round: z.number().int().min(0),
  parts: z.array(partManifestEntrySchema),
  counts: z.record(z.string(), z.number().int().min(0)),
});
export type RoundManifest = z.infer<typeof roundManifestSchema>;

export async function sha256Hex(data: string | ArrayBuffer | Uint8Array): Promise<string> {
  // A copy of a view whose buffer might be shared: digest takes only plain ArrayBuffer-backed bytes.
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data instanceof ArrayBuffer ? data : new Uint8Array(data);
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const sortKeySchema = z.tuple([z.number().int(), z.number().int(), z.string(), z.number().int()]);
const partLineSchema = z.strictObject({ k: sortKeySchema, e: z.record(z.string(), z.unknown()) });

/** Parses one part line; its event is checked against the event schema by the merge. */
export function parsePartLine(line: string): { k: EventSortKey; e: Record<string, unknown> } {
  return partLineSchema.parse(JSON.parse(line));
}

/**
 * Merges the parts of one round into canonical lines. Each part is already sorted; the merge
 * keeps the global order (phase, slot, agent, agent sequence) and numbers events from 0.
 */
export function mergeRound(parts: readonly string[]): string[] {
  const records: { k: EventSortKey; e: MurmurEvent }[] = [];
  for (const part of parts) {
    for (const line of part.split("\n")) {
      if (line === "") continue;
      const record = parsePartLine(line);
      records.push({ k: record.k, e: eventSchema.parse({ ...record.e, v: 1, seq: 0 }) });
    }
  }
  records.sort((a, b) => compareSortKeys(a.k, b.k));
  return records.map((r, seq) => canonicalLine(r.e, seq));
}
