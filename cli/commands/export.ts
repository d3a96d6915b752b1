import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { runManifestSchema } from "../../core/contracts/run-directory.js";
import { eventTables } from "../../node/export/table-schema.js";
import { ExportError, exportRun } from "../../node/export/export-run.js";
import type { ExportResult } from "../../node/export/export-run.js";
import type { ExportFormat } from "../../node/export/export-formats.js";
import { analyze } from "./analyze.js";

export interface ExportCommandOptions {
  readonly formats: readonly ExportFormat[];
  readonly out: string;
  readonly quiet: boolean;
}

/**
 * Rows of each event table against manifest.json's counts per type: the export and the run's own
 * count of its log agree, or the export fails (an exposure counts once in `exposures`; its shown
 * items are the rows of `exposure_items`).
 */
function checkAgainstManifest(runDir: string, result: ExportResult): string[] {
  const path = join(runDir, "manifest.json");
  if (!existsSync(path) || Object.keys(result.rows).length === 0) return [];
  const manifest = runManifestSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!manifest.success) return [`${path} is not a manifest of this version: rows not checked against it`];
  const wrong = Object.entries(eventTables).flatMap(([type, table]) => {
    const expected = manifest.data.counts[type] ?? 0;
    const got = result.rows[table.name] ?? 0;
    return got === expected ? [] : [`${table.name}: ${got} rows, manifest.json counts ${expected} ${type} events`];
  });
  if (wrong.length > 0) throw new ExportError(`the export does not match the log's counts: ${wrong.join("; ")}`);
  return [];
}

/** `murmur export RUN --format ... --out DIR`; returns the exit code. */
export async function exportCommand(run: string, options: ExportCommandOptions): Promise<number> {
  const runDir = resolve(run);
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) throw new ExportError(`not a run directory: ${runDir}`);
  if (!existsSync(join(runDir, "events.ndjson"))) throw new ExportError(`no events.ndjson in ${runDir}`);
  // Verdicts, window metrics and the graphs come from the analysis; a run without it is analysed
  // first, as `murmur analyze` would (its files go beside the log).
  if (!existsSync(join(runDir, "report.json"))) {
    if (!options.quiet) console.log(`murmur: ${runDir} has no report.json: analysing it first`);
    await analyze(runDir, { seed: 1, quiet: true });
  }
  const started = Date.now();
  const result = await exportRun(runDir, options.formats, resolve(options.out));
  const notes = [...result.notes, ...checkAgainstManifest(runDir, result)];
  if (!options.quiet) {
    const tables = Object.entries(result.rows).map(([name, rows]) => `${name} ${rows}`);
    if (tables.length > 0) console.log(`murmur: rows per table: ${tables.join(", ")}`);
    for (const note of notes) console.log(`murmur: ${note}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `murmur: exported ${runDir} as ${options.formats.join(", ")}: ${result.files.length} files in ${resolve(options.out)} (${seconds} s)`,
    );
  }
  return 0;
}
