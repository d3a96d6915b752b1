import { readFile } from "node:fs/promises";
import { z } from "zod";
import { moltbookRecordSchema } from "./moltbook-records.js";
import type { SourceItem } from "./source-item.js";

/**
 * A column mapping (`murmur import moltbook --map mapping.json`) renames a dump's columns to the
 * fields the importer reads (moltbook-records.ts), for dumps whose field names differ:
 *
 * ```json
 * {
 *   "fields": { "author_name": "agent_name", "author_id": "agent_id" },
 *   "tables": [
 *     { "kind": "comment", "fields": { "id": "comment_id", "parent_id": "parent_comment_id" } },
 *     { "kind": "post", "fields": { "id": "post_id" } }
 *   ]
 * }
 * ```
 *
 * `fields` applies to every row. A row belongs to the first table whose `id` column it has (a
 * comments table is told from a posts table by its own id column, whatever file it is in); the
 * table's `kind` then decides post or comment, so a posts table may name its own id `post_id`.
 * A mapped column is read under its new name only; columns the mapping does not name pass through.
 * The names are top-level columns (or top-level keys of a JSON record).
 */
const fieldName = moltbookRecordSchema.keyof();
const fieldNames = fieldName.options;

/** Field read by the importer -> the dump's column; a key that is not such a field is refused by name. */
const fieldsSchema = z.partialRecord(fieldName, z.string().min(1));

export const columnMappingSchema = z
  .strictObject({
    description: z.string().optional(),
    fields: fieldsSchema.optional(),
    tables: z.array(z.strictObject({ kind: z.enum(["post", "comment"]), fields: fieldsSchema })).optional(),
  })
  .refine((mapping) => mapping.fields !== undefined || (mapping.tables?.length ?? 0) > 0, { message: "needs `fields` or `tables`" });

export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/**
 * Layouts of public Moltbook dumps, usable by name (`--map observatory`). Only layouts whose columns
 * were seen in the published data are here; `score` (net votes) is not split into up and down.
 */
export const builtInMappings: Readonly<Record<string, ColumnMapping>> = {
  /** The Moltbook Observatory Archive (SimulaMet, 2605.13860): `agent_id` / `agent_name` author columns, submolt by name. */
  observatory: {
    description: "Moltbook Observatory Archive: posts and comments tables with agent_id / agent_name",
    fields: { author_id: "agent_id", author_name: "agent_name" },
  },
};

export class MappingError extends Error {
  override readonly name = "MappingError";
}

/** A built-in mapping by name, or a mapping file; every problem is one line naming the file and the field. */
export async function loadColumnMapping(nameOrPath: string): Promise<ColumnMapping> {
  const builtIn = builtInMappings[nameOrPath];
  if (builtIn !== undefined) return builtIn;
  let text: string;
  try {
    text = await readFile(nameOrPath, "utf8");
  } catch {
    const names = Object.keys(builtInMappings).join(", ");
    throw new MappingError(`--map ${nameOrPath}: no such file, and not a built-in mapping (${names})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MappingError(`${nameOrPath}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = columnMappingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    const keys = issue?.code === "unrecognized_keys" ? `: ${issue.keys.map((key) => `"${key}"`).join(", ")}` : "";
    const known = where.endsWith("fields") && keys !== "" ? ` (fields are ${fieldNames.join(", ")})` : "";
    throw new MappingError(`${nameOrPath}: ${where}: ${issue?.message ?? "invalid"}${keys}${known}`);
  }
  return parsed.data;
}

function isRow(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== "";

/** The item with its row renamed by the mapping (see ColumnMapping). Items that are not rows pass unchanged. */
export function applyColumnMapping(item: SourceItem, mapping: ColumnMapping): SourceItem {
  const row = item.value;
  if (!isRow(row)) return item;
  const table = mapping.tables?.find((candidate) => present(row[candidate.fields.id ?? "id"]));
  const renames = Object.entries({ ...mapping.fields, ...table?.fields }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  const consumed = new Set(renames.map(([, source]) => source));
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) if (!consumed.has(column)) out[column] = value;
  for (const [field, source] of renames) if (source in row) out[field] = row[source];
  if (table?.kind === "post") {
    // A posts table's row is a post even when a column it keeps is called post_id.
    delete out["post_id"];
    delete out["parent_id"];
  }
  return { ...item, value: out, ...(table !== undefined ? { kind: table.kind } : {}) };
}
