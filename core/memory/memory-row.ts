/**
 * A row of an agent's memory stream. Sim and llm agents keep the same rows (the log's
 * `memoryWrite` events name them), so the kinds and both row shapes are defined once, here.
 */
export type MemoryKind = "observation" | "action" | "feedback" | "reflection";

export const memoryKinds: readonly [MemoryKind, ...MemoryKind[]] = ["observation", "action", "feedback", "reflection"];

/** A row as written by a turn: its id and round are given when it is stored. */
export interface NewMemory {
  readonly kind: MemoryKind;
  /** On the scale of importance.ts. */
  readonly importance: number;
  /** Item ids (`p.`/`c.`) and agent names the row is about, most specific first. */
  readonly sources: readonly string[];
  readonly text: string;
}

/** A stored row, as a turn reads it back. */
export interface StoredMemory extends NewMemory {
  readonly id: string;
  readonly round: number;
}

/** A post or comment id: the sources a recalled memory can cite. */
export function isItemSource(source: string): boolean {
  return /^[pc]\./.test(source);
}
