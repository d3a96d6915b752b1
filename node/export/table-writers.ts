import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ParquetWriter, fileWriter } from "hyparquet-writer";
import type { SchemaElement } from "hyparquet-writer";
import initSqlJs from "sql.js";
import type { Database, SqlValue, Statement } from "sql.js";
import { BufferedFile } from "./buffered-file.js";
import type { CellValue, Column, ColumnKind, Row, TableDef } from "./table-schema.js";

/** Writes the rows of every table of one export in one format; `finish` leaves the files complete. */
export interface TableFormatWriter {
  /** Called once per table before any row, in `allTables` order. */
  open(table: TableDef): void;
  write(table: TableDef, row: Row): void | Promise<void>;
  finish(): Promise<string[]>;
}

export type TableFormat = "csv" | "parquet" | "sqlite";

export async function tableWriter(format: TableFormat, dir: string): Promise<TableFormatWriter> {
  if (format === "csv") return new CsvWriter(dir);
  if (format === "parquet") return new ParquetTables(dir);
  return SqliteWriter.create(join(dir, "murmur.sqlite"));
}

function valueOf(row: Row, column: Column): CellValue {
  const value = row[column.name] ?? null;
  if (value === null && !column.nullable) throw new Error(`export: ${column.name} is null but the column is not nullable`);
  return value;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. Empty strings are quoted so that they differ from nulls. */
function csvField(value: CellValue): string {
  if (value === null) return "";
  const text = typeof value === "string" ? value : String(value);
  return text === "" || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

class CsvWriter implements TableFormatWriter {
  private readonly files = new Map<string, BufferedFile>();

  constructor(private readonly dir: string) {}

  open(table: TableDef): void {
    const file = new BufferedFile(join(this.dir, `${table.name}.csv`));
    file.write(`${table.columns.map((c) => c.name).join(",")}\r\n`);
    this.files.set(table.name, file);
  }

  write(table: TableDef, row: Row): void {
    const file = this.files.get(table.name);
    if (file === undefined) throw new Error(`export: table ${table.name} was not opened`);
    file.write(`${table.columns.map((c) => csvField(valueOf(row, c))).join(",")}\r\n`);
  }

  async finish(): Promise<string[]> {
    for (const file of this.files.values()) file.close();
    return [...this.files.values()].map((f) => f.path);
  }
}

const parquetTypes: Readonly<Record<ColumnKind, Omit<SchemaElement, "name" | "repetition_type">>> = {
  int: { type: "INT32" },
  double: { type: "DOUBLE" },
  bool: { type: "BOOLEAN" },
  string: { type: "BYTE_ARRAY", converted_type: "UTF8" },
  json: { type: "BYTE_ARRAY", converted_type: "UTF8" },
};

/** Rows per Parquet row group: bounds what one table holds in memory while keeping groups large enough to compress well. */
const parquetRowGroupRows = 50_000;

interface ParquetTable {
  readonly table: TableDef;
  readonly writer: ParquetWriter;
  readonly path: string;
  columns: CellValue[][];
}

class ParquetTables implements TableFormatWriter {
  private readonly tables = new Map<string, ParquetTable>();

  constructor(private readonly dir: string) {}

  open(table: TableDef): void {
    const path = join(this.dir, `${table.name}.parquet`);
    const schema: SchemaElement[] = [
      { name: "root", num_children: table.columns.length },
      ...table.columns.map((c) => ({
        name: c.name,
        repetition_type: c.nullable ? ("OPTIONAL" as const) : ("REQUIRED" as const),
        ...parquetTypes[c.kind],
      })),
    ];
    const writer = new ParquetWriter({ writer: fileWriter(path), schema, createdBy: "murmur export" });
    this.tables.set(table.name, { table, writer, path, columns: table.columns.map(() => []) });
  }

  async write(table: TableDef, row: Row): Promise<void> {
    const state = this.tables.get(table.name);
    if (state === undefined) throw new Error(`export: table ${table.name} was not opened`);
    table.columns.forEach((c, i) => state.columns[i]?.push(valueOf(row, c)));
    if ((state.columns[0]?.length ?? 0) >= parquetRowGroupRows) await this.flush(state);
  }

  private async flush(state: ParquetTable): Promise<void> {
    const rows = state.columns[0]?.length ?? 0;
    if (rows === 0) return;
    const columnData = state.table.columns.map((c, i) => ({ name: c.name, data: state.columns[i] ?? [] }));
    await state.writer.write({ columnData, rowGroupSize: rows });
    state.columns = state.table.columns.map(() => []);
  }

  async finish(): Promise<string[]> {
    for (const state of this.tables.values()) {
      await this.flush(state);
      await state.writer.finish();
    }
    return [...this.tables.values()].map((t) => t.path);
  }
}

const sqliteTypes: Readonly<Record<ColumnKind, string>> = { int: "INTEGER", double: "REAL", bool: "INTEGER", string: "TEXT", json: "TEXT" };

/** SQL identifiers are quoted: `group` and `window` are keywords. */
const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function sqlValue(value: CellValue): SqlValue {
  return typeof value === "boolean" ? (value ? 1 : 0) : value;
}

/**
 * One SQLite database with one table per tidy table. sql.js builds the database in WebAssembly
 * memory and writes it out at the end, so this format holds the whole database (not the log) in
 * memory; the CSV and Parquet writers stream (docs/export.md "Memory").
 */
class SqliteWriter implements TableFormatWriter {
  private readonly statements = new Map<string, Statement>();

  private constructor(
    private readonly db: Database,
    private readonly path: string,
  ) {}

  static async create(path: string): Promise<SqliteWriter> {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run("BEGIN");
    return new SqliteWriter(db, path);
  }

  open(table: TableDef): void {
    const columns = table.columns.map((c) => `${quoted(c.name)} ${sqliteTypes[c.kind]}${c.nullable ? "" : " NOT NULL"}`);
    this.db.run(`CREATE TABLE ${quoted(table.name)} (${columns.join(", ")})`);
    const slots = table.columns.map(() => "?").join(", ");
    this.statements.set(table.name, this.db.prepare(`INSERT INTO ${quoted(table.name)} VALUES (${slots})`));
  }

  write(table: TableDef, row: Row): void {
    const statement = this.statements.get(table.name);
    if (statement === undefined) throw new Error(`export: table ${table.name} was not opened`);
    statement.run(table.columns.map((c) => sqlValue(valueOf(row, c))));
  }

  async finish(): Promise<string[]> {
    for (const statement of this.statements.values()) statement.free();
    this.db.run("COMMIT");
    writeFileSync(this.path, this.db.export());
    this.db.close();
    return [this.path];
  }
}
