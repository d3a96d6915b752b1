/**
 * Are long llm runs bounded? A small llm population for many rounds against a local
 * OpenAI-compatible server that answers at once, each answer filling the JSON Schema it was sent
 * (test/support/schema-filling-model.ts), and the prompt and completion tokens of every call by round,
 * from two views: the server's (every request it received, sorted by purpose) and the run's own
 * accounting (the log's `llmCall` events). Per bucket of rounds: calls per round, prompt tokens per
 * call (mean, p50, p95, max), completion tokens per call; and the least-squares slope of per-round
 * mean prompt tokens against round after the first rounds, with its 95 % interval.
 *
 *   npx tsx bench/llm-long-run.ts --out runs/bench/llm-long-run.md [--agents 24] [--rounds 1000]
 *
 * Writes the markdown report at --out (replaced) and the per-round means beside it (.csv).
 */
import { createReadStream, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { startFakeLlmServer } from "../test/support/fake-llm-server.js";
import type { FakeLlmServer } from "../test/support/fake-llm-server.js";
import { codeCommit, localLlmSettings, machineLine, runMurmur, usdAtPrice } from "./llm-bench-run.js";
import type { MurmurRun } from "./llm-bench-run.js";
import { schemaAnswer } from "../test/support/schema-filling-model.js";
import { bucketRows, leastSquares, perRoundMeans } from "./llm-long-run-stats.js";
import type { BucketRow, CallTokens, SlopeFit } from "./llm-long-run-stats.js";

type Purpose = "turn" | "repair" | "reflect" | "probe";
/** A turn prompt's parts, in tokens: what each component of the prompt costs. */
const partNames = ["system", "memories", "notifications", "feed", "other", "answerSchema"] as const;
type Parts = Record<(typeof partNames)[number], number>;
interface ServedCall extends CallTokens {
  readonly purpose: Purpose;
  readonly parts: Parts | null;
}

const startTime = "2026-01-28T00:00:00.000Z";
const roundMinutes = 60;
/** The fake server's usage rule (test/support/fake-llm-server.ts): ~4 characters a token. */
const tokensOf = (text: string): number => Math.ceil(text.length / 4);

function purposeOf(schema: unknown, messages: number): Purpose {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  if ("actions" in properties) return messages > 2 ? "repair" : "turn";
  return "insights" in properties ? "reflect" : "probe";
}

/** A turn prompt opens with the simulated time of its round; other calls count in the last round a turn named. */
function roundOf(userText: string, last: number): number {
  const iso = /^It is (\S+)\. /.exec(userText)?.[1];
  return iso ? Math.round((Date.parse(iso) - Date.parse(startTime)) / (roundMinutes * 60_000)) : last;
}

function block(userText: string, tag: string): string {
  const start = userText.indexOf(`<${tag}>`);
  const end = userText.indexOf(`</${tag}>`);
  return start >= 0 && end > start ? userText.slice(start, end + tag.length + 3) : "";
}

/** The parts of a turn prompt (the delimited blocks of turn-prompt.ts), and its answer schema (sent, not counted in usage). */
function partsOf(system: string, userText: string, schema: unknown): Parts {
  const [memories, notifications, feed] = ["memories", "notifications", "feed"].map((tag) => block(userText, tag)) as [
    string,
    string,
    string,
  ];
  return {
    system: tokensOf(system),
    memories: tokensOf(memories),
    notifications: tokensOf(notifications),
    feed: tokensOf(feed),
    other: tokensOf(userText) - tokensOf(memories) - tokensOf(notifications) - tokensOf(feed),
    answerSchema: tokensOf(JSON.stringify(schema ?? {})),
  };
}

function partsTable(turns: readonly ServedCall[], rows: readonly BucketRow[]): string {
  const head = `| rounds | ${partNames.join(" | ")} |`;
  const body = rows.map((r) => {
    const inBucket = turns.filter((c) => c.round >= r.fromRound && c.round <= r.toRound && c.parts);
    const means = partNames.map((name) => f1(inBucket.reduce((sum, c) => sum + (c.parts?.[name] ?? 0), 0) / Math.max(1, inBucket.length)));
    return `| ${r.fromRound}-${r.toRound} | ${means.join(" | ")} |`;
  });
  return [head, `|---|${partNames.map(() => "---|").join("")}`, ...body].join("\n");
}

/** Event types per round counted in the activity table: what the agents did with their answers. */
const activityTypes = ["post", "comment", "vote", "follow", "memoryRef"] as const;

interface LogView {
  /** Every ok `llmCall`. */
  readonly calls: CallTokens[];
  /** Per round: how many events of each activity type. */
  readonly activity: Map<number, Record<(typeof activityTypes)[number], number>>;
  /** Per round: its wall time from telemetry.ndjson (ms). */
  readonly roundWallMs: Map<number, number>;
}

async function readRun(runDir: string): Promise<LogView> {
  const calls: CallTokens[] = [];
  const activity: LogView["activity"] = new Map();
  for await (const line of createInterface({ input: createReadStream(join(runDir, "events.ndjson")) })) {
    const event = JSON.parse(line) as { type: string; round: number; promptTokens: number; completionTokens: number; ok: boolean };
    if (event.type === "llmCall" && event.ok) calls.push(event);
    const type = activityTypes.find((t) => t === event.type);
    if (type === undefined) continue;
    const counts = activity.get(event.round) ?? { post: 0, comment: 0, vote: 0, follow: 0, memoryRef: 0 };
    counts[type]++;
    activity.set(event.round, counts);
  }
  const roundWallMs = new Map<number, number>();
  for await (const line of createInterface({ input: createReadStream(join(runDir, "telemetry.ndjson")) })) {
    const row = JSON.parse(line) as { round?: number; wallMs?: number };
    if (typeof row.round === "number" && typeof row.wallMs === "number") roundWallMs.set(row.round, row.wallMs);
  }
  return { calls, activity, roundWallMs };
}

function activityTable(view: LogView, rows: readonly BucketRow[]): string {
  const head = `| rounds | round wall ms (mean) | ${activityTypes.map((t) => `${t}s/round`).join(" | ")} |`;
  const body = rows.map((r) => {
    const rounds = Array.from({ length: r.toRound - r.fromRound + 1 }, (_, i) => r.fromRound + i);
    const wall = rounds.reduce((sum, round) => sum + (view.roundWallMs.get(round) ?? 0), 0) / rounds.length;
    const perRound = activityTypes.map((t) =>
      (rounds.reduce((sum, round) => sum + (view.activity.get(round)?.[t] ?? 0), 0) / rounds.length).toFixed(2),
    );
    return `| ${r.fromRound}-${r.toRound} | ${wall.toFixed(0)} | ${perRound.join(" | ")} |`;
  });
  return [head, `|---|---|${activityTypes.map(() => "---|").join("")}`, ...body].join("\n");
}

const f0 = (n: number): string => Math.round(n).toLocaleString("en-US");
const f1 = (n: number): string => n.toFixed(1);

function table(rows: readonly BucketRow[], extra?: (row: BucketRow) => string): string {
  const head = `| rounds | calls/round | prompt tokens/call: mean | p50 | p95 | max | completion tokens/call |${extra ? " reflect / probe / repair calls |" : ""}`;
  const rule = `|---|---|---|---|---|---|---|${extra ? "---|" : ""}`;
  const body = rows.map(
    (r) =>
      `| ${r.fromRound}-${r.toRound} | ${r.callsPerRound.toFixed(2)} | ${f1(r.prompt.mean)} | ${r.prompt.p50} | ${r.prompt.p95} | ${r.prompt.max} | ${f1(r.completionMean)} |${extra ? ` ${extra(r)} |` : ""}`,
  );
  return [head, rule, ...body].join("\n");
}

function slopeLine(fit: SlopeFit, fromRound: number, meanTokens: number, lags: number): string {
  const per1000 = fit.slopePerRound * 1000;
  return `slope of per-round mean prompt tokens/call vs round, rounds ${fromRound}+ (${fit.points} rounds): ${fit.slopePerRound.toFixed(4)} +/- ${fit.ci95.toFixed(4)} tokens/round (95 %, Newey-West, ${lags} lags; +/- ${fit.ci95Independent.toFixed(4)} if rounds were independent), i.e. ${f1(per1000)} +/- ${f1(fit.ci95 * 1000)} tokens per 1,000 rounds on a mean of ${f1(meanTokens)} tokens/call (${((per1000 / meanTokens) * 100).toFixed(1)} %)`;
}

interface Options {
  readonly out: string;
  readonly agents: number;
  readonly rounds: number;
  readonly seed: number;
  readonly bucket: number;
  readonly fitFrom: number;
  readonly lags: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      out: { type: "string", default: "runs/bench/llm-long-run.md" },
      agents: { type: "string", default: "24" },
      rounds: { type: "string", default: "1000" },
      seed: { type: "string", default: "7" },
      bucket: { type: "string", default: "100" },
      "fit-from": { type: "string", default: "100" },
      // One simulated day at 60-minute rounds: about how long a post stays in feeds, past which the
      // residuals of the measured run were no longer correlated.
      "hac-lags": { type: "string", default: "24" },
    },
  });
  return {
    out: resolve(values.out),
    agents: Number(values.agents),
    rounds: Number(values.rounds),
    seed: Number(values.seed),
    bucket: Number(values.bucket),
    fitFrom: Number(values["fit-from"]),
    lags: Number(values["hac-lags"]),
  };
}

/** The local model: answers under each request's schema at once, and counts every request into `served`. */
async function recordingServer(seed: number, served: ServedCall[]): Promise<FakeLlmServer> {
  let lastRound = 0;
  let count = 0;
  const started = Date.now();
  const server = await startFakeLlmServer(({ body, userText }) => {
    const schema = (body.response_format as { json_schema?: { schema?: unknown } } | undefined)?.json_schema?.schema;
    const content = schemaAnswer(seed, count++, schema, userText);
    const round = roundOf(userText, lastRound);
    if (round > lastRound && round % 50 === 0) console.error(`round ${round}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    lastRound = round;
    const purpose = purposeOf(schema, body.messages.length);
    served.push({
      round,
      purpose,
      parts: purpose === "turn" ? partsOf(body.messages[0]?.content ?? "", userText, schema) : null,
      promptTokens: body.messages.reduce((sum, m) => sum + tokensOf(m.content), 0),
      completionTokens: tokensOf(content),
    });
    // The server keeps every request it served; over a long run only these counts are needed.
    server.requests.length = 0;
    server.flights.length = 0;
    return { kind: "answer", content };
  });
  return server;
}

function fitOf(calls: readonly CallTokens[], o: Options): { fit: SlopeFit; mean: number } {
  const points = perRoundMeans(calls).filter((p) => p.round >= o.fitFrom);
  return {
    fit: leastSquares(
      points.map((p) => ({ x: p.round, y: p.mean })),
      o.lags,
    ),
    mean: points.reduce((s, p) => s + p.mean, 0) / Math.max(1, points.length),
  };
}

function report(o: Options, commit: string, run: MurmurRun, served: readonly ServedCall[], view: LogView): string {
  const logged = view.calls;
  const turns = served.filter((c) => c.purpose === "turn");
  const serverRows = bucketRows(turns, o.rounds, o.bucket);
  const logRows = bucketRows(logged, o.rounds, o.bucket);
  const byPurpose = (r: BucketRow): string =>
    (["reflect", "probe", "repair"] as const)
      .map((p) => served.filter((c) => c.purpose === p && c.round >= r.fromRound && c.round <= r.toRound).length)
      .join(" / ");
  const serverFit = fitOf(turns, o);
  const logFit = fitOf(logged, o);
  const { summary } = run;
  return [
    `commit ${commit}, ${machineLine()}; ${o.agents} llm agents x ${o.rounds} rounds, seed ${o.seed}; wall ${f0(run.wallS)} s with start and analysis, rounds ${f0(summary.wallMs / 1000)} s (${(summary.wallMs / o.rounds).toFixed(0)} ms/round); status ${summary.status}${run.exitStatus === 0 ? "" : `, exit ${run.exitStatus}`}`,
    `calls: server ${f0(served.length)} (turn ${f0(turns.length)}), log ${f0(logged.length)} ok of ${f0(summary.llm?.calls ?? 0)}; tokens (summary): ${f0(summary.tokens.prompt)} prompt / ${f0(summary.tokens.completion)} completion, $${usdAtPrice(summary.tokens).toFixed(4)} at gpt-4o-mini list price`,
    "",
    "Server's view, turn calls (a first ask; reflections, probes and repairs counted beside):",
    "",
    table(serverRows, byPurpose),
    "",
    slopeLine(serverFit.fit, o.fitFrom, serverFit.mean, o.lags),
    "",
    "Turn prompts by part, mean tokens per turn call (~4 characters a token; the answer schema is sent as response_format and not counted in usage):",
    "",
    partsTable(turns, serverRows),
    "",
    "What the agents did, and how long rounds took (telemetry.ndjson):",
    "",
    activityTable(view, logRows),
    "",
    "The run's own accounting (every ok `llmCall` of the log: turns, repairs, reflections, probes):",
    "",
    table(logRows),
    "",
    slopeLine(logFit.fit, o.fitFrom, logFit.mean, o.lags),
    "",
  ].join("\n");
}

/** Per round: turn calls and their mean prompt tokens (server), every ok call and its mean (log). */
function perRoundCsv(served: readonly ServedCall[], logged: readonly CallTokens[]): string {
  const serverMeans = new Map(perRoundMeans(served.filter((c) => c.purpose === "turn")).map((p) => [p.round, p]));
  const csv = ["round,turn_calls,turn_prompt_mean,log_calls,log_prompt_mean"];
  for (const p of perRoundMeans(logged)) {
    const s = serverMeans.get(p.round);
    csv.push(`${p.round},${s?.calls ?? 0},${s ? s.mean.toFixed(1) : ""},${p.calls},${p.mean.toFixed(1)}`);
  }
  return `${csv.join("\n")}\n`;
}

async function main(): Promise<void> {
  const o = options();
  const commit = codeCommit();
  mkdirSync(dirname(o.out), { recursive: true });
  const served: ServedCall[] = [];
  const server = await recordingServer(o.seed, served);
  const config = {
    name: `llm long run ${o.agents} x ${o.rounds}`,
    agents: o.agents,
    rounds: o.rounds,
    seed: o.seed,
    policy: "llm",
    startTime,
    roundMinutes,
    llm: localLlmSettings(server.baseUrl, { maxConcurrency: 8 }),
  };
  try {
    const run = await runMurmur(config, "murmur-long-run-");
    const view = await readRun(run.runDir);
    const text = report(o, commit, run, served, view);
    writeFileSync(o.out, text);
    writeFileSync(o.out.replace(/\.md$/, "") + ".csv", perRoundCsv(served, view.calls));
    console.log(text);
    console.error(`run directory: ${run.runDir}`);
  } finally {
    await server.close();
  }
}

await main();
