import type { MurmurEvent } from "../../core/events/event-schema.js";
import { eventFields } from "../../core/events/event-schema.js";
import { authorOfContent } from "../../core/ids.js";
import { columnName, eventTables, itemTables } from "./table-schema.js";
import type { CellValue, Row, TableDef } from "./table-schema.js";

/** Where rows go: one call per row, tables named by their definition. */
export type RowSink = (table: TableDef, row: Row) => void | Promise<void>;

/** A post or comment id's kind and author as the id tells them (docs/events.md "Ids"), null when it is not one. */
function itemCells(item: string | null): Record<string, CellValue> {
  if (item === null) return { item: null, item_type: null, item_author: null };
  const kind = item.startsWith("p.") ? "post" : item.startsWith("c.") ? "comment" : null;
  let author: string | null = null;
  if (kind !== null) {
    try {
      author = authorOfContent(item);
    } catch {
      author = null;
    }
  }
  return { item, item_type: kind, item_author: author };
}

/** A field of the log as a cell: lists and objects as the JSON text the log holds, absent values as null. */
function cell(value: unknown): CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/**
 * Turns the events of one log, in log order, into the rows of docs/export.md: one row of the event's
 * table per event, plus one row per shown item for exposures and feed snapshots. Holds only the
 * feed snapshots' item lists (exposures name items by their rank in the round's snapshot), never
 * the log.
 */
export class EventRows {
  private readonly snapshots = new Map<string, readonly string[]>();

  constructor(private readonly sink: RowSink) {}

  async add(event: MurmurEvent): Promise<void> {
    const base: Record<string, CellValue> = { round: event.round, seq: event.seq, t: event.t };
    if ("agent" in event) base["agent"] = cell(event.agent);
    const fields: Readonly<Record<string, unknown>> = event;
    for (const field of eventFields[event.type].fields) base[columnName(field)] = cell(fields[field]);
    switch (event.type) {
      case "feedSnapshot":
        base["item_count"] = event.items.length;
        this.snapshots.set(event.id, event.items);
        await this.sink(eventTables.feedSnapshot, base);
        for (const [rank, item] of event.items.entries()) {
          await this.sink(itemTables.feedSnapshotItems, {
            round: event.round,
            seq: event.seq,
            t: event.t,
            snapshot: event.id,
            rank,
            ...itemCells(item),
          });
        }
        return;
      case "exposure":
        return this.addExposure(event, base);
      default:
        await this.sink(eventTables[event.type], base);
    }
  }

  private async addExposure(event: Extract<MurmurEvent, { type: "exposure" }>, base: Record<string, CellValue>): Promise<void> {
    // Either the ids themselves or ranks into the round's snapshot (docs/events.md); a rank the
    // snapshot does not have still counts as shown, with no item.
    const snapshot = (event.snapshot === undefined ? undefined : this.snapshots.get(event.snapshot)) ?? [];
    const shown: { item: string | null; snapshotRank: number | null }[] =
      event.items !== undefined
        ? event.items.map((item) => ({ item, snapshotRank: null }))
        : (event.ranks ?? []).map((rank) => ({ item: snapshot[rank] ?? null, snapshotRank: rank }));
    delete base["items"];
    delete base["ranks"];
    await this.sink(eventTables.exposure, { ...base, shown: shown.length });
    for (const [rank, { item, snapshotRank }] of shown.entries()) {
      await this.sink(itemTables.exposureItems, {
        round: event.round,
        seq: event.seq,
        t: event.t,
        agent: event.agent,
        kind: event.kind,
        feed: event.feed,
        rank,
        snapshot_rank: snapshotRank,
        ...itemCells(item),
      });
    }
  }
}
