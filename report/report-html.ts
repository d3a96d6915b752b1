import { heatmap } from "./charts/heatmap.js";
import { lineChart } from "./charts/line-chart.js";
import type { LineSeries } from "./charts/line-chart.js";
import { emptyChart, escapeXml, formatNumber } from "./charts/svg.js";
import { verdictPanel } from "./charts/verdict-panel.js";
import type { AgentValues, Unavailable } from "../analysis/metrics/metric-types.js";
import type { NullComparison } from "../core/contracts/report-collective-metrics.js";
import type { Report } from "../core/contracts/report.js";

/** Published Moltbook values (METRICS.md "Structure"), shown beside every run's. */
const moltbookStructure: Record<string, string> = {
  reciprocity: "0.01-0.04 (early sample 0.197; human platforms 0.22-0.60)",
  noReplyShare: "~0.93",
  meanThreadDepth: "~1.07",
  upvoteGini: "0.97-0.99",
  postGini: "~0.60",
  powerLawAlpha: "~1.7",
  duplicateShare: "~0.34 (first days)",
};

const mean = (values: readonly number[]): number => (values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);

function section(title: string, body: string, note = ""): string {
  return `<section><h2>${escapeXml(title)}</h2>${note ? `<p class="note">${escapeXml(note)}</p>` : ""}<div class="charts">${body}</div></section>`;
}

function unavailable(name: string, result: Unavailable): string {
  return section(name, emptyChart(name, result.reason));
}

/** Per-agent means of a diagnostic, sorted, against the equivalence band (-delta, +delta). */
function agentChart(title: string, perAgent: readonly AgentValues[], delta: number): string {
  const means = perAgent
    .map((a) => mean(a.values))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const points = means.map((y, x) => ({ x: x + 1, y }));
  return lineChart({
    title,
    series: [{ name: "agent mean (sorted)", points }],
    band: {
      name: "equivalence band ±delta",
      points:
        points.length > 0
          ? [
              { x: 1, lo: -delta, hi: delta },
              { x: points.length, lo: -delta, hi: delta },
            ]
          : [],
    },
    xLabel: "agents, sorted by effect",
  });
}

function windowSeries(name: string, values: readonly (number | null)[]): LineSeries {
  return { name, points: values.map((y, x) => ({ x, y })) };
}

/** One series per named accessor over the same per-window rows. */
function seriesOf<W>(rows: readonly W[], accessors: Readonly<Record<string, (row: W) => number | null>>): LineSeries[] {
  return Object.entries(accessors).map(([name, read]) => windowSeries(name, rows.map(read)));
}

/**
 * report.html: self-contained (inline SVG and CSS, no script, no network), a chart per metric with
 * its placebo or null band, and the verdict panel. Chart code is shared with web/.
 */
export function renderReportHtml(report: Report): string {
  const m = report.metrics;
  const delta = (metric: string): number => report.rules.find((r) => r.metric === metric)?.delta ?? 0;
  const parts: string[] = [];

  parts.push(
    section(
      "Verdicts",
      verdictPanel(report.verdicts) +
        `<table><thead><tr><th>diagnostic</th><th>verdict</th><th>effect</th><th>95% CI</th><th>delta</th><th>n</th><th>Holm p</th><th>reason</th></tr></thead><tbody>${report.verdicts
          .map(
            (v) =>
              `<tr class="${v.verdict}"><td>${escapeXml(v.metric)}</td><td>${v.verdict}</td><td>${v.effect === null ? "-" : formatNumber(v.effect)}</td><td>${v.ci ? `[${formatNumber(v.ci[0])}, ${formatNumber(v.ci[1])}]` : "-"}</td><td>${formatNumber(v.delta)}</td><td>${v.n}</td><td>${v.pHolm === null ? "-" : formatNumber(v.pHolm)}</td><td>${escapeXml(v.reason)}</td></tr>`,
          )
          .join("")}</tbody></table>`,
      "emerged: 95% CI above 0 and effect >= delta; absent: 90% CI inside (-delta, +delta); CIs from a bootstrap over agents.",
    ),
  );

  if (m.activity.available) {
    const w = m.activity.windows;
    parts.push(
      section(
        "activity",
        lineChart({
          title: "Activity per window",
          series: seriesOf(w, {
            posts: (x) => x.posts,
            comments: (x) => x.comments,
            votes: (x) => x.votes,
            "active agents": (x) => x.actives,
          }),
          xLabel: "window",
        }),
      ),
    );
  } else parts.push(unavailable("activity", m.activity));

  if (m.lexicalTurnover.available) {
    const byN = m.lexicalTurnover.byN;
    parts.push(
      section(
        "lexicalTurnover",
        lineChart({
          title: "n-gram birth rate",
          series: byN.map((b) =>
            windowSeries(
              `n = ${b.n}`,
              b.windows.map((w) => w.birthRate),
            ),
          ),
          xLabel: "window",
        }) +
          lineChart({
            title: "n-gram death rate",
            series: byN.map((b) =>
              windowSeries(
                `n = ${b.n}`,
                b.windows.map((w) => w.deathRate),
              ),
            ),
            xLabel: "window",
          }),
      ),
    );
  } else parts.push(unavailable("lexicalTurnover", m.lexicalTurnover));

  if (m.centroidStability.available) {
    const c = m.centroidStability;
    const base = c.baseline.meanConsecutive;
    parts.push(
      section(
        "centroidStability",
        heatmap({ title: "cos between window centroids", matrix: c.matrix, label: "cos(c_i, c_j)" }) +
          lineChart({
            title: "Consecutive windows",
            series: [windowSeries("cos(c_t, c_t+1)", c.consecutive)],
            band:
              base === null
                ? undefined
                : {
                    name: `shuffled baseline ${formatNumber(base)}`,
                    points: [
                      { x: 0, lo: base, hi: base },
                      { x: Math.max(1, c.consecutive.length - 1), lo: base, hi: base },
                    ],
                  },
            xLabel: "window",
          }),
        c.baseline.method,
      ),
    );
  } else parts.push(unavailable("centroidStability", m.centroidStability));

  if (m.pairwiseSimilarity.available) {
    const p = m.pairwiseSimilarity;
    const shuffled = p.baseline.shuffledWithin;
    parts.push(
      section(
        "pairwiseSimilarity",
        lineChart({
          title: "Mean pairwise cosine within windows",
          series: [windowSeries("within window", p.within), windowSeries("shuffled baseline", shuffled)],
          xLabel: "window",
        }),
        p.baseline.method,
      ),
    );
  } else parts.push(unavailable("pairwiseSimilarity", m.pairwiseSimilarity));

  if (m.localCohesion.available) {
    const l = m.localCohesion;
    parts.push(
      section(
        "localCohesion",
        lineChart({
          title: `Mean cos to the ${l.k} nearest neighbours`,
          series: [
            windowSeries(
              "observed",
              l.windows.map((w) => w.mean),
            ),
            windowSeries("shuffled baseline", l.baseline.windows),
          ],
          xLabel: "window",
        }),
        l.baseline.method,
      ),
    );
  } else parts.push(unavailable("localCohesion", m.localCohesion));

  if (m.individualDrift.available) {
    parts.push(
      section(
        "individualDrift",
        agentChart(
          "Drift beyond the random-split placebo, per agent",
          m.individualDrift.perAgent.map((a) => ({ agent: a.agent, values: [a.drift - a.placebo] })),
          delta("individualDrift"),
        ),
      ),
    );
  } else parts.push(unavailable("individualDrift", m.individualDrift));

  if (m.feedbackAdaptation.available) {
    parts.push(
      section("feedbackAdaptation", agentChart("NP minus placebo, per agent", m.feedbackAdaptation.perAgent, delta("feedbackAdaptation"))),
    );
  } else parts.push(unavailable("feedbackAdaptation", m.feedbackAdaptation));

  if (m.interactionInfluence.available) {
    parts.push(
      section(
        "interactionInfluence",
        agentChart("delta minus placebo, per agent", m.interactionInfluence.perAgent, delta("interactionInfluence")),
      ),
    );
  } else parts.push(unavailable("interactionInfluence", m.interactionInfluence));

  if (m.influence.available) {
    const w = m.influence.windows;
    const observed = w.map((x) => x.next?.spearman ?? null);
    const bandOf = (pick: (x: (typeof w)[number]) => NullComparison | undefined) =>
      w.flatMap((x, i) => {
        const n = pick(x);
        return n && n.mean !== null && n.sd !== null ? [{ x: i, lo: n.mean - 2 * n.sd, hi: n.mean + 2 * n.sd }] : [];
      });
    const band = bandOf((x) => x.next?.exposureNull);
    parts.push(
      section(
        "influence",
        lineChart({
          title: "Primary: engagement beyond exposure, Spearman t vs t+1",
          series: [
            windowSeries(
              "observed",
              w.map((x) => x.next?.beyondExposure.spearman ?? null),
            ),
          ],
          band: { name: "exposure-matched null ±2 sd", points: bandOf((x) => x.next?.beyondExposure.exposureNull) },
          xLabel: "window",
        }) +
          lineChart({
            title: "Context: PageRank persistence (Spearman, window t vs t+1)",
            series: [
              windowSeries("observed", observed),
              windowSeries(
                "leader survival",
                w.map((x) => x.next?.leaderSurvival ?? null),
              ),
            ],
            band: { name: "exposure-matched null ±2 sd", points: band },
            xLabel: "window",
          }) +
          lineChart({
            title: "Concentration of PageRank",
            series: seriesOf(w, { "top-1% share": (x) => x.top1PercentShare, "top-5 share": (x) => x.top5Share }),
            xLabel: "window",
          }),
      ),
    );
  } else parts.push(unavailable("influence", m.influence));

  if (m.memoryProbes.available) {
    const g = m.memoryProbes.grounding;
    parts.push(
      section(
        "memoryProbes",
        `<p>${m.memoryProbes.answers} answers to ${m.memoryProbes.probes} probes (private response rate ${formatNumber(m.memoryProbes.responseRate.private.rate ?? 0)}); valid named entities ${m.memoryProbes.validity.valid} of ${m.memoryProbes.validity.named}; grounding ${g.observed === null ? "-" : formatNumber(g.observed)} against the exposure-matched null's ${g.null === null ? "-" : formatNumber(g.null)}.</p>` +
          agentChart(
            "Grounding minus the exposure-matched null (names of what each agent was shown most), per agent",
            m.memoryProbes.perAgent,
            delta("memoryProbes"),
          ),
      ),
    );
  } else parts.push(unavailable("memoryProbes", m.memoryProbes));

  if (m.sharedReferences.available) {
    const s = m.sharedReferences;
    parts.push(
      section(
        "sharedReferences",
        lineChart({
          title: "Most referenced entities (long-range)",
          series: [{ name: "references", points: s.concentration.top.map((t, i) => ({ x: i + 1, y: t.count })) }],
          xLabel: "rank",
        }),
        `${s.references.total} references, ${s.longRange.count} long-range (share ${s.longRange.share === null ? "-" : formatNumber(s.longRange.share)}); HHI ${s.concentration.hhi === null ? "-" : formatNumber(s.concentration.hhi)} vs popularity-weighted null ${s.concentration.null.hhiMean === null ? "-" : formatNumber(s.concentration.null.hhiMean)}.`,
      ),
    );
  } else parts.push(unavailable("sharedReferences", m.sharedReferences));

  if (m.memeDiffusion.available) {
    const d = m.memeDiffusion;
    parts.push(
      section(
        "memeDiffusion",
        lineChart({
          title: "Largest cascades (adopting agents)",
          series: [{ name: "cascade size", points: d.top.map((c, i) => ({ x: i + 1, y: c.size })) }],
          xLabel: "rank",
        }),
        `${d.cascades} cascades; size mean ${formatNumber(d.size.mean ?? Number.NaN)}, max ${formatNumber(d.size.max ?? Number.NaN)}; half-life median ${formatNumber(d.halfLifeHours.median ?? Number.NaN)} h.`,
      ),
    );
  } else parts.push(unavailable("memeDiffusion", m.memeDiffusion));

  const structureRows = Object.entries(moltbookStructure)
    .map(([key, published]) => {
      const value = (m.structure as Record<string, unknown>)[key];
      return `<tr><td>${key}</td><td>${typeof value === "number" ? formatNumber(value) : "-"}</td><td>${escapeXml(published)}</td></tr>`;
    })
    .join("");
  parts.push(
    section(
      "structure",
      `<table><thead><tr><th>statistic</th><th>this log</th><th>Moltbook (published)</th></tr></thead><tbody>${structureRows}</tbody></table>`,
    ),
  );

  const log = report.log;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Murmur report</title><style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1e24;background:#f7f8fa}
header{background:#1b1e24;color:#fff;padding:16px 32px}header h1{margin:0 0 4px;font-size:20px}header p{margin:0;color:#bbc}
main{padding:8px 32px 32px}section{background:#fff;box-shadow:0 1px 3px #0002;margin:16px 0;padding:12px 16px}
h2{font-size:16px;margin:4px 0 8px}.note{color:#495057;margin:0 0 8px}.charts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #e9ecef;padding:4px 8px;text-align:left}
tr.emerged td:nth-child(2){color:#2f9e44;font-weight:600}tr.absent td:nth-child(2){color:#1c7ed6;font-weight:600}tr.inconclusive td:nth-child(2){color:#868e96}
</style></head><body><header><h1>Murmur report</h1><p>${escapeXml(report.source)} - ${log.agents} agents, ${log.rounds} rounds (${formatNumber(log.roundHours)} h each), ${report.windows.length} windows, ${log.posts} posts, ${log.comments} comments, ${log.votes} votes; policy ${escapeXml(log.policies.join(", "))}; embedder ${escapeXml(report.embedder)}; seed ${report.seed}</p></header><main>${parts.join("")}</main></body></html>\n`;
}
