import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parseExperimentConfig } from "../core/contracts/experiment-config.js";
import type { ExperimentConfig } from "../core/contracts/experiment-config.js";
import { presetsDir } from "../node/repo-paths.js";
import { diagnoseConfigText, formatConfigProblems } from "../core/contracts/config-diagnostics.js";
import type { ConfigProblem } from "../core/contracts/config-diagnostics.js";
import { defaultLlmTurnTimeoutMs } from "../core/tunables.js";

export class ConfigFileError extends Error {
  override readonly name = "ConfigFileError";
}

export function presetNames(): string[] {
  return readdirSync(presetsDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.replace(/\.json$/, ""))
    .sort();
}

function readJsonFile(path: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const text = existsSync(path) ? readFileSync(path, "utf8") : null;
    const diagnosis = text === null ? null : diagnoseConfigText(text);
    if (diagnosis && !diagnosis.ok) throw new ConfigFileError(formatConfigProblems(diagnosis.problems, path).join("\n"));
    throw new ConfigFileError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = z.record(z.string(), z.unknown()).safeParse(raw);
  if (!parsed.success) throw new ConfigFileError(`${path} must hold a JSON object`);
  return parsed.data;
}

export interface ConfigOverrides {
  readonly agents?: number | undefined;
  readonly rounds?: number | undefined;
  readonly seed?: number | undefined;
  readonly shards?: number | undefined;
  readonly batchSize?: number | undefined;
  /** `--policy llm --base-url URL --model NAME`: every agent an llm agent on that endpoint. */
  readonly policy?: "sim" | "llm" | undefined;
  readonly baseUrl?: string | undefined;
  readonly model?: string | undefined;
  readonly budgetUsd?: number | undefined;
  readonly inputUsdPerMTok?: number | undefined;
  readonly outputUsdPerMTok?: number | undefined;
}

/** The config fragment of `--policy llm`: one provider, one model, the key from OPENAI_API_KEY. */
function llmOverrides(base: Record<string, unknown>, overrides: ConfigOverrides, scale: Record<string, unknown>): Record<string, unknown> {
  if (overrides.policy !== "llm") return overrides.policy === "sim" ? { policy: "sim" } : {};
  if (!overrides.baseUrl || !overrides.model) throw new ConfigFileError("--policy llm needs --base-url and --model");
  const existing = z.record(z.string(), z.unknown()).safeParse(base["llm"]);
  // A model answers in seconds, not milliseconds: give turns the llm deadline unless the config set one.
  if (scale["turnTimeoutMs"] === undefined) scale["turnTimeoutMs"] = defaultLlmTurnTimeoutMs;
  return {
    policy: "llm",
    groups: undefined,
    llm: {
      ...(existing.success ? existing.data : {}),
      providers: { default: { baseUrl: overrides.baseUrl } },
      models: {
        [overrides.model.replace(/[^A-Za-z0-9._:-]/g, "-").slice(0, 64)]: {
          provider: "default",
          model: overrides.model,
          inputUsdPerMTok: overrides.inputUsdPerMTok ?? 0,
          outputUsdPerMTok: overrides.outputUsdPerMTok ?? 0,
        },
      },
      ...(overrides.budgetUsd !== undefined ? { budgetUsd: overrides.budgetUsd } : {}),
    },
  };
}

/**
 * A config file's issues at their line and column (core/contracts/config-diagnostics.ts), where the
 * file holds what the issue names; an issue an override caused (or that the file does not show)
 * stays as the schema gave it.
 */
function locatedIssues(configFile: string | undefined, issues: readonly string[]): string[] {
  if (configFile === undefined) return [...issues];
  const diagnosis = diagnoseConfigText(readFileSync(configFile, "utf8"));
  if (diagnosis.ok) return [...issues];
  return issues.map((issue) => {
    // An unknown key is the schema's issue of the object that holds it.
    const pathOf = (p: ConfigProblem): string => (p.message.startsWith("unknown key") ? p.path.split(".").slice(0, -1).join(".") : p.path);
    const index = diagnosis.problems.findIndex((p) => issue.startsWith(`${pathOf(p) === "" ? "config" : pathOf(p)}: `));
    const problem = diagnosis.problems[index];
    return problem ? (formatConfigProblems([problem], configFile)[0] ?? issue) : issue;
  });
}

/** A preset or config file with command-line overrides, validated by the config schema. */
export function resolveConfig(
  source: { preset?: string | undefined; configFile?: string | undefined },
  overrides: ConfigOverrides,
): ExperimentConfig {
  let base: Record<string, unknown>;
  if (source.configFile) base = readJsonFile(source.configFile);
  else {
    const preset = source.preset ?? "moltbook-like";
    if (!presetNames().includes(preset)) throw new ConfigFileError(`unknown preset "${preset}"; presets: ${presetNames().join(", ")}`);
    base = readJsonFile(join(presetsDir, `${preset}.json`));
  }
  const scaleInput = z.record(z.string(), z.unknown()).safeParse(base["scale"]);
  const scale: Record<string, unknown> = scaleInput.success ? { ...scaleInput.data } : {};
  if (overrides.shards !== undefined) scale["shards"] = overrides.shards;
  if (overrides.batchSize !== undefined) scale["agentsPerCoordinator"] = overrides.batchSize;
  const merged: Record<string, unknown> = { ...base, ...llmOverrides(base, overrides, scale), scale };
  if (merged["groups"] === undefined) delete merged["groups"];
  if (overrides.agents !== undefined) merged["agents"] = overrides.agents;
  if (overrides.rounds !== undefined) merged["rounds"] = overrides.rounds;
  if (overrides.seed !== undefined) merged["seed"] = overrides.seed;
  const parsed = parseExperimentConfig(merged);
  if (!parsed.ok) throw new ConfigFileError(`invalid config:\n  ${locatedIssues(source.configFile, parsed.issues).join("\n  ")}`);
  return parsed.config;
}
