import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { assertPortFree } from "./local/port-check.js";
import { quietEnvironment } from "./local/quiet-environment.js";
import { ConfigFileError, presetNames, resolveConfig } from "./presets.js";
import { runExperiment } from "./commands/run.js";
import { collectRunsDir, nonNegativeNumber, positiveInt, positiveNumber } from "./option-parsers.js";
import { registerResearchCommands } from "./research-commands.js";
import { exportFormats, isExportFormat } from "../node/export/export-formats.js";

/**
 * Waits for Ctrl-C or SIGTERM (or, for a server owned by a parent CLI, the parent going away).
 * Miniflare installs its own handlers that exit at once; ours replace them so the server is
 * disposed in order.
 */
function untilStopped(ownedByParent: boolean): Promise<void> {
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  return new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
    if (ownedByParent) {
      process.stdin.resume();
      process.stdin.once("end", () => resolve());
      process.stdin.once("close", () => resolve());
    }
  });
}

/** The package's version, for `murmur --version`. */
function packageVersion(): string {
  const raw: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return typeof raw === "object" && raw !== null && "version" in raw && typeof raw.version === "string" ? raw.version : "unknown";
}

/** Exit code of a usage error (unknown command or option, missing or invalid argument), as POSIX tools use. */
const usageExitCode = 2;

const program = new Command()
  .name("murmur")
  .description("A laboratory for AI-agent societies on Cloudflare's edge")
  .version(packageVersion(), "-V, --version", "print the version")
  .showHelpAfterError()
  // Commands defined below inherit this: help and --version exit 0, any usage error 2.
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : usageExitCode);
  });

program
  .command("run")
  .description("run an experiment on a local workerd (or a running `murmur serve`) and write its run directory")
  .addOption(new Option("--preset <name>", `a preset in experiments/ (${presetNames().join(", ")})`).conflicts("config"))
  .option("--config <file>", "an experiment config (JSON)")
  .option("--agents <n>", "population size", positiveInt)
  .option("--rounds <n>", "rounds to run", positiveInt)
  .option("--seed <n>", "random seed", positiveInt)
  .option("--shards <n>", "content shards", positiveInt)
  .option("--batch-size <n>", "agents per coordinator", positiveInt)
  .addOption(new Option("--policy <policy>", "policy of every agent (overrides the preset)").choices(["sim", "llm"]))
  .option("--base-url <url>", "--policy llm: an OpenAI-compatible base URL (key from $OPENAI_API_KEY)")
  .option("--model <name>", "--policy llm: the endpoint's model name")
  .option("--budget-usd <usd>", "--policy llm: hard cost cap; the run pauses before crossing it", positiveNumber)
  .option("--price-in <usd>", "--policy llm: USD per million prompt tokens (for the estimate and the cap)", nonNegativeNumber)
  .option("--price-out <usd>", "--policy llm: USD per million completion tokens", nonNegativeNumber)
  .option("--out <dir>", "run directory (default runs/<id>)")
  .option("--state <dir>", "where the local server keeps its state (default: a fresh directory on tmpfs)")
  .option("--resume <id>", "resume a paused experiment (with the --state it ran in)")
  .option("--server <url>", "use a running `murmur serve` instead of starting one")
  .option("--token <token>", "admin token of --server (default $MURMUR_ADMIN_TOKEN)")
  .option("--port <port>", "port of the local server (0 = any free port)", positiveInt, 0)
  .option("--quiet", "no progress bar", false)
  .action(
    async (opts: {
      preset?: string;
      config?: string;
      agents?: number;
      rounds?: number;
      seed?: number;
      shards?: number;
      batchSize?: number;
      policy?: "sim" | "llm";
      baseUrl?: string;
      model?: string;
      budgetUsd?: number;
      priceIn?: number;
      priceOut?: number;
      out?: string;
      state?: string;
      resume?: string;
      server?: string;
      token?: string;
      port: number;
      quiet: boolean;
    }) => {
      const config = opts.resume
        ? null
        : resolveConfig(
            { preset: opts.preset, configFile: opts.config },
            {
              agents: opts.agents,
              rounds: opts.rounds,
              seed: opts.seed,
              shards: opts.shards,
              batchSize: opts.batchSize,
              policy: opts.policy,
              baseUrl: opts.baseUrl,
              model: opts.model,
              budgetUsd: opts.budgetUsd,
              inputUsdPerMTok: opts.priceIn,
              outputUsdPerMTok: opts.priceOut,
            },
          );
      process.exitCode = await runExperiment({
        config,
        resumeId: opts.resume,
        out: opts.out,
        stateDir: opts.state,
        server: opts.server,
        token: opts.token ?? process.env["MURMUR_ADMIN_TOKEN"],
        port: opts.port,
        quiet: opts.quiet,
        pollMs: 250,
      });
    },
  );

program
  .command("serve")
  .description("serve the Worker, its Durable Objects and the pages locally, with persisted state")
  .option("--port <port>", "port", positiveInt, 8787)
  .option("--state <dir>", "state directory (default .murmur/state)")
  .option("--runs <dir>", "also list the run directories under <dir> (repeatable; ./runs always)", collectRunsDir, [])
  .addOption(new Option("--ready-json", "print {url, adminToken} as one JSON line when ready (for scripts)").hideHelp())
  .action(async (opts: { port: number; state?: string; runs: string[]; readyJson?: boolean }) => {
    // Before loading the server's modules: a busy port ends the command within seconds.
    await assertPortFree(opts.port);
    const { serve } = await import("./commands/serve.js");
    const server = await serve({ port: opts.port, stateDir: opts.state, runs: opts.runs, readyJson: opts.readyJson === true });
    await untilStopped(opts.readyJson === true);
    await server.dispose();
  });

program
  .command("start")
  .description("serve locally and run the default preset, so the page at / shows it progressing")
  .option("--port <port>", "port", positiveInt, 8787)
  .option("--preset <name>", "preset to run", "moltbook-like")
  .option("--runs <dir>", "also list the run directories under <dir> (repeatable; ./runs always)", collectRunsDir, [])
  .action(async (opts: { port: number; preset: string; runs: string[] }) => {
    // The preset is checked before the server starts: a typo ends the command, not a server left running.
    const config = resolveConfig({ preset: opts.preset }, {});
    await assertPortFree(opts.port);
    const { serve } = await import("./commands/serve.js");
    const server = await serve({ port: opts.port, runs: opts.runs });
    const code = await runExperiment({
      config,
      server: server.url,
      token: server.adminToken,
      port: opts.port,
      quiet: false,
      pollMs: 500,
    });
    if (code !== 0) {
      await server.dispose();
      process.exitCode = code;
      return;
    }
    console.log(`murmur: still serving ${server.url}/#token=${server.adminToken} - Ctrl-C to stop`);
    await untilStopped(false);
    await server.dispose();
  });

program
  .command("pull")
  .description("download an experiment of a running server as a run directory (what the pages' download button gives)")
  .argument("<id>", "the experiment's id (x...)")
  .requiredOption("--server <url>", "the server, e.g. http://127.0.0.1:8787")
  .option("--token <token>", "admin token of --server (default $MURMUR_ADMIN_TOKEN)")
  .option("--out <dir>", "run directory to write (default runs/<id>)")
  .action(async (id: string, opts: { server: string; token?: string; out?: string }) => {
    const { pullCommand } = await import("./commands/pull.js");
    process.exitCode = await pullCommand(id, opts);
  });

program
  .command("analyze")
  .description("analyse a run directory or any docs/events.md log: report.json, report.html and a verdict summary")
  .argument("<path>", "a run directory or an events.ndjson file")
  .option("--seed <n>", "seed of placebos, nulls and bootstraps", positiveInt, 1)
  .option("--embedder-url <url>", "an OpenAI-compatible base URL for the optional embedder (key from OPENAI_API_KEY)")
  .option("--embedder-model <name>", "the embedding model at --embedder-url")
  .option(
    "--compare <real>",
    "a real log (run directory or events.ndjson, e.g. an import) whose twin statistics are shown beside the run's",
  )
  .addOption(new Option("--resources", "print wall seconds and peak RSS as one JSON line (benchmarks)").hideHelp())
  .action(
    async (path: string, opts: { seed: number; embedderUrl?: string; embedderModel?: string; compare?: string; resources?: boolean }) => {
      const { analyze } = await import("./commands/analyze.js");
      const started = Date.now();
      await analyze(path, {
        seed: opts.seed,
        embedderUrl: opts.embedderUrl,
        embedderModel: opts.embedderModel,
        compare: opts.compare,
        quiet: opts.resources === true,
      });
      if (opts.resources) {
        console.log(
          JSON.stringify({ seconds: (Date.now() - started) / 1000, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }),
        );
      }
    },
  );

program
  .command("import")
  .description("import real platform data as a docs/events.md log (streamed: multi-GB dumps in bounded memory)")
  .argument("<source>", "the data's origin: moltbook")
  .argument("<files...>", "posts and comments tables (JSON, JSONL, CSV, Parquet) or raw API responses")
  .requiredOption("--out <dir>", "run directory to write")
  .option("--map <file>", "a column mapping (JSON) for dumps whose field names differ, or a built-in layout: observatory")
  .addOption(
    new Option("--same-hour-replies <mode>", "a reply that would precede what it answers in its hour")
      .choices(["defer", "drop"])
      .default("defer"),
  )
  .option("--temp <dir>", "where the temporary sort files go (default: the OS temp directory; about the size of the dump)")
  .option("--quiet", "no progress", false)
  .action(
    async (
      source: string,
      files: string[],
      opts: { out: string; map?: string; sameHourReplies: "defer" | "drop"; temp?: string; quiet: boolean },
    ) => {
      const { importCommand } = await import("./commands/import.js");
      process.exitCode = await importCommand(source, files, opts);
    },
  );

program
  .command("export")
  .description(
    "a run directory as tidy tables (csv, parquet, sqlite) and influence graphs (gexf, graphml), docs/export.md; with --server, an experiment of a running server (--format run: its run directory)",
  )
  .argument("<run>", "a run directory, or with --server an experiment id (x...)")
  .requiredOption("--format <list>", `${[...exportFormats, "run"].join(", ")}; several comma-separated`, (value) => {
    const formats = value.split(",").map((f) => f.trim());
    if (formats.some((f) => f !== "run" && !isExportFormat(f)))
      throw new InvalidArgumentError(`expected ${[...exportFormats, "run"].join(", ")}, comma-separated`);
    return formats;
  })
  .requiredOption("--out <dir>", "directory to write the files into")
  .option("--server <url>", "export an experiment of this running server (downloaded as a run directory into <out>/run first)")
  .option("--token <token>", "admin token of --server (default $MURMUR_ADMIN_TOKEN)")
  .option("--quiet", "print nothing but errors", false)
  .action(async (run: string, opts: { format: string[]; out: string; server?: string; token?: string; quiet: boolean }) => {
    const { exportCommand } = await import("./commands/export.js");
    const tables = opts.format.filter(isExportFormat);
    if (opts.server === undefined && opts.format.includes("run"))
      throw new ConfigFileError("--format run needs --server: a run directory is already one");
    let dir = run;
    if (opts.server !== undefined) {
      const { pullCommand } = await import("./commands/pull.js");
      dir = join(opts.out, "run");
      const pulled = await pullCommand(run, { server: opts.server, token: opts.token, out: dir });
      if (pulled !== 0 || tables.length === 0) {
        process.exitCode = pulled;
        return;
      }
    }
    process.exitCode = await exportCommand(dir, { formats: tables, out: opts.out, quiet: opts.quiet });
  });

registerResearchCommands(program);

program
  .command("build")
  .description("bundle the Worker and the pages")
  .action(async () => {
    quietEnvironment();
    const { buildAll } = await import("./local/build.js");
    await buildAll();
    console.log("murmur: built .murmur/build/worker.mjs and web/dist/");
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigFileError) {
    console.error(`murmur: ${error.message}`);
    process.exitCode = 2;
  } else {
    // Node's fetch reports "fetch failed" and keeps the reason in `cause`: show both.
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
    console.error(`murmur: ${error instanceof Error ? error.message : String(error)}${cause}`);
    if (process.env["MURMUR_DEBUG"] && error instanceof Error) console.error(error.stack);
    process.exitCode = 1;
  }
}
