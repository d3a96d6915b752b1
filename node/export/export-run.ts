import { createReadStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { influenceGraphSchema } from "../../core/contracts/graph.js";
import type { InfluenceGraph } from "../../core/contracts/graph.js";
import { reportSchema } from "../../core/contracts/report.js";
import type { Report } from "../../core/contracts/report.js";
import { eventSchema } from "../../core/events/event-schema.js";
import type { EventType } from "../../core/events/event-schema.js";
import { BufferedFile } from "./buffered-file.js";
import type { ExportFormat } from "./export-formats.js";
import { EventRows } from "./event-rows.js";
import { graphSlices, influenceRows } from "./graph-model.js";
import type { GraphSlice } from "./graph-model.js";
import { gexfLines, graphmlLines } from "./graph-xml.js";
import { verdictRows, windowMetricRows } from "./report-rows.js";
import { allTables, analysisTables } from "./table-schema.js";
import type { Row, TableDef } from "./table-schema.js";
import { tableWriter } from "./table-writers.js";
import type { TableFormat, TableFormatWriter } from "./table-writers.js";

const isTableFormat = (format: ExportFormat): format is TableFormat => format === "csv" || format === "parquet" || format === "sqlite";

export class ExportError extends Error {
  override readonly name = "ExportError";
}

export interface ExportResult {
  /** Files written, in the order written. */
  readonly files: readonly string[];
  /** Events per type, counted while reading the log. */
  readonly events: Readonly<Partial<Record<EventType, number>>>;
  /** Rows per table (table formats only). */
  readonly rows: Readonly<Record<string, number>>;
  /** Why there are no graph files or analysis rows, when there are none. */
  readonly notes: readonly string[];
}

/** report.json and graph.json beside the log, validated against their contracts; null when absent. */
function analysisFiles(runDir: string): { report: Report | null; graph: InfluenceGraph | null } {
  const read = <T>(file: string, parse: (raw: unknown) => { success: true; data: T } | { success: false }): T | null => {
    const path = join(runDir, file);
    if (!existsSync(path)) return null;
    const parsed = parse(JSON.parse(readFileSync(path, "utf8")));
    if (!parsed.success) throw new ExportError(`${path} does not match this version's format: run \`murmur analyze ${runDir}\` again`);
    return parsed.data;
  };
  return {
    report: read("report.json", (raw) => reportSchema.safeParse(raw)),
    graph: read("graph.json", (raw) => influenceGraphSchema.safeParse(raw)),
  };
}

/** The log's lines, validated one at a time (docs/events.md); a bad line stops the export with its number. */
async function* logEvents(eventsPath: string) {
  const lines = createInterface({ input: createReadStream(eventsPath, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new ExportError(`${eventsPath} line ${lineNumber}: not JSON`);
    }
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success)
      throw new ExportError(
        `${eventsPath} line ${lineNumber}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    yield parsed.data;
  }
}

/**
 * `murmur export`: the run directory's log as tidy tables (CSV, Parquet, SQLite) and its influence
 * graph as GEXF and GraphML, into `outDir` (docs/export.md). The log is read once, line by line;
 * rows go to every table format as they are made.
 */
export async function exportRun(runDir: string, formats: readonly ExportFormat[], outDir: string): Promise<ExportResult> {
  const eventsPath = join(runDir, "events.ndjson");
  if (!existsSync(eventsPath)) throw new ExportError(`no events.ndjson in ${runDir}`);
  const { report, graph } = analysisFiles(runDir);
  mkdirSync(outDir, { recursive: true });
  const writers: TableFormatWriter[] = [];
  for (const format of formats) if (isTableFormat(format)) writers.push(await tableWriter(format, outDir));
  const rows: Record<string, number> = {};
  const emit = async (table: TableDef, row: Row): Promise<void> => {
    rows[table.name] = (rows[table.name] ?? 0) + 1;
    for (const writer of writers) await writer.write(table, row);
  };
  for (const table of allTables) {
    rows[table.name] = 0;
    for (const writer of writers) writer.open(table);
  }
  const events: Partial<Record<EventType, number>> = {};
  const names = new Map<string, string>();
  const eventRows = new EventRows(emit);
  for await (const event of logEvents(eventsPath)) {
    events[event.type] = (events[event.type] ?? 0) + 1;
    if (event.type === "agent") names.set(event.agent, event.name);
    if (writers.length > 0) await eventRows.add(event);
  }

  const notes: string[] = [];
  if (report === null) notes.push("no report.json: the verdict and window tables are empty (run `murmur analyze` first)");
  const influence = report?.metrics.influence;
  const slices: GraphSlice[] = [];
  if (graph !== null && influence?.available === true) slices.push(...graphSlices(graph, influence, names));
  else
    notes.push(
      influence?.available === false ? `no influence graph: ${influence.reason}` : "no graph.json: no graph files or influence tables",
    );
  if (report !== null) {
    const { verdicts, components } = verdictRows(report);
    for (const row of verdicts) await emit(analysisTables.verdicts, row);
    for (const row of components) await emit(analysisTables.verdictComponents, row);
    for (const row of windowMetricRows(report)) await emit(analysisTables.windowMetrics, row);
  }
  const influenceTableRows = influenceRows(slices);
  for (const row of influenceTableRows.nodes) await emit(analysisTables.influenceNodes, row);
  for (const row of influenceTableRows.edges) await emit(analysisTables.influenceEdges, row);

  const files: string[] = [];
  for (const writer of writers) files.push(...(await writer.finish()));
  for (const format of formats) {
    if (format !== "gexf" && format !== "graphml") continue;
    for (const slice of slices) files.push(writeGraphFile(outDir, format, slice));
  }
  return { files, events, rows: writers.length > 0 ? rows : {}, notes };
}

/** `graph-cumulative.gexf`, `graph-window-03.graphml`: windows zero-padded so that names sort in window order. */
function writeGraphFile(outDir: string, format: "gexf" | "graphml", slice: GraphSlice): string {
  const name = slice.window === null ? "cumulative" : `window-${String(slice.window).padStart(2, "0")}`;
  const file = new BufferedFile(join(outDir, `graph-${name}.${format}`));
  for (const line of format === "gexf" ? gexfLines(slice) : graphmlLines(slice)) file.write(`${line}\n`);
  file.close();
  return file.path;
}
