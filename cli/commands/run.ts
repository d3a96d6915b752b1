import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { SingleBar } from "cli-progress";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { MurmurClient } from "../api-client.js";
import type { StatusView } from "../api-client.js";
import { defaultStateDir } from "../../node/repo-paths.js";
import { spawnLocalServer } from "../local/server-process.js";
import type { LocalServer } from "../local/local-server.js";
import { writeRunDirectory } from "../run-directory.js";
import { uploadArtifacts } from "./publish-reports.js";

export interface RunOptions {
  readonly config: ExperimentConfig | null;
  readonly resumeId?: string | undefined;
  readonly out?: string | undefined;
  readonly stateDir?: string | undefined;
  readonly server?: string | undefined;
  readonly token?: string | undefined;
  readonly port: number;
  readonly quiet: boolean;
  readonly pollMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs one experiment to its end on a local workerd (or a running `murmur serve`). */
export async function runExperiment(options: RunOptions): Promise<number> {
  const started = Date.now();
  const stateDir = resolve(options.stateDir ?? defaultStateDir(`${process.pid}-${started}`));
  let server: LocalServer | null = null;
  let client: MurmurClient;
  if (options.server) {
    if (!options.token) throw new Error("--server needs --token (or MURMUR_ADMIN_TOKEN)");
    client = new MurmurClient(options.server.replace(/\/$/, ""), options.token);
  } else {
    server = await spawnLocalServer({ port: options.port, stateDir });
    client = new MurmurClient(server.url, server.adminToken);
  }
  const dispose = async (): Promise<void> => {
    if (server) await server.dispose();
    server = null;
  };

  let status: StatusView;
  if (options.resumeId) {
    status = await client.status(options.resumeId);
    // A run whose server was killed is still "running": resume re-arms its loop if it must.
    if (status.status === "paused" || status.status === "failed" || status.status === "running")
      status = await client.control(status.id, "resume");
  } else {
    if (!options.config) throw new Error("no config to run");
    status = await client.create(options.config);
    // Before anything is spent: what the llm agents of this run are expected to cost.
    if (status.llm && !options.quiet) {
      const e = status.llm.estimate;
      console.log(
        `murmur: estimate - ${e.llmAgents} llm agents, ${e.llmTurns} llm agent-turns, <= ${e.promptTokensPerTurn} prompt + ${e.completionTokensPerTurn} completion tokens per turn, <= ${e.tokens} tokens, <= $${e.usd.toFixed(4)}${status.llm.budgetUsd !== null ? ` (cap $${status.llm.budgetUsd})` : ""}`,
      );
    }
    status = await client.control(status.id, "start");
  }
  const id = status.id;
  const out = resolve(options.out ?? `runs/${id}`);
  if (!options.quiet) {
    console.log(
      `murmur: experiment ${id} - ${status.agents} agents x ${status.rounds} rounds on ${server ? "local workerd" : client.baseUrl}`,
    );
  }

  let interrupted = false;
  const onInterrupt = (): void => {
    interrupted = true;
  };
  // Ctrl-C pauses. Wrangler and Miniflare (when this process also serves, as `npm start` does)
  // install SIGINT handlers that exit at once; during a run ours is the only one.
  const previous = process.listeners("SIGINT");
  process.removeAllListeners("SIGINT");
  process.once("SIGINT", onInterrupt);

  const bar = options.quiet
    ? null
    : new SingleBar({
        format: "round {value}/{total} |{bar}| {percentage}% | active {active} | {rate} actions/s | ETA {eta_formatted}",
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 20,
        // Under a log file, CI, nohup or a notebook: a plain line every 5 s instead of nothing.
        noTTYOutput: true,
        notTTYSchedule: 5_000,
      });
  bar?.start(status.rounds, status.roundsDone, { active: 0, rate: "0" });
  let lastActions = 0;
  let lastTime = Date.now();
  try {
    while (status.status === "running" && !interrupted) {
      await sleep(options.pollMs);
      status = await client.status(id);
      const now = Date.now();
      const rate = ((status.totals.actions - lastActions) * 1000) / Math.max(1, now - lastTime);
      lastActions = status.totals.actions;
      lastTime = now;
      bar?.update(status.roundsDone, { active: status.lastRound?.active ?? 0, rate: rate.toFixed(0) });
    }
    bar?.stop();
    if (interrupted && status.status === "running") {
      status = await client.control(id, "pause");
      console.log(`\nmurmur: paused ${id} at round ${status.round}. Resume with:`);
      console.log(`  npx murmur run --resume ${id} --state ${stateDir} --out ${out}`);
      await dispose();
      return 130;
    }
    if (status.status === "paused") {
      // Paused by the engine: a model quota or auth failure, or the budget cap.
      console.error(`murmur: experiment ${id} paused: ${status.reason ?? "no reason given"}`);
      console.error(`  resume with: npx murmur run --resume ${id} --state ${stateDir} --out ${out}`);
      await dispose();
      return 3;
    }
    if (status.status === "failed") {
      console.error(`murmur: experiment ${id} failed: ${status.reason ?? "unknown reason"}`);
      await dispose();
      return 1;
    }
    const wallMs = Date.now() - started;
    const result = await writeRunDirectory(client, status, out, wallMs);
    await dispose();
    // The run directory is the durable result; a state directory we made ourselves (on tmpfs,
    // i.e. in memory) goes. A paused run keeps it: resuming needs it.
    if (options.stateDir === undefined && !options.server) rmSync(stateDir, { recursive: true, force: true });
    // A run ends by analysing itself (report.json, report.html beside the log).
    const { analyze } = await import("./analyze.js");
    const report = await analyze(out, { seed: 1, quiet: true });
    // A server that outlives this run (`--server`, `npm start`) keeps the report for its pages.
    if (options.server) await uploadArtifacts(client, id, out);
    if (!options.quiet) {
      const { verdictSummary } = await import("../../report/verdict-summary.js");
      console.log(verdictSummary(report));
      const turns = status.totals.active;
      console.log(
        `murmur: ${status.status} - ${status.roundsDone} rounds, ${turns} agent-turns, ${status.totals.actions} actions, ${result.events} events in ${(wallMs / 1000).toFixed(1)} s (${((turns * 1000) / wallMs).toFixed(0)} agent-turns/s)`,
      );
      console.log(`murmur: run directory ${result.dir}`);
    }
    return status.status === "finished" || status.status === "stopped" ? 0 : 1;
  } finally {
    process.removeListener("SIGINT", onInterrupt);
    for (const listener of previous) process.on("SIGINT", listener);
    await dispose();
  }
}
