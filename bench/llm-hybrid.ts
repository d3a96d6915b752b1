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
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { sensibleAnswer, startFakeLlmServer } from "../test/support/fake-llm-server.js";
import { codeCommit, localLlmSettings, machineLine, price, runMurmur, usdAtPrice } from "./llm-bench-run.js";

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
  const llm = localLlmSettings(baseUrl, { maxConcurrency });
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
  const machine = machineLine();
  const commit = codeCommit();
  if (!existsSync(out))
    writeFileSync(
      out,
      `| date | commit | machine | run | agents x rounds | llm agents | latency | wall s | llm calls | max in flight | prompt / completion tokens | USD at ${price.model} ($${price.inputUsdPerMTok} / $${price.outputUsdPerMTok} per M) | status |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n`,
    );
  try {
    for (const key of (values.cases ?? "").split(",")) {
      const c = cases[key.trim()];
      if (!c) throw new Error(`unknown case ${key}; cases: ${Object.keys(cases).join(", ")}`);
      const before = server.flights.length;
      const run = await runMurmur(config(c, server.baseUrl), "murmur-hybrid-");
      const { summary, wallS } = run;
      const calls = server.flights.length - before;
      const usd = usdAtPrice(summary.tokens);
      const row = `| ${new Date().toISOString().slice(0, 10)} | ${commit} | ${machine} | ${c.name} | ${c.agents.toLocaleString("en-US")} x ${c.rounds} | ${Math.round(c.agents * c.llmShare).toLocaleString("en-US")} | ${latencyMs} ms, limit ${maxConcurrency} | ${wallS.toFixed(0)} | ${calls.toLocaleString("en-US")} (log: ${(summary.llm?.calls ?? 0).toLocaleString("en-US")}) | ${server.maxInFlight()} | ${summary.tokens.prompt.toLocaleString("en-US")} / ${summary.tokens.completion.toLocaleString("en-US")} | ${usd.toFixed(4)} | ${summary.status}${run.exitStatus === 0 ? "" : `, exit ${run.exitStatus}`} |\n`;
      appendFileSync(out, row);
      console.log(row.trim());
    }
  } finally {
    await server.close();
  }
}

await main();
