import { createReadStream, existsSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { analyzeLog } from "../../analysis/analyze.js";
import type { Report } from "../../core/contracts/report.js";
import type { StructureResult } from "../../core/contracts/report-structure.js";
import { renderReportHtml } from "../../report/report-html.js";
import { influenceGraph } from "../../analysis/graph/influence-graph.js";
import { verdictSummary } from "../../report/verdict-summary.js";
import type { AnalysisLog } from "../../analysis/log/analysis-log.js";
import { readLog } from "../../analysis/log/read-log.js";
import { buildContext } from "../../analysis/context.js";
import { computeStructure, withComparison } from "../../analysis/metrics/structure/structure.js";
import { HashingEmbedder } from "../../analysis/text/embedder.js";
import type { Embedder } from "../../analysis/text/embedder.js";
import { RemoteEmbedder } from "../../analysis/text/remote-embedder.js";

export interface AnalyzeOptions {
  readonly seed: number;
  readonly embedderUrl?: string | undefined;
  readonly embedderModel?: string | undefined;
  /** A real log whose twin statistics go beside the run's (docs/metrics.md "Structure - the Moltbook twin"). */
  readonly compare?: string | undefined;
  readonly quiet: boolean;
}

/** The events file of a run directory or the file itself; a clear error when neither exists. */
function eventsFileOf(target: string): string {
  const path = resolve(target);
  if (!existsSync(path)) throw new Error(`no such file or directory: ${path}`);
  const eventsPath = statSync(path).isDirectory() ? join(path, "events.ndjson") : path;
  if (!existsSync(eventsPath)) throw new Error(`no events.ndjson in ${path}`);
  return eventsPath;
}

async function readLogFile(eventsPath: string): Promise<AnalysisLog> {
  return readLog(createInterface({ input: createReadStream(eventsPath, { encoding: "utf8" }), crlfDelay: Infinity }));
}

/** The real log's twin statistics, its texts embedded by the default embedder (the reward event study compares posts). */
async function realStructure(log: AnalysisLog, seed: number): Promise<StructureResult> {
  return computeStructure(await buildContext(log, new HashingEmbedder(), seed));
}

/** The compared log's label: its run directory's name, or the file's. */
function compareLabel(eventsPath: string): string {
  const name = basename(eventsPath) === "events.ndjson" ? basename(dirname(eventsPath)) : basename(eventsPath);
  return name || eventsPath;
}

/** `murmur analyze DIR|FILE`: report.json, report.html beside the log, and a one-screen summary. */
export async function analyze(target: string, options: AnalyzeOptions): Promise<Report> {
  const eventsPath = eventsFileOf(target);
  // The compared log is read first: a wrong path fails before minutes of analysis.
  const comparePath = options.compare === undefined ? null : eventsFileOf(options.compare);
  const realLog = comparePath === null ? null : await readLogFile(comparePath);
  const outDir = dirname(eventsPath);
  const started = Date.now();
  const log = await readLogFile(eventsPath);
  const embedder: Embedder =
    options.embedderUrl && options.embedderModel
      ? new RemoteEmbedder({ baseUrl: options.embedderUrl, model: options.embedderModel, apiKey: process.env["OPENAI_API_KEY"] })
      : new HashingEmbedder();
  const analysed = await analyzeLog(log, embedder, { seed: options.seed, source: eventsPath });
  const report: Report =
    realLog === null || comparePath === null
      ? analysed
      : {
          ...analysed,
          metrics: {
            ...analysed.metrics,
            structure: withComparison(analysed.metrics.structure, await realStructure(realLog, options.seed), compareLabel(comparePath)),
          },
        };
  writeFileSync(join(outDir, "report.json"), `${JSON.stringify(report)}\n`);
  writeFileSync(join(outDir, "report.html"), renderReportHtml(report));
  // The influence explorer's data: per-window graphs, one layout, communities, leaders.
  if (report.metrics.influence.available) {
    writeFileSync(join(outDir, "graph.json"), `${JSON.stringify(influenceGraph(log, report.metrics.influence, options.seed))}\n`);
  }
  if (!options.quiet) {
    console.log(verdictSummary(report));
    console.log(
      `murmur: analysed ${eventsPath} in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${join(outDir, "report.json")}, report.html`,
    );
  }
  return report;
}
