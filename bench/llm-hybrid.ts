/**
 * llm populations at scale against a local OpenAI-compatible server that answers with a realistic
 * latency: llm-only at 1,000 and 10,000 agents, and an llm core in a sim periphery at 100,000. Per
 * run: agents x rounds x wall time x calls x tokens x dollars at a stated price.
 *
 *   npx tsx bench/llm-hybrid.ts --out runs/bench/llm-hybrid.md [--latency-ms 1000] [--cases 1k,10k,100k]
 *
 * The server is the tests' (test/support/fake-llm-server.ts): real HTTP, each answer a valid turn,
 * its usage counted as ~4 characters a token. Writes a markdown table where --out says (appends).
 */
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { simRunSummarySchema } from "../core/contracts/run-directory.js";
import { sensibleAnswer, startFakeLlmServer } from "../test/support/fake-llm-server.js";

/** The stated price: gpt-4o-mini's list price (USD per million tokens, in / out). */
const price = { model: "gpt-4o-mini list price", inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 };
/** The provider's limit across the experiment: a modest hosted tier. */
const maxConcurrency = 64;

interface Case {
  readonly name: string;
  readonly agents: number;
  readonly rounds: number;
  /** Share of agents with the llm policy; the rest are sim. */
  readonly llmShare: number;
}

const cases: Record<string, Case> = {
  "1k": { name: "llm only", agents: 1_000, rounds: 3, llmShare: 1 },
  "10k": { name: "llm only", agents: 10_000, rounds: 2, llmShare: 1 },
  "100k": { name: "llm core (1 %) in a sim periphery", agents: 100_000, rounds: 2, llmShare: 0.01 },
};

function config(c: Case, baseUrl: string): Record<string, unknown> {
  const llm = {
    providers: { local: { baseUrl, maxConcurrency, timeoutMs: 60_000, maxRetries: 2 } },
    models: {
      fake: { provider: "local", model: "fake-model", inputUsdPerMTok: price.inputUsdPerMTok, outputUsdPerMTok: price.outputUsdPerMTok },
    },
  };
  const groups =
    c.llmShare >= 1
      ? undefined
      : [
          { name: "core", share: c.llmShare, policy: "llm", model: "fake" },
          { name: "periphery", share: 1 - c.llmShare, policy: "sim" },
        ];
  return {
    name: `${c.name} ${c.agents}`,
    agents: c.agents,
    rounds: c.rounds,
    seed: 7,
    ...(groups ? { groups } : { policy: "llm" }),
    llm,
    scale: { turnTimeoutMs: 600_000 },
  };
}

function commit(): string {
  return spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string", default: "runs/bench/llm-hybrid.md" },
      "latency-ms": { type: "string", default: "1000" },
      cases: { type: "string", default: "1k,10k,100k" },
    },
  });
  const latencyMs = Number(values["latency-ms"]);
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  const server = await startFakeLlmServer(({ userText, n }) => ({
    kind: "slow",
    ms: latencyMs,
    then: { kind: "answer", content: sensibleAnswer(userText, n) },
  }));
  const machine = `${cpus()[0]?.model ?? "cpu"} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  if (!existsSync(out))
    writeFileSync(
      out,
      `| date | commit | machine | run | agents x rounds | llm agents | latency | wall s | llm calls | max in flight | prompt / completion tokens | USD at ${price.model} ($${price.inputUsdPerMTok} / $${price.outputUsdPerMTok} per M) | status |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n`,
    );
  try {
    for (const key of (values.cases ?? "").split(",")) {
      const c = cases[key.trim()];
      if (!c) throw new Error(`unknown case ${key}; cases: ${Object.keys(cases).join(", ")}`);
      const dir = mkdtempSync(join(tmpdir(), "murmur-hybrid-"));
      const file = join(dir, "config.json");
      writeFileSync(file, JSON.stringify(config(c, server.baseUrl)));
      const before = server.flights.length;
      const started = Date.now();
      // Not spawnSync: the server answers from this process's event loop.
      const child = spawn(process.execPath, ["bin/murmur.mjs", "run", "--config", file, "--out", join(dir, "run"), "--quiet"], {
        stdio: "inherit",
        env: { ...process.env, OPENAI_API_KEY: "sk-bench-not-a-key-000000" },
      });
      const run = await new Promise<{ status: number | null }>((done) => child.on("exit", (status) => done({ status })));
      const wallS = (Date.now() - started) / 1000;
      const summary = simRunSummarySchema.parse(JSON.parse(readFileSync(join(dir, "run", "summary.json"), "utf8")));
      const calls = server.flights.length - before;
      const usd = (summary.tokens.prompt * price.inputUsdPerMTok + summary.tokens.completion * price.outputUsdPerMTok) / 1e6;
      const row = `| ${new Date().toISOString().slice(0, 10)} | ${commit()} | ${machine} | ${c.name} | ${c.agents.toLocaleString("en-US")} x ${c.rounds} | ${Math.round(c.agents * c.llmShare).toLocaleString("en-US")} | ${latencyMs} ms, limit ${maxConcurrency} | ${wallS.toFixed(0)} | ${calls.toLocaleString("en-US")} (log: ${(summary.llm?.calls ?? 0).toLocaleString("en-US")}) | ${server.maxInFlight()} | ${summary.tokens.prompt.toLocaleString("en-US")} / ${summary.tokens.completion.toLocaleString("en-US")} | ${usd.toFixed(4)} | ${summary.status}${run.status === 0 ? "" : `, exit ${run.status}`} |\n`;
      appendFileSync(out, row);
      console.log(row.trim());
    }
  } finally {
    await server.close();
  }
}

await main();
