import type { EventType } from "../../core/events/event-schema.js";

/**
 * The tidy tables of `murmur export` (docs/export.md): one definition of every table's columns and
 * their types, which the CSV, Parquet and SQLite writers all follow, so a column has one name and one
 * type in every format.
 *
 * Kinds: `int` (Parquet INT32, SQLite INTEGER), `double` (DOUBLE, REAL), `bool` (BOOLEAN, INTEGER 0/1),
 * `string` (UTF-8 STRING, TEXT) and `json` (a JSON array or object as UTF-8 text: a list or nested
 * field of the log, written as the log writes it). Time `t` is the log's ISO-8601 string everywhere.
 */
export type ColumnKind = "int" | "double" | "bool" | "string" | "json";

export interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Whether the column may hold null (an optional field of the log, or a value the log cannot tell). */
  readonly nullable: boolean;
}

export interface TableDef {
  readonly name: string;
  readonly columns: readonly Column[];
}

/** A row: one value per column, by column name; null for a missing optional value. */
export type CellValue = string | number | boolean | null;
export type Row = Readonly<Record<string, CellValue>>;

const col = (name: string, kind: ColumnKind, nullable = false): Column => ({ name, kind, nullable });

/** Every event row starts with the event's place in the log: (round, seq) is its key. */
const eventKey = [col("round", "int"), col("seq", "int"), col("t", "string")];
const actor = col("agent", "string");

/** The log's camelCase field names as the tables' snake_case column names. */
export function columnName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** One table per event type of docs/events.md, one row per event, columns in the log's field order. */
export const eventTables = {
  agent: {
    name: "agents",
    columns: [
      ...eventKey,
      actor,
      col("name", "string"),
      col("persona", "json"),
      col("policy", "string"),
      col("model", "string", true),
      col("group", "string", true),
    ],
  },
  submolt: { name: "submolts", columns: [...eventKey, col("name", "string"), col("description", "string", true)] },
  feedSnapshot: {
    name: "feed_snapshots",
    columns: [...eventKey, col("id", "string"), col("items", "json"), col("feed", "string"), col("item_count", "int")],
  },
  exposure: {
    name: "exposures",
    columns: [...eventKey, actor, col("kind", "string"), col("feed", "string"), col("snapshot", "string", true), col("shown", "int")],
  },
  post: {
    name: "posts",
    columns: [
      ...eventKey,
      actor,
      col("id", "string"),
      col("submolt", "string"),
      col("title", "string"),
      col("content", "string"),
      col("url", "string", true),
    ],
  },
  comment: {
    name: "comments",
    columns: [...eventKey, actor, col("id", "string"), col("post", "string"), col("parent", "string", true), col("content", "string")],
  },
  vote: {
    name: "votes",
    columns: [
      ...eventKey,
      actor,
      col("target", "string"),
      col("target_type", "string"),
      col("value", "int"),
      col("target_author", "string"),
    ],
  },
  follow: { name: "follows", columns: [...eventKey, actor, col("target", "string"), col("value", "int")] },
  subscribe: { name: "subscriptions", columns: [...eventKey, actor, col("submolt", "string"), col("value", "int")] },
  delete: { name: "deletions", columns: [...eventKey, actor, col("target", "string"), col("target_type", "string")] },
  memoryWrite: {
    name: "memory_writes",
    columns: [...eventKey, actor, col("id", "string"), col("kind", "string"), col("importance", "double"), col("sources", "json")],
  },
  memoryShown: { name: "memory_shown", columns: [...eventKey, actor, col("rows", "json")] },
  memoryRef: { name: "memory_refs", columns: [...eventKey, actor, col("action", "string"), col("refs", "json")] },
  probe: {
    name: "probes",
    columns: [...eventKey, col("id", "string"), col("mode", "string"), col("question", "string"), col("targets", "json")],
  },
  probeAnswer: {
    name: "probe_answers",
    columns: [
      ...eventKey,
      actor,
      col("probe", "string"),
      col("agents", "json"),
      col("posts", "json"),
      col("names", "json"),
      col("text", "string"),
    ],
  },
  llmCall: {
    name: "llm_calls",
    columns: [
      ...eventKey,
      actor,
      col("model", "string"),
      col("prompt_tokens", "int"),
      col("completion_tokens", "int"),
      col("ok", "bool"),
      col("error_class", "string", true),
    ],
  },
  turnTimeout: { name: "turn_timeouts", columns: [...eventKey, actor] },
  intervention: {
    name: "interventions",
    columns: [...eventKey, col("agent", "string", true), col("kind", "string"), col("details", "json")],
  },
  scoreSnapshot: { name: "score_snapshots", columns: [...eventKey, col("target", "string"), col("up", "int"), col("down", "int")] },
  roundEnd: { name: "round_ends", columns: [...eventKey, col("active", "int"), col("actions", "int")] },
} as const satisfies Record<EventType, TableDef>;

const shownItem = [col("item", "string", true), col("item_type", "string", true), col("item_author", "string", true)];

/** Lists of the log unfolded into one row per element, for what is most often counted per item. */
export const itemTables = {
  /** One row per item an exposure showed, in the order shown (`rank` from 0). */
  exposureItems: {
    name: "exposure_items",
    columns: [
      ...eventKey,
      actor,
      col("kind", "string"),
      col("feed", "string"),
      col("rank", "int"),
      col("snapshot_rank", "int", true),
      ...shownItem,
    ],
  },
  /** One row per item of a round's candidate pool, in pool order. */
  feedSnapshotItems: { name: "feed_snapshot_items", columns: [...eventKey, col("snapshot", "string"), col("rank", "int"), ...shownItem] },
} as const satisfies Record<string, TableDef>;

/** What report.json and graph.json say, as tables (written when the run has been analysed). */
export const analysisTables = {
  verdicts: {
    name: "verdicts",
    columns: [
      col("metric", "string"),
      col("verdict", "string"),
      col("effect", "double", true),
      col("ci_low", "double", true),
      col("ci_high", "double", true),
      col("delta", "double"),
      col("n", "double"),
      col("p", "double", true),
      col("p_holm", "double", true),
      col("reason", "string"),
    ],
  },
  verdictComponents: {
    name: "verdict_components",
    columns: [
      col("metric", "string"),
      col("component", "string"),
      col("effect", "double"),
      col("ci95_low", "double"),
      col("ci95_high", "double"),
      col("ci90_low", "double"),
      col("ci90_high", "double"),
      col("delta", "double"),
      col("p", "double"),
      col("n", "double"),
    ],
  },
  windowMetrics: {
    name: "window_metrics",
    columns: [
      col("metric", "string"),
      col("statistic", "string"),
      col("window", "int"),
      col("from_round", "int"),
      col("to_round", "int"),
      col("value", "double", true),
    ],
  },
  influenceNodes: {
    name: "influence_nodes",
    columns: [
      col("window", "int", true),
      col("agent", "string"),
      col("name", "string", true),
      col("policy", "string"),
      col("group", "string", true),
      col("community", "int"),
      col("pagerank", "double", true),
      col("persistent_leader", "bool"),
    ],
  },
  influenceEdges: {
    name: "influence_edges",
    columns: [col("window", "int", true), col("source", "string"), col("target", "string"), col("weight", "double")],
  },
} as const satisfies Record<string, TableDef>;

/** Every table in the order they are written. */
export const allTables: readonly TableDef[] = [
  ...Object.values(eventTables),
  ...Object.values(itemTables),
  ...Object.values(analysisTables),
];
