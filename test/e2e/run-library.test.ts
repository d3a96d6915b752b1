import { spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experimentBodySchema, experimentListBodySchema } from "../../core/contracts/experiment-status.js";
import type { ExperimentStatusView } from "../../core/contracts/experiment-status.js";
import { feedBodySchema, threadBodySchema, agentInspectorBodySchema } from "../../core/contracts/readers.js";
import type { ThreadBody } from "../../core/contracts/readers.js";
import type { z } from "zod";
import { runManifestSchema } from "../../core/contracts/run-directory.js";
import { startServe, waitFor } from "../support/serve-process.js";
import { launchBrowser, screenshot, watchedPage } from "../support/browser.js";
import { assertValidLog, murmur } from "../support/murmur-cli.js";

/**
 * The library of runs (docs/run-library.md) end to end: a `murmur run` directory and a
 * `murmur import` directory placed under `--runs`, `murmur serve` listing them beside its own
 * experiments and answering every page's API from them, every page opening them in Chromium with no
 * console errors, and an experiment launched on the server downloaded - with `murmur pull` and as
 * the pages' archive - into run directories that `murmur analyze` reads.
 */
const repo = resolve(import.meta.dirname, "..", "..");
const library = mkdtempSync(join(tmpdir(), "murmur-library-"));
const simDir = join(library, "sim-run");
const importDir = join(library, "imports", "moltbook");
const postsOnlyDir = join(library, "imports", "posts-only");
let server: ChildProcess | undefined;
let base = "";
let token = "";
let browser: Browser;

const auth = (): Record<string, string> => ({ Authorization: `Bearer ${token}` });
const get = (path: string): Promise<Response> => fetch(`${base}${path}`, { headers: auth() });
async function getJson(path: string): Promise<unknown> {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  return response.json();
}

/** One route of two runs, each answer validated. */
async function both<T extends z.ZodType>(
  a: string,
  b: string,
  schema: T,
  path: (id: string) => string,
): Promise<[z.output<T>, z.output<T>]> {
  return [schema.parse(await getJson(path(a))), schema.parse(await getJson(path(b)))];
}

async function listed(): Promise<ExperimentStatusView[]> {
  return experimentListBodySchema.parse(await getJson("/api/experiments")).experiments;
}
async function libraryRun(dir: string): Promise<ExperimentStatusView> {
  const run = (await listed()).find((e) => e.source?.path === dir);
  if (!run) throw new Error(`${dir} is not listed`);
  return run;
}

/** An import of 12 posts and 16 comments by 5 authors over a day (no votes, exposures or memory); with `postsOnly`, its posts alone. */
function writeImport(out: string, postsOnly: boolean): void {
  const dir = mkdtempSync(join(tmpdir(), "murmur-library-import-"));
  const start = Date.parse("2026-01-28T09:30:00Z");
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < 12; i++) {
    const created = new Date(start + i * 3_600_000).toISOString();
    rows.push({
      id: `post${i}`,
      author: `agent_${i % 5}`,
      submolt: "general",
      title: `t ${i}`,
      content: `post ${i}`,
      created_at: created,
      upvotes: i % 4,
      downvotes: 0,
    });
  }
  for (let i = 0; i < (postsOnly ? 0 : 16); i++) {
    const created = new Date(start + (i % 12) * 3_600_000 + 7_200_000).toISOString();
    rows.push({
      id: `comment${i}`,
      author: `agent_${(i + 2) % 5}`,
      post_id: `post${i % 12}`,
      parent_id: null,
      content: `reply ${i}`,
      created_at: created,
      upvotes: 1,
      downvotes: 0,
    });
  }
  const file = join(dir, "moltbook.jsonl");
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  mkdirSync(join(library, "imports"), { recursive: true });
  const result = spawnSync(process.execPath, [join(repo, "bin", "murmur.mjs"), "import", "moltbook", file, "--out", out, "--quiet"], {
    cwd: repo,
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
}

beforeAll(async () => {
  const run = await murmur(["run", "--agents", "30", "--rounds", "6", "--seed", "4", "--out", simDir, "--quiet"]);
  expect(run.code, run.stderr).toBe(0);
  writeImport(importDir, false);
  writeImport(postsOnlyDir, true);
  const serve = await startServe("murmur-library-state-", ["--runs", library]);
  server = serve.process;
  base = serve.base;
  token = serve.token;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
});

describe("the library of runs (murmur serve --runs)", () => {
  it("lists the run directories and answers the pages' API from them", async () => {
    const sim = await libraryRun(simDir);
    expect(sim.id).toMatch(/^r[0-9a-f]{12}$/);
    expect(sim).toMatchObject({ status: "finished", agents: 30, roundsDone: 6, source: { kind: "runDirectory", imported: false } });
    expect(sim.source?.analysis).toEqual({ state: "ready", graph: true, note: null });
    // The report and graph are the directory's own files, byte for byte.
    for (const [name, file] of [
      ["report", "report.json"],
      ["graph", "graph.json"],
      ["html", "report.html"],
    ] as const) {
      expect(await (await get(`/api/experiments/${sim.id}/artifacts/${name}`)).text()).toBe(readFileSync(join(simDir, file), "utf8"));
    }
    const eventsText = readFileSync(join(simDir, "events.ndjson"), "utf8");
    expect(await (await get(`/api/experiments/${sim.id}/events`)).text()).toBe(eventsText);
    const events = assertValidLog(eventsText);

    // The feed holds every post of the log; a thread every comment on its post, in log order.
    const feed = feedBodySchema.parse(await getJson(`/api/experiments/${sim.id}/feed?sort=new&limit=100`));
    const posts = events.flatMap((e) => (e.type === "post" ? [e] : []));
    expect(feed.posts.map((p) => p.id).sort()).toEqual(posts.map((p) => p.id).sort());
    expect(feed.posts.length).toBeGreaterThan(0);
    const first = posts[0];
    if (!first || first.type !== "post") throw new Error("no post");
    const thread = threadBodySchema.parse(await getJson(`/api/experiments/${sim.id}/posts/${first.id}`));
    expect(thread.comments.map((c) => c.id)).toEqual(events.flatMap((e) => (e.type === "comment" && e.post === first.id ? [e.id] : [])));
    const author = agentInspectorBodySchema.parse(await getJson(`/api/experiments/${sim.id}/agents/${first.agent}`));
    expect(author.posts.map((p) => p.id)).toContain(first.id);
    expect(author.memory.length).toBe(Math.min(64, events.filter((e) => e.type === "memoryWrite" && e.agent === first.agent).length));
    // roundEnd's counts per round, as the dashboard draws them.
    const rounds = (await getJson(`/api/experiments/${sim.id}/rounds`)) as { rounds: { active: number; actions: number }[] };
    expect(rounds.rounds.map((r) => [r.active, r.actions])).toEqual(
      events.flatMap((e) => (e.type === "roundEnd" ? [[e.active, e.actions]] : [])),
    );
    // Read-only.
    const pause = await fetch(`${base}/api/experiments/${sim.id}/pause`, { method: "POST", headers: auth() });
    expect(pause.status).toBe(409);
    expect((await get(`/api/experiments/${sim.id}`)).status).toBe(200);
    expect((await fetch(`${base}/api/experiments/${sim.id}`)).status).toBe(401);

    // The import: listed with what it cannot show, analysed by the server into its own state.
    const imported = await libraryRun(importDir);
    expect(imported.source?.imported).toBe(true);
    expect(imported.source?.limits.join(" ")).toContain("No exposures");
    await get(`/api/experiments/${imported.id}`);
    await waitFor(async () => (await libraryRun(importDir)).source?.analysis.state === "ready", "the import's analysis");
    // Its influence graph is drawn from replies; an import of posts alone has none, and says why.
    expect((await libraryRun(importDir)).source?.analysis).toEqual({ state: "ready", graph: true, note: null });
    await get(`/api/experiments/${(await libraryRun(postsOnlyDir)).id}`);
    await waitFor(async () => (await libraryRun(postsOnlyDir)).source?.analysis.state === "ready", "the second import's analysis");
    const postsOnly = (await libraryRun(postsOnlyDir)).source?.analysis;
    expect(postsOnly?.graph).toBe(false);
    expect(postsOnly?.note).toMatch(/^No influence graph: \S/);
    expect((await get(`/api/experiments/${imported.id}/artifacts/report`)).status).toBe(200);
    expect(existsSync(join(importDir, "report.json"))).toBe(false);
    const importFeed = feedBodySchema.parse(await getJson(`/api/experiments/${imported.id}/feed?sort=top&limit=100`));
    expect(importFeed.posts).toHaveLength(12);
    // Scores are the data's totals (upvotes i % 4 of post i).
    expect(importFeed.posts.map((p) => p.score)).toEqual([3, 3, 3, 2, 2, 2, 1, 1, 1, 0, 0, 0]);
    expect((await get(`/api/experiments/${imported.id}/config`)).status).toBe(404);

    // A --runs directory that does not exist is a usage error before any server starts.
    const missing = spawnSync(
      process.execPath,
      [join(repo, "bin", "murmur.mjs"), "serve", "--runs", join(library, "nope"), "--port", "0"],
      {
        cwd: repo,
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("is not a directory");
  });

  it("opens every page of the library runs in Chromium with no console errors, and downloads one", async () => {
    const sim = await libraryRun(simDir);
    const imported = await libraryRun(importDir);
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${base}/#token=${token}`);
    await page.waitForSelector(`#experiments tr[data-id=${sim.id}] [data-testid=library-tag]`);
    expect(await page.locator(`#experiments tr[data-id=${imported.id}]`).textContent()).toContain("imported log");
    await screenshot(page, "library-01-experiments");

    await page.goto(`${base}/#/e/${sim.id}`);
    await page.waitForSelector("[data-testid=run-source]");
    await waitFor(
      async () => ((await page.locator("[data-testid=stat-round] .value").textContent()) ?? "").startsWith("6 / 6"),
      "the dashboard",
    );
    expect(await page.locator("[data-testid=run-source]").textContent()).toContain(simDir);
    await screenshot(page, "library-02-dashboard");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#run-bar [data-action=download]")]);
    const archive = join(library, "downloaded.tar.gz");
    await download.saveAs(archive);
    const listing = spawnSync("tar", ["-tzf", archive], { encoding: "utf8" }).stdout;
    expect(listing).toContain("sim-run/events.ndjson");
    expect(listing).toContain("sim-run/graph.json");

    await page.goto(`${base}/#/e/${sim.id}/feed?sort=new`);
    await page.waitForSelector("[data-testid=posts] .post");
    await screenshot(page, "library-03-feed");
    await page.locator("[data-testid=posts] .post .title a").first().click();
    await page.waitForSelector("[data-testid=thread]", { state: "attached" });
    await page.locator(".post .meta a[data-agent]").first().click();
    await page.waitForSelector("[data-testid=agent-title]");
    await screenshot(page, "library-04-agent");

    await page.goto(`${base}/#/e/${sim.id}/influence`);
    const canvas = page.locator("[data-testid=influence-canvas]");
    await waitFor(async () => Number((await canvas.getAttribute("data-drawn-nodes")) ?? 0) > 0, "the graph to be drawn");
    await screenshot(page, "library-05-influence");

    await page.goto(`${base}/#/e/${sim.id}/metrics`);
    await page.waitForSelector("[data-testid=verdicts] tbody tr");
    await screenshot(page, "library-06-metrics");

    await page.goto(`${base}/#/compare?ids=${sim.id}`);
    await page.waitForSelector("[data-testid=compare-charts] svg");
    await screenshot(page, "library-07-compare");

    // The import: each page opens and says what its data cannot show.
    await page.goto(`${base}/#/e/${imported.id}`);
    await page.waitForSelector("[data-testid=run-limits] li");
    await screenshot(page, "library-08-import-dashboard");
    await page.goto(`${base}/#/e/${imported.id}/feed?sort=top`);
    await page.waitForSelector("[data-testid=posts] .post");
    await page.locator(".post .meta a[data-agent]").first().click();
    await page.waitForSelector("[data-testid=agent-title]");
    await screenshot(page, "library-09-import-agent");
    await page.goto(`${base}/#/e/${imported.id}/influence`);
    await waitFor(async () => Number((await canvas.getAttribute("data-drawn-nodes")) ?? 0) > 0, "the import's graph to be drawn");
    await screenshot(page, "library-10-import-influence");
    const postsOnly = await libraryRun(postsOnlyDir);
    await page.goto(`${base}/#/e/${postsOnly.id}/influence`);
    await page.waitForSelector("[data-testid=no-graph]");
    expect(await page.locator("[data-testid=no-graph]").textContent()).toContain("No influence graph: ");
    await screenshot(page, "library-12-posts-only-influence");
    await page.goto(`${base}/#/e/${imported.id}/metrics`);
    await page.waitForSelector("[data-testid=verdicts] tbody tr");
    await screenshot(page, "library-11-import-metrics");

    expect(errors).toEqual([]);
  }, 240_000);

  it("downloads an experiment of the server as a run directory that murmur analyze reads (murmur pull and the archive)", async () => {
    const created = await fetch(`${base}/api/experiments`, {
      method: "POST",
      headers: { ...auth(), "Content-Type": "application/json" },
      body: JSON.stringify({ config: { name: "to download", agents: 30, rounds: 6, seed: 5 } }),
    });
    const { id } = experimentBodySchema.parse(await created.json()).experiment;
    await fetch(`${base}/api/experiments/${id}/start`, { method: "POST", headers: auth() });
    await waitFor(
      async () => experimentBodySchema.parse(await getJson(`/api/experiments/${id}`)).experiment.status === "finished",
      "the run",
    );
    const apiEvents = await (await get(`/api/experiments/${id}/events`)).text();

    // Pulled into the library's root: the server then also serves it as a run directory (below).
    const pulled = join(library, "pulled", id);
    const pull = await murmur(["pull", id, "--server", base, "--token", token, "--out", pulled]);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toContain(`murmur: pulled ${id}`);
    const events = readFileSync(join(pulled, "events.ndjson"), "utf8");
    expect(events).toBe(apiEvents);
    assertValidLog(events);
    const manifest = runManifestSchema.parse(JSON.parse(readFileSync(join(pulled, "manifest.json"), "utf8")));
    expect(manifest).toMatchObject({ experimentId: id, rounds: 6, seed: 5, events: events.split("\n").length - 1 });
    expect(manifest.eventsSha256).toBe(createHash("sha256").update(events).digest("hex"));
    const analysed = await murmur(["analyze", pulled]);
    expect(analysed.code, analysed.stderr).toBe(0);
    expect(existsSync(join(pulled, "report.json"))).toBe(true);

    // `murmur export` of the server's experiment: its run directory, then its tables beside it.
    const exported = join(library, "exported", id);
    const exportRun = await murmur(["export", id, "--server", base, "--token", token, "--format", "run,csv", "--out", exported, "--quiet"]);
    expect(exportRun.code, exportRun.stderr).toBe(0);
    expect(readFileSync(join(exported, "run", "events.ndjson"), "utf8")).toBe(apiEvents);
    const posts = apiEvents
      .split("\n")
      .filter(Boolean)
      .filter((line) => (JSON.parse(line) as { type: string }).type === "post").length;
    // One header line plus a row per post (post texts hold no newlines in the sim).
    expect(readFileSync(join(exported, "posts.csv"), "utf8").trimEnd().split("\n")).toHaveLength(posts + 1);

    // The pages' button: the same files as a .tar.gz, extracted by GNU tar.
    const response = await get(`/api/experiments/${id}/archive`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${id}.tar.gz"`);
    const extracted = mkdtempSync(join(tmpdir(), "murmur-archive-"));
    writeFileSync(join(extracted, "run.tar.gz"), Buffer.from(await response.arrayBuffer()));
    expect(spawnSync("tar", ["-xzf", join(extracted, "run.tar.gz"), "-C", extracted]).status).toBe(0);
    expect(readFileSync(join(extracted, id, "events.ndjson"), "utf8")).toBe(apiEvents);
    expect(readFileSync(join(extracted, id, "config.json"), "utf8")).toBe(readFileSync(join(pulled, "config.json"), "utf8"));
    const fromArchive = await murmur(["analyze", join(extracted, id)]);
    expect(fromArchive.code, fromArchive.stderr).toBe(0);

    // The button on the run's own pages gives the same archive.
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${base}/#token=${token}`);
    await page.goto(`${base}/#/e/${id}/feed`);
    await page.waitForSelector("#run-bar [data-action=download]");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#run-bar [data-action=download]")]);
    expect(download.suggestedFilename()).toBe(`${id}.tar.gz`);
    const saved = join(extracted, "button.tar.gz");
    await download.saveAs(saved);
    const listing = spawnSync("tar", ["-tzf", saved], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).sort();
    expect(listing).toEqual(
      [
        "",
        "config.json",
        "events.ndjson",
        "graph.json",
        "manifest.json",
        "report.html",
        "report.json",
        "summary.json",
        "telemetry.ndjson",
      ].map((file) => `${id}/${file}`),
    );
    expect(errors).toEqual([]);

    // The pulled directory, served from its log, answers the pages as the server's own objects do
    // for the experiment it came from: the shards and agent objects are an independent implementation.
    const copy = await libraryRun(pulled);
    expect(copy.source?.analysis.state).toBe("ready");
    for (const sort of ["hot", "new", "top"]) {
      const [live, replayed] = await both(id, copy.id, feedBodySchema, (which) => `/api/experiments/${which}/feed?sort=${sort}&limit=100`);
      expect(replayed, sort).toEqual(live);
    }
    const livePosts = feedBodySchema.parse(await getJson(`/api/experiments/${id}/feed?sort=top&limit=100`)).posts;
    expect(livePosts.some((p) => p.score !== 0)).toBe(true);
    for (const post of livePosts) {
      const [live, replayed] = await both(id, copy.id, threadBodySchema, (which) => `/api/experiments/${which}/posts/${post.id}`);
      const byId = (t: ThreadBody) => ({ post: t.post, comments: [...t.comments].sort((a, b) => (a.id < b.id ? -1 : 1)) });
      expect(byId(replayed)).toEqual(byId(live));
    }
    for (const author of new Set(livePosts.map((p) => p.author))) {
      const [live, replayed] = await both(id, copy.id, agentInspectorBodySchema, (which) => `/api/experiments/${which}/agents/${author}`);
      expect(replayed.agent.persona).toEqual(live.agent.persona);
      // (The agent object's own counters - settled posts, stored bytes - are its bookkeeping, not the log's.)
      expect(replayed.agent.karma).toBe(live.agent.karma);
      expect([replayed.posts, replayed.comments, replayed.activity]).toEqual([live.posts, live.comments, live.activity]);
      // The same rows, newest first (nothing is forgotten in 6 rounds); only their text is not in the log.
      expect(replayed.memory).toEqual(live.memory.map((m) => ({ ...m, text: "" })));
    }

    // A run directory is already one: pull refuses it, naming where it is.
    const sim = await libraryRun(simDir);
    const refused = await murmur(["pull", sim.id, "--server", base, "--token", token, "--out", join(extracted, "again")]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(simDir);
  }, 180_000);
});
