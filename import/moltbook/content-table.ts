import { IdIndex, float64Slots, int32Slots, uint8Slots } from "./id-index.js";
import { sanitiseId, uniqueSanitisedIds } from "./id-alphabet.js";

/** Where a post or comment stands in an import; the values are the `state` slots of a ContentTable. */
export const ContentState = {
  /** Read; not yet reached by the time-ordered merge. */
  pending: 0,
  /** A post read without author name or id (known while reading, so a reply can tell `postDropped` from `postLater`). */
  noAuthor: 1,
  /** A comment whose parent chain is being resolved (same-millisecond parents); meeting it again is a loop. */
  visiting: 2,
  /** Placed in the log. */
  placed: 3,
  /** Dropped while linking (a missing, later or dropped post or parent, a loop, no author). */
  linkDropped: 4,
  /** Linked, then dropped by placement (`sameRoundOrder`, or a parent so dropped): its replies are `parentDropped`. */
  placeDropped: 5,
} as const;

/**
 * The per-entity index of one kind (posts or comments) that an import keeps in memory while the
 * rows themselves wait in sort files: the dataset id (exact, in IdIndex: its UTF-8 bytes + 16 bytes),
 * then created_at (8 bytes), state (1), round (4), agent number (4) and, for a comment, its post's
 * slot (4) - about 37 bytes plus the id per post or comment. Everything else is read back from the
 * sorted files when the merge reaches the row.
 */
export class ContentTable {
  readonly index = new IdIndex();
  readonly createdMs = float64Slots();
  readonly state = uint8Slots();
  readonly round = int32Slots();
  readonly agent = int32Slots();
  readonly post = int32Slots();
  /** Ids that sanitising changes: usually none (UUIDs and numbers are already in the id alphabet). */
  private readonly dirty: string[] = [];
  private overrides = new Map<string, string>();

  /** The slot of a new id, or -1 when the id was read before (the first copy wins). */
  add(id: string, createdMs: number, state: number): number {
    const { slot, added } = this.index.insert(id);
    if (!added) return -1;
    this.createdMs.set(slot, createdMs);
    this.state.set(slot, state);
    if (sanitiseId(id) !== id) this.dirty.push(id);
    return slot;
  }

  /**
   * Makes sanitised ids unique once every id has been read, as uniqueSanitisedIds would over all of
   * them: only ids that sanitising changes, and the clean ids they would collide with, take part;
   * every other id is its own sanitised id.
   */
  finishReading(): void {
    const bases = new Set(this.dirty.map((id) => sanitiseId(id)));
    const isCleanId = (id: string): boolean => sanitiseId(id) === id && this.index.lookup(id) >= 0;
    const keys = [...this.dirty, ...[...bases].filter(isCleanId)];
    this.overrides = uniqueSanitisedIds(keys, (key) => key, isCleanId);
  }

  /** The id's form in log ids: sanitised, unique among the ids of this kind. */
  logId(id: string): string {
    return this.overrides.get(id) ?? id;
  }

  get bytes(): number {
    return this.index.bytes + this.createdMs.bytes + this.state.bytes + this.round.bytes + this.agent.bytes + this.post.bytes;
  }
}
