import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import type { Knobs } from "../../core/contracts/experiment-config.js";
import type { Report } from "../../core/contracts/report.js";
import { diagnosticRules } from "../../analysis/metrics/registry.js";
import { defaultStateDir, repoRoot } from "../../node/repo-paths.js";
import { spawnLocalServer } from "../local/server-process.js";
import { resolveConfig } from "../presets.js";
import { analyze } from "./analyze.js";
import { runExperiment } from "./run.js";

export interface CalibrationOptions {
  readonly seeds: number;
  readonly agents: number;
  readonly rounds: number;
  readonly strengths: readonly number[];
}

/** Which diagnostic each sim knob is the positive control of (docs/metrics.md "Controls"). */
const knobDiagnostic: Record<Exclude<keyof Knobs, "authorAppeal" | "positionBias">, string> = {
  feedbackLearning: "feedbackAdaptation",
  partnerImitation: "interactionInfluence",
  memoryReferences: "sharedReferences",
  preferentialAttention: "influence",
};

/** The diagnostics with a verdict, in report order. */
const diagnostics = diagnosticRules.map((rule) => rule.metric);

/**
 * bench/calibration: the false-positive rate of every verdict over many seeds of `moltbook-like`,
 * a dose-response curve per sim knob, and `socialized` at the same size; written to
 * bench/calibration.md with the machine, commit and command.
 */
export async function calibrate(options: CalibrationOptions): Promise<void> {
  const started = Date.now();
  const stateDir = defaultStateDir(`calibration-${process.pid}`);
  const server = await spawnLocalServer({ stateDir, port: 0 });
  const work = mkdtempSync(join(tmpdir(), "murmur-calibration-"));
  const runOne = async (label: string, preset: string, seed: number, knobs: Partial<Knobs> | null): Promise<Report> => {
    const base = resolveConfig({ preset }, { agents: options.agents, rounds: options.rounds, seed });
    const config = knobs ? { ...base, knobs: { ...base.knobs, ...knobs } } : base;
    const out = join(work, label);
    const code = await runExperiment({ config, out, server: server.url, token: server.adminToken, port: 0, quiet: true, pollMs: 250 });
    if (code !== 0) throw new Error(`calibration run ${label} exited ${code}`);
    const report = await analyze(out, { seed, quiet: true });
    rmSync(out, { recursive: true, force: true });
    process.stdout.write(`${label}: ${report.verdicts.map((v) => `${v.metric}=${v.verdict}`).join(" ")}\n`);
    return report;
  };
  try {
    const nulls: Report[] = [];
    for (let seed = 1; seed <= options.seeds; seed++) nulls.push(await runOne(`moltbook-like-seed-${seed}`, "moltbook-like", seed, null));
    const doses: { knob: keyof typeof knobDiagnostic; strength: number; effect: number | null; verdict: string }[] = [];
    for (const knob of Object.keys(knobDiagnostic) as (keyof typeof knobDiagnostic)[]) {
      for (const strength of options.strengths) {
        const report = strength === 0 ? nulls[0] : await runOne(`${knob}-${strength}`, "moltbook-like", 1, { [knob]: strength });
        const verdict = report?.verdicts.find((v) => v.metric === knobDiagnostic[knob]);
        doses.push({ knob, strength, effect: verdict?.effect ?? null, verdict: verdict?.verdict ?? "missing" });
      }
    }
    const socialized = await runOne("socialized-seed-1", "socialized", 1, null);
    writeFileSync(
      join(repoRoot, "bench", "calibration.md"),
      renderCalibration(options, nulls, doses, socialized, (Date.now() - started) / 1000),
    );
  } finally {
    await server.dispose();
    rmSync(work, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function fmt(value: number | null): string {
  return value === null || !Number.isFinite(value) ? "-" : Number(value.toPrecision(3)).toString();
}

function renderCalibration(
  options: CalibrationOptions,
  nulls: readonly Report[],
  doses: readonly { knob: keyof typeof knobDiagnostic; strength: number; effect: number | null; verdict: string }[],
  socialized: Report,
  seconds: number,
): string {
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
  const machine = `${cpus()[0]?.model ?? "cpu"} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const lines = [
    "# Calibration of the verdicts",
    "",
    `Recorded ${new Date().toISOString().slice(0, 10)} at commit ${commit} on ${machine}, in ${Math.round(seconds)} s, by`,
    `\`npx murmur calibrate --seeds ${options.seeds} --agents ${options.agents} --rounds ${options.rounds} --strengths ${options.strengths.join(",")}\`.`,
    "",
    `## False positives: ${options.seeds} seeds of moltbook-like (${options.agents} agents x ${options.rounds} rounds), knobs off`,
    "",
    "A false positive is an `emerged` verdict on a run whose sim knobs are all off. Required: <= 5 %.",
    "",
    "| diagnostic | emerged | absent | inconclusive | false-positive rate |",
    "|---|---|---|---|---|",
  ];
  for (const metric of diagnostics) {
    const verdicts = nulls.map((r) => r.verdicts.find((v) => v.metric === metric)?.verdict ?? "missing");
    const count = (value: string): number => verdicts.filter((v) => v === value).length;
    lines.push(
      `| ${metric} | ${count("emerged")} | ${count("absent")} | ${count("inconclusive")} | ${((100 * count("emerged")) / nulls.length).toFixed(1)} % |`,
    );
  }
  lines.push(
    "",
    "## Dose-response: one knob at a time on moltbook-like (seed 1)",
    "",
    "| knob | diagnostic | strength | primary statistic | verdict |",
    "|---|---|---|---|---|",
  );
  for (const d of doses) lines.push(`| ${d.knob} | ${knobDiagnostic[d.knob]} | ${d.strength} | ${fmt(d.effect)} | ${d.verdict} |`);
  lines.push(
    "",
    `## socialized (seed 1, ${options.agents} agents x ${options.rounds} rounds)`,
    "",
    "| diagnostic | verdict | effect | 95 % CI | n |",
    "|---|---|---|---|---|",
  );
  for (const v of socialized.verdicts)
    lines.push(`| ${v.metric} | ${v.verdict} | ${fmt(v.effect)} | ${v.ci ? `[${fmt(v.ci[0])}, ${fmt(v.ci[1])}]` : "-"} | ${v.n} |`);
  return `${lines.join("\n")}\n`;
}
