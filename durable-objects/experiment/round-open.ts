import { z } from "zod";
import type { ExperimentConfig } from "../../core/contracts/experiment-config.js";
import { InvariantViolation } from "../../core/engine/platform-errors.js";
import { PartWriter } from "../../core/events/part.js";
import { usesLlm } from "../../core/llm/agent-policy.js";
import { privateProbeAt } from "../../core/probes/private-probe.js";
import { pinnedProbePosts, publicProbeAt, publicProbeAuthor } from "../../core/probes/public-probe.js";
import { bucketOf } from "../../core/random/hash.js";
import { poolPostSchema } from "../../core/round/round-types.js";
import type { CandidatePool } from "../../core/round/round-types.js";
import { snapshotItems } from "../../core/round/snapshot.js";
import { simulatedTime } from "../../core/time.js";
import { poolCommentsPerPost, poolNewestPosts, poolTextChars, poolTopPerSubmolt } from "../../core/tunables.js";
import { appliedResultSchema } from "../shard/shard-types.js";
import { roundPrefix, shardObjectName } from "../common/names.js";
import { platformCall } from "../common/platform-call.js";
import { mergeCandidates, poolRanking } from "./candidate-pool.js";
import type { ExperimentContext } from "./experiment-context.js";
import { applyLifecycleEvent } from "./experiment-lifecycle.js";
import { llmTotalsOf } from "./experiment-status.js";
import { commitExternal } from "./external-commit.js";
import { openWriter, writePart } from "./round-parts.js";
import { namedCountsSchema } from "../../core/contracts/platform-rows.js";

/**
 * The pool step of a round: its candidate pool, its opening part of the log (submolts, the public
 * probe, external agents' actions, the feed snapshot, the private probe), then - in one
 * transaction - the stored pool, the opening frame in the round barrier, and the cursor at `turns`.
 */
export async function openRound(context: ExperimentContext, id: string, config: ExperimentConfig, round: number): Promise<void> {
  const { storage, sql, meta, env } = context;
  if (pausedForBudget(context, config, round)) return;
  if (meta.roundStartedAt(round) === undefined) meta.setRoundStartedAt(round, context.now());
  const t = simulatedTime(config, round);
  const part = new PartWriter();
  const pool = await buildPool(env, id, config, round);
  // A public probe is posted after this round's pool is fixed: agents see it from the next round,
  // so nothing in the log refers to it before the line that creates it.
  await postPublicProbe(env, id, config, round, part);
  if (round === 0) {
    for (const submolt of config.submolts) {
      part.add({ type: "submolt", round, t, name: submolt.name, ...(submolt.description ? { description: submolt.description } : {}) });
    }
  }
  // External agents' registrations and queued actions, committed after the pool is fixed.
  const external = await commitExternal(context.external, env, id, config, round, t, part);
  part.add({ type: "feedSnapshot", round, t, id: pool.snapshotId, items: snapshotItems(pool), feed: poolRanking(config) });
  const probe = privateProbeAt(config, round);
  if (probe) part.add({ type: "probe", round, t, id: probe.id, mode: "private", question: probe.question, targets: [...probe.targets] });
  const entry = await writePart(env.EVENTS, `${roundPrefix(id, round)}a-open.ndjson`, part);
  storage.transactionSync(() => {
    sql.exec("INSERT OR REPLACE INTO pool (round, body) VALUES (?, ?)", round, JSON.stringify(pool));
    sql.exec("DELETE FROM pool WHERE round < ?", round);
    sql.exec("INSERT OR REPLACE INTO done (round, writer, summary) VALUES (?, ?, ?)", round, openWriter, JSON.stringify({ part: entry }));
    external.settle();
    meta.set("cursor", { round, phase: "turns" });
  });
}

/**
 * The hard budget cap: before a round starts, pause if what is spent plus what the round is
 * expected to cost (the mean of the rounds so far, else the pre-run estimate per round) would
 * cross the cap - so the cap is never crossed by more than one round's deviation from its mean.
 */
function pausedForBudget(context: ExperimentContext, config: ExperimentConfig, round: number): boolean {
  const budget = config.llm?.budgetUsd;
  if (budget === undefined || !usesLlm(config)) return false;
  const spent = llmTotalsOf(context.meta).spendUsd;
  const expected = round > 0 ? spent / round : context.estimate(config).usd / config.rounds;
  if (spent + expected <= budget) return false;
  context.storage.transactionSync(() => {
    applyLifecycleEvent(context.meta, "budgetCap");
    context.meta.set(
      "reason",
      `budget cap: $${spent.toFixed(4)} spent of $${budget.toFixed(4)}, and round ${round} is expected to cost $${expected.toFixed(4)}; raise llm.budgetUsd to continue`,
    );
  });
  return true;
}

/** Posts the round's public probe (if any) through its shard and logs the post and the probe. */
async function postPublicProbe(env: Env, id: string, config: ExperimentConfig, round: number, part: PartWriter): Promise<void> {
  const publicProbe = publicProbeAt(config, round);
  if (!publicProbe) return;
  const { post } = publicProbe;
  const t = simulatedTime(config, round);
  const shard = bucketOf(post.id, config.scale.shards);
  const answer = await platformCall(`${id}:${round}:probe:${shard}`, () => {
    const stub = env.SHARD.get(env.SHARD.idFromName(shardObjectName(id, shard)));
    return stub.applyBatch({ round, simSeconds: Date.parse(t) / 1000, items: [{ agent: publicProbeAuthor, seq: 0, action: post }] });
  });
  const [applied] = z.array(appliedResultSchema).parse(answer);
  if (applied?.status !== "accepted")
    throw new InvariantViolation(
      `public probe post ${post.id} was rejected: ${applied?.status === "rejected" ? applied.reason : "no answer"}`,
    );
  part.add({
    type: "post",
    round,
    t,
    agent: publicProbeAuthor,
    id: post.id,
    submolt: post.submolt,
    title: post.title,
    content: post.content,
  });
  part.add({ type: "probe", round, t, id: publicProbe.id, mode: "public", question: publicProbe.question, targets: [] });
}

/** The round's candidate pool: every shard's candidates merged, with each author's total karma. */
async function buildPool(env: Env, id: string, config: ExperimentConfig, round: number): Promise<CandidatePool> {
  const request = {
    algorithm: poolRanking(config),
    submolts: config.submolts.map((s) => s.name),
    topPerSubmolt: poolTopPerSubmolt,
    newest: poolNewestPosts,
    commentsPerPost: poolCommentsPerPost,
    textChars: poolTextChars,
    pinned: pinnedProbePosts(config, round),
  };
  const shardOf = (shard: number) => env.SHARD.get(env.SHARD.idFromName(shardObjectName(id, shard)));
  const shards = Array.from({ length: config.scale.shards }, (_, shard) => shard);
  const perShard = await Promise.all(
    shards.map(async (shard) =>
      z.array(poolPostSchema).parse(await platformCall(`${id}:${round}:pool:${shard}`, () => shardOf(shard).poolCandidates(request))),
    ),
  );
  const pool = mergeCandidates(config, round, perShard);
  // Karma is per shard (votes live with the content); the pool carries each author's total.
  const authors = [...new Set(pool.posts.flatMap((p) => [p.author, ...p.topComments.map((c) => c.author)]))].sort();
  const karma = new Map<string, number>();
  if (authors.length > 0) {
    const parts = await Promise.all(
      shards.map(async (shard) =>
        namedCountsSchema.parse(await platformCall(`${id}:${round}:karma:${shard}`, () => shardOf(shard).karmaOf(authors))),
      ),
    );
    for (const part of parts) for (const [author, value] of part) karma.set(author, (karma.get(author) ?? 0) + value);
  }
  return {
    ...pool,
    posts: pool.posts.map((p) => ({
      ...p,
      authorKarma: karma.get(p.author) ?? 0,
      topComments: p.topComments.map((c) => ({ ...c, authorKarma: karma.get(c.author) ?? 0 })),
    })),
  };
}
