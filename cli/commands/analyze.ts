import { createReadStream, existsSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { analyzeLog } from "../../analysis/analyze.js";
import type { Report } from "../../core/contracts/report.js";
import { renderReportHtml } from "../../report/report-html.js";
import { influenceGraph } from "../../analysis/graph/influence-graph.js";
import { verdictSummary } from "../../report/verdict-summary.js";
import { readLog } from "../../analysis/log/read-log.js";
import { HashingEmbedder } from "../../analysis/text/embedder.js";
import type { Embedder } from "../../analysis/text/embedder.js";
import { RemoteEmbedder } from "../../analysis/text/remote-embedder.js";

export interface AnalyzeOptions {
  readonly seed: number;
  readonly embedderUrl?: string | undefined;
  readonly embedderModel?: string | undefined;
  readonly quiet: boolean;
}

/** `murmur analyze DIR|FILE`: report.json, report.html beside the log, and a one-screen summary. */
export async function analyze(target: string, options: AnalyzeOptions): Promise<Report> {
  const path = resolve(target);
  if (!existsSync(path)) throw new Error(`no such file or directory: ${path}`);
  const eventsPath = statSync(path).isDirectory() ? join(path, "events.ndjson") : path;
  if (!existsSync(eventsPath)) throw new Error(`no events.ndjson in ${path}`);
  const outDir = dirname(eventsPath);
  const started = Date.now();
  const log = await readLog(createInterface({ input: createReadStream(eventsPath, { encoding: "utf8" }), crlfDelay: Infinity }));
  const embedder: Embedder =
    options.embedderUrl && options.embedderModel
      ? new RemoteEmbedder({ baseUrl: options.embedderUrl, model: options.embedderModel, apiKey: process.env["OPENAI_API_KEY"] })
      : new HashingEmbedder();
  const report = await analyzeLog(log, embedder, { seed: options.seed, source: eventsPath });
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
