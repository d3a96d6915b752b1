import { sha256Hex } from "../../core/events/part.js";
import type { PartManifestEntry, PartWriter } from "../../core/events/part.js";

/**
 * Writers of the round barrier's `done` table (experiment-schema.ts) besides the coordinators
 * (>= 0): the round's opening frame and its closing frame.
 */
export const openWriter = -1;
export const closeWriter = -2;

/** Stores one part of a round's event log under `key` and returns its manifest entry. */
export async function writePart(events: R2Bucket, key: string, part: PartWriter): Promise<PartManifestEntry> {
  const body = part.serialize();
  await events.put(key, body);
  return { key, lines: part.size, sha256: await sha256Hex(body), counts: { ...part.counts } };
}
