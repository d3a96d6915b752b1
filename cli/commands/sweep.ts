import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { reportSummarySchema } from "../../report/report-summary.js";
import { effectPlot } from "../../report/charts/effect-plot.js";
import { groupByCondition } from "../../report/comparison/conditions.js";
import { comparisonPanels } from "../../report/comparison/effect-points.js";
import { escapeXml } from "../../report/charts/svg.js";
import { MurmurClient } from "../api-client.js";
import { defaultStateDir } from "../../node/repo-paths.js";
import { spawnLocalServer } from "../local/server-process.js";
import type { LocalServer } from "../local/local-server.js";
import { resolveConfig } from "../presets.js";
import { formatSeeds } from "../calibration/seed-sets.js";
import { summarizeSweep, sweepSchema, sweepTable } from "../calibration/sweep-summary.js";
import type { SweepPoint, SweepSize } from "../calibration/sweep-summary.js";
import { uploadArtifacts } from "./publish-reports.js";
import { formatDuration } from "../calibration/run-estimate.js";
import { runExperiment } from "./run.js";

export type { SweepPoint } from "../calibration/sweep-summary.js";

export interface SweepOptions {
  readonly preset?: string | undefined;
  readonly configFile?: string | undefined;
  readonly agents: readonly number[];
  readonly rounds?: number | undefined;
  /** The first seed (default the config's); with `seeds` K, seeds seed .. seed + K - 1. */
  readonly seed?: number | undefined;
  /** Replicates per size: each size runs at this many consecutive seeds. */
  readonly seeds: number;
  readonly out: string;
  readonly server?: string | undefined;
  readonly token?: string | undefined;
}

/**
 * `murmur sweep`: the same experiment at several population sizes (the seed question: do
 * societies organise as they grow?), at K seeds per size, one run directory and report per run,
 * and one comparison - each diagnostic's verdict counts and its effect across seeds against N - as
 * sweep.json, sweep.html and a table. On a running `murmur serve` (--server) the runs and reports
 * stay for the web comparison view.
 */
export async function sweep(options: SweepOptions): Promise<SweepPoint[]> {
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  let own: LocalServer | null = null;
  let url = options.server;
  let token = options.token;
  if (!url) {
    own = await spawnLocalServer({ stateDir: defaultStateDir(`sweep-${process.pid}`), port: 0 });
    url = own.url;
    token = own.adminToken;
  }
  if (!token) throw new Error("--server needs --token (or MURMUR_ADMIN_TOKEN)");
  const client = new MurmurClient(url, token);
  const firstSeed = options.seed ?? resolveConfig({ preset: options.preset, configFile: options.configFile }, { agents: 2 }).seed;
  const seeds = Array.from({ length: Math.max(1, options.seeds) }, (_, i) => firstSeed + i);
  const points: SweepPoint[] = [];
  // Progress as plain lines (a log file reads them as well as a terminal): run k of N, and an ETA
  // from the seconds per agent-round so far times the agent-rounds left.
  const sizesAscending = [...options.agents].sort((a, b) => a - b);
  const totalRuns = sizesAscending.length * seeds.length;
  let remainingWeight = sizesAscending.reduce((sum, agents) => sum + agents, 0) * seeds.length;
  let spentWeight = 0;
  let spentSeconds = 0;
  try {
    for (const agents of sizesAscending) {
      for (const seed of seeds) {
        const config = resolveConfig({ preset: options.preset, configFile: options.configFile }, { agents, rounds: options.rounds, seed });
        // One seed keeps the old layout (agents-N); replicates go one level down.
        const dir = seeds.length === 1 ? join(out, `agents-${agents}`) : join(out, `agents-${agents}`, `seed-${seed}`);
        const name = seeds.length === 1 ? `${config.name} (${agents} agents)` : `${config.name} (${agents} agents, seed ${seed})`;
        const eta = spentWeight > 0 ? ` | ETA ${formatDuration((spentSeconds / spentWeight) * remainingWeight)}` : "";
        console.log(
          `murmur sweep [${points.length + 1}/${totalRuns}] ${agents} agents x ${config.rounds} rounds, seed ${seed} -> ${dir}${eta}`,
        );
        const runStarted = Date.now();
        const code = await runExperiment({ config: { ...config, name }, out: dir, server: url, token, port: 0, quiet: true, pollMs: 500 });
        if (code !== 0) throw new Error(`the run at ${agents} agents, seed ${seed} exited ${code}`);
        spentSeconds += (Date.now() - runStarted) / 1000;
        spentWeight += agents;
        remainingWeight -= agents;
        // The run analysed itself (murmur run always does): read its report instead of analysing twice.
        const report = reportSummarySchema.parse(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")));
        const summary = (await client.list()).find((e) => e.name === name && e.agents === agents);
        if (summary && options.server) await uploadArtifacts(client, summary.id, dir);
        points.push({
          agents,
          seed,
          experimentId: summary?.id ?? "",
          dir,
          verdicts: report.verdicts,
          rules: report.rules,
          actions: report.log.posts + report.log.comments + report.log.votes,
        });
      }
    }
  } finally {
    await own?.dispose();
  }
  const sizes = summarizeSweep(points);
  const result = sweepSchema.parse({ preset: options.preset ?? null, seeds, points, sizes });
  writeFileSync(join(out, "sweep.json"), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(out, "sweep.html"), renderSweep(points, sizes, options.preset ?? null));
  console.log(sweepTable(sizes));
  console.log(`murmur sweep: ${options.agents.length} sizes x ${seeds.length} seeds -> ${join(out, "sweep.json")}, sweep.html`);
  return points;
}

/**
 * One chart per diagnostic component against N on a log axis (report/charts/effect-plot.ts): with
 * one seed per size, the effect and its 95 % bootstrap CI; with several, the mean across seeds and
 * its 95 % t interval over seeds; the component's +-delta shaded. A sweep is one condition, so one
 * line joins its sizes.
 */
export function renderSweep(
  points: readonly SweepPoint[],
  sizes: readonly SweepSize[] = summarizeSweep(points),
  preset: string | null = null,
): string {
  const replicated = sizes.some((s) => s.seeds.length > 1);
  const runs = points.map((p) => ({
    id: p.experimentId,
    name: p.dir,
    agents: p.agents,
    seed: p.seed,
    config: {},
    report: { verdicts: p.verdicts, rules: p.rules },
  }));
  const groups = groupByCondition(runs);
  const label = preset ?? "this sweep";
  const panels = comparisonPanels({ differing: groups.differing, conditions: groups.conditions.map((c) => ({ ...c, label })) });
  const charts = panels.map((panel) => {
    const title = panel.component === "primary" ? panel.metric : `${panel.metric}: ${panel.component}`;
    const chart = effectPlot({ title, unit: panel.unit, delta: panel.delta, series: panel.series });
    const verdicts = sizes
      .map((size) => {
        const d = size.diagnostics.find((x) => x.metric === panel.metric);
        const counts = Object.entries(d?.counts ?? {}).filter(([, n]) => n > 0);
        return `${size.agents}: ${counts.map(([name, n]) => (replicated ? `${n} ${name}` : name)).join(", ") || "-"}`;
      })
      .join(" · ");
    return `<section>${chart}<p>${escapeXml(verdicts)}</p></section>`;
  });
  const volume = sizes
    .map((s) => {
      const actions = points.filter((p) => p.agents === s.agents).map((p) => p.actions);
      const mean = Math.round(actions.reduce((a, b) => a + b, 0) / Math.max(1, actions.length));
      return `${s.agents} agents: ${replicated ? `seeds ${formatSeeds(s.seeds)}, mean ` : ""}${mean} posts, comments and votes`;
    })
    .join(" · ");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Murmur size sweep</title><style>body{font:14px system-ui,sans-serif;margin:24px;color:#1b1e24}section{display:inline-block;vertical-align:top;width:min(640px,100%);margin:0 16px 24px 0}section svg{width:100%;height:auto}p{color:#5c6370;max-width:640px}</style></head><body><h1>Size sweep</h1><p>${escapeXml(volume)}</p>${charts.join("")}</body></html>\n`;
}
