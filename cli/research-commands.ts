import { Option } from "commander";
import type { Command } from "commander";
import { ConfigFileError, presetNames } from "./presets.js";
import { numberList, positiveInt } from "./option-parsers.js";

/** The research commands - calibrate, sweep, bench - registered on the CLI's program. */
export function registerResearchCommands(program: Command): void {
  program
    .command("calibrate")
    .description("false-positive rates, negative and positive controls and dose-response over evaluation seeds, per diagnostic per N")
    .option(
      "--sizes <list>",
      "population sizes of knobs-off and the controls",
      (v) => numberList(v, "whole numbers >= 2", (n) => Number.isInteger(n) && n >= 2),
      [300, 1000],
    )
    .option("--rounds <n>", "rounds per run (168 = a week: windows are days)", positiveInt, 168)
    .option("--null-seeds <n>", "knobs-off seeds per size", positiveInt, 20)
    .option("--control-seeds <n>", "seeds per size of each negative control and of socialized", positiveInt, 5)
    .option("--dose-agents <n>", "population size of the dose-response runs", positiveInt, 300)
    .option(
      "--strengths <list>",
      "knob strengths of the dose-response (0 = the knobs-off runs)",
      (v) => numberList(v, "numbers in [0, 1]", (n) => n >= 0 && n <= 1),
      [0, 0.25, 0.5, 1],
    )
    .option("--replicates <n>", "dose-response seeds per knob and strength", positiveInt, 3)
    .option("--parallel <n>", "runs at once (each a `murmur run` with its own workerd; about one core each)", positiveInt, 1)
    .option("--work <dir>", "run directories; runs found done there are not redone (resume)", "runs/calibration")
    .option("--out <file>", "the markdown (a tracked file only as --out bench/calibration.md)", "runs/calibration/calibration.md")
    .option("--embedder-url <url>", "analyse with an OpenAI-compatible embedder (key from OPENAI_API_KEY)")
    .option("--embedder-model <name>", "the embedding model at --embedder-url")
    .option("--plan", "print the runs and the estimated time; run nothing", false)
    .action(
      async (opts: {
        sizes: number[];
        rounds: number;
        nullSeeds: number;
        controlSeeds: number;
        doseAgents: number;
        strengths: number[];
        replicates: number;
        parallel: number;
        work: string;
        out: string;
        embedderUrl?: string;
        embedderModel?: string;
        plan: boolean;
      }) => {
        const { calibrate } = await import("./commands/calibration.js");
        await calibrate({
          sizes: opts.sizes,
          rounds: opts.rounds,
          nullSeeds: opts.nullSeeds,
          controlSeeds: opts.controlSeeds,
          doseAgents: opts.doseAgents,
          strengths: opts.strengths,
          doseReplicates: opts.replicates,
          parallel: Math.max(1, opts.parallel),
          work: opts.work,
          out: opts.out,
          embedderUrl: opts.embedderUrl,
          embedderModel: opts.embedderModel,
          plan: opts.plan,
          command: `npx murmur ${process.argv.slice(2).join(" ")}`,
        });
      },
    );

  program
    .command("sweep")
    .description("run the same experiment at several population sizes and compare each diagnostic against N")
    .addOption(new Option("--preset <name>", `a preset in experiments/ (${presetNames().join(", ")})`).conflicts("config"))
    .option("--config <file>", "an experiment config (JSON)")
    .requiredOption("--agents <list>", "population sizes, comma-separated (e.g. 100,1000,10000)")
    .option("--rounds <n>", "rounds to run", positiveInt)
    .option("--seed <n>", "random seed (with --seeds K: the first of K consecutive seeds)", positiveInt)
    .option("--seeds <k>", "seeds per size: society-level verdicts aggregated across them", positiveInt, 1)
    .option("--out <dir>", "where the run directories and sweep.json go", "runs/sweep")
    .option("--server <url>", "run on a running `murmur serve` (its pages then compare the runs)")
    .option("--token <token>", "admin token of --server (default $MURMUR_ADMIN_TOKEN)")
    .action(
      async (opts: {
        preset?: string;
        config?: string;
        agents: string;
        rounds?: number;
        seed?: number;
        seeds: number;
        out: string;
        server?: string;
        token?: string;
      }) => {
        const agents = opts.agents.split(",").map((a) => Number(a.trim()));
        if (agents.length === 0 || agents.some((n) => !Number.isInteger(n) || n < 2))
          throw new ConfigFileError("--agents takes whole numbers >= 2, comma-separated");
        const { sweep } = await import("./commands/sweep.js");
        await sweep({
          preset: opts.preset,
          configFile: opts.config,
          agents,
          rounds: opts.rounds,
          seed: opts.seed,
          seeds: Math.max(1, opts.seeds),
          out: opts.out,
          server: opts.server,
          token: opts.token ?? process.env["MURMUR_ADMIN_TOKEN"],
        });
      },
    );

  program
    .command("bench")
    .description("measure the floor and sim runs at several sizes; append the results where --out says")
    .option("--preset <name>", `a preset in experiments/ (${presetNames().join(", ")})`, "moltbook-like")
    .option("--agents <list>", "population sizes, comma-separated", "1000,10000,100000")
    .option("--rounds <n>", "rounds per size", positiveInt, 3)
    .option("--floor-objects <n>", "fresh objects of the floor measurement", positiveInt, 2000)
    .option("--shards <n>", "content shards (default: chosen from N)", positiveInt)
    .option("--agents-per-coordinator <n>", "agents per coordinator (default: chosen from N)", positiveInt)
    .option("--coordinators-per-alarm <n>", "coordinators per alarm step (default: chosen from N)", positiveInt)
    .option("--analysis <dirs...>", "instead: time `murmur analyze` on these run directories (wall time, peak RSS)")
    .option(
      "--out <file>",
      "the markdown the tables are appended to (a tracked file only as --out bench/results.md)",
      "runs/bench/results.md",
    )
    .action(
      async (opts: {
        out: string;
        preset: string;
        agents: string;
        rounds: number;
        floorObjects: number;
        shards?: number;
        agentsPerCoordinator?: number;
        coordinatorsPerAlarm?: number;
        analysis?: string[];
      }) => {
        const { bench, benchAnalysis } = await import("./commands/bench.js");
        if (opts.analysis) {
          await benchAnalysis(opts.analysis, opts.out);
          return;
        }
        const agents = opts.agents.split(",").map((n) => positiveInt(n.trim()));
        const scale = {
          ...(opts.shards !== undefined ? { shards: opts.shards } : {}),
          ...(opts.agentsPerCoordinator !== undefined ? { agentsPerCoordinator: opts.agentsPerCoordinator } : {}),
          ...(opts.coordinatorsPerAlarm !== undefined ? { coordinatorsPerAlarm: opts.coordinatorsPerAlarm } : {}),
        };
        await bench({ out: opts.out, preset: opts.preset, agents, rounds: opts.rounds, floorObjects: opts.floorObjects, scale });
      },
    );
}
