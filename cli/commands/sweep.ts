import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { reportSummarySchema } from "../../report/report-summary.js";
import type { VerdictRow } from "../../report/report-summary.js";
import { join, resolve } from "node:path";
import { lineChart } from "../../report/charts/line-chart.js";
import { escapeXml } from "../../report/charts/svg.js";
import { MurmurClient } from "../api-client.js";
import { defaultStateDir } from "../../node/repo-paths.js";
import { spawnLocalServer } from "../local/server-process.js";
import type { LocalServer } from "../local/local-server.js";
import { resolveConfig } from "../presets.js";
import { uploadArtifacts } from "./publish-reports.js";
import { runExperiment } from "./run.js";

export interface SweepOptions {
  readonly preset?: string | undefined;
  readonly configFile?: string | undefined;
  readonly agents: readonly number[];
  readonly rounds?: number | undefined;
  readonly seed?: number | undefined;
  readonly out: string;
  readonly server?: string | undefined;
  readonly token?: string | undefined;
}

export interface SweepPoint {
  readonly agents: number;
  readonly experimentId: string;
  readonly dir: string;
  readonly verdicts: VerdictRow[];
  /** Posts, comments and votes in the run: the volume the verdicts rest on. */
  readonly actions: number;
}

/**
 * `murmur sweep`: the same experiment at several population sizes (the seed question: do
 * societies organise as they grow?), one run directory and report per size, and one comparison -
 * each diagnostic's primary statistic with its CI against N - as sweep.json and sweep.html. On a
 * running `murmur serve` (--server) the runs and reports stay for the web comparison view.
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
  const points: SweepPoint[] = [];
  try {
    for (const agents of [...options.agents].sort((a, b) => a - b)) {
      const config = resolveConfig(
        { preset: options.preset, configFile: options.configFile },
        { agents, rounds: options.rounds, seed: options.seed },
      );
      const dir = join(out, `agents-${agents}`);
      console.log(`murmur sweep: ${agents} agents x ${config.rounds} rounds -> ${dir}`);
      const code = await runExperiment({
        config: { ...config, name: `${config.name} (${agents} agents)` },
        out: dir,
        server: url,
        token,
        port: 0,
        quiet: true,
        pollMs: 500,
      });
      if (code !== 0) throw new Error(`the run at ${agents} agents exited ${code}`);
      // The run analysed itself (murmur run always does): read its report instead of analysing twice.
      const report = reportSummarySchema.parse(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")));
      const summary = (await client.list()).find((e) => e.name === `${config.name} (${agents} agents)` && e.agents === agents);
      if (summary && options.server) await uploadArtifacts(client, summary.id, dir);
      points.push({
        agents,
        experimentId: summary?.id ?? "",
        dir,
        verdicts: report.verdicts,
        actions: report.log.posts + report.log.comments + report.log.votes,
      });
    }
  } finally {
    await own?.dispose();
  }
  writeFileSync(join(out, "sweep.json"), `${JSON.stringify({ preset: options.preset ?? null, points }, null, 2)}\n`);
  writeFileSync(join(out, "sweep.html"), renderSweep(points));
  console.log(`murmur sweep: ${points.length} sizes -> ${join(out, "sweep.json")}, sweep.html`);
  return points;
}

/** One chart per diagnostic: the primary statistic and its 95 % CI against log10(N). */
export function renderSweep(points: readonly SweepPoint[]): string {
  const metrics = [...new Set(points.flatMap((p) => p.verdicts.map((v) => v.metric)))];
  const charts = metrics.map((metric) => {
    const rows = points.map((p) => ({ p, v: p.verdicts.find((v) => v.metric === metric) }));
    const chart = lineChart({
      title: `${metric}: primary statistic against population size`,
      series: [{ name: "effect", points: rows.map(({ p, v }) => ({ x: Math.log10(p.agents), y: v?.effect ?? null })) }],
      band: {
        name: "95 % CI",
        points: rows.flatMap(({ p, v }) => (v?.ci ? [{ x: Math.log10(p.agents), lo: v.ci[0], hi: v.ci[1] }] : [])),
      },
      xLabel: "log10 agents",
    });
    const verdicts = rows.map(({ p, v }) => `${p.agents}: ${v?.verdict ?? "-"}`).join(" · ");
    return `<section>${chart}<p>${escapeXml(verdicts)}</p></section>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Murmur size sweep</title><style>body{font:14px system-ui,sans-serif;margin:24px;color:#1b1e24}section{display:inline-block;vertical-align:top;margin:0 16px 24px 0}p{color:#5c6370;max-width:560px}</style></head><body><h1>Size sweep</h1><p>${escapeXml(points.map((p) => `${p.agents} agents: ${p.actions} posts, comments and votes`).join(" · "))}</p>${charts.join("")}</body></html>\n`;
}
