import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import Graph from "graphology";
import { parse as parseGexf } from "graphology-gexf/node";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experimentBodySchema } from "../../core/contracts/experiment-status.js";
import { influenceGraphSchema } from "../../core/contracts/graph.js";
import type { InfluenceGraph } from "../../core/contracts/graph.js";
import { startServe, waitFor } from "../support/serve-process.js";
import { launchBrowser, screenshot, watchedPage } from "../support/browser.js";
import { generatedInfluenceGraph } from "../support/influence-fixture.js";

/**
 * The pages as a new user meets them: `murmur serve`, the printed link, a run launched
 * from the form and watched live, its influence graph scrubbed and clicked, an agent's memory,
 * the feed, the metrics, and a comparison of two runs - in real Chromium, with no console errors.
 */
let server: ChildProcess | undefined;
let base = "";
let token = "";
let browser: Browser;

async function apiGet(path: string): Promise<Response> {
  return fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
}

const hasReport = (id: string) => async () => (await apiGet(`/api/experiments/${id}/artifacts/graph`)).ok;

beforeAll(async () => {
  const serve = await startServe("murmur-web-");
  server = serve.process;
  base = serve.base;
  token = serve.token;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
});

describe("the pages (real Chromium against murmur serve)", () => {
  it("launch from the form, watch live, explore influence, inspect an agent, read the feed and the metrics, compare two runs", async () => {
    const { page, errors } = await watchedPage(browser);

    // The pages hold the admin token: no other site may frame them (web/public/_headers).
    const pageHeaders = (await fetch(`${base}/`)).headers;
    expect(pageHeaders.get("x-frame-options")).toBe("DENY");
    expect(pageHeaders.get("content-security-policy")).toBe("frame-ancestors 'none'");

    // The printed link carries the token; the experiments page and its launch form load.
    await page.goto(`${base}/#token=${token}`);
    await page.waitForSelector("#launch-form textarea");
    expect(await page.locator("[data-testid=config-errors]").textContent()).toBe("");
    // Invalid input is refused before anything is sent.
    await page.fill("#f-agents", "1");
    expect(await page.locator("[data-testid=config-errors]").textContent()).toContain("agents");
    expect(await page.locator("#launch").isDisabled()).toBe(true);
    // Every plain setting has a field (knobs included), and a misspelt key in the JSON is placed
    // at its line and column with the nearest known key.
    await page.locator("details.config-section > summary", { hasText: /^feed \(/ }).click();
    await page.locator("details.config-section > summary", { hasText: /^knobs \(/ }).click();
    await page.selectOption("#f-feed-algorithm", "new");
    expect(await page.inputValue("#config-json")).toContain('"algorithm": "new"');
    await page.fill("#f-knobs-positionBias", "0.5");
    const edited = await page.inputValue("#config-json");
    const misspelt = edited.replace('"positionBias": 0.5', '"positionBais": 0.5');
    await page.fill("#config-json", misspelt);
    const misspeltLine = misspelt.split("\n").findIndex((line) => line.includes("positionBais")) + 1;
    expect(await page.locator("[data-testid=config-errors]").textContent()).toContain(
      `${misspeltLine}:5 knobs.positionBais: unknown key "positionBais" - did you mean "positionBias"?`,
    );
    await page.fill("#config-json", edited);
    await page.fill("#f-knobs-positionBias", "");
    await page.selectOption("#f-feed-algorithm", "hot");
    await page.fill("#f-name", "from the form");
    await page.fill("#f-agents", "80");
    await page.fill("#f-rounds", "24");
    await page.fill("#f-seed", "3");
    expect(await page.locator("#launch").isDisabled()).toBe(false);
    await screenshot(page, "01-experiments-and-launch-form");
    await page.click("#launch");

    // The live dashboard follows the run to its end over the live stream.
    await page.waitForURL(/#\/e\/x[0-9a-f]{12}$/);
    const id = /#\/e\/(x[0-9a-f]{12})/.exec(page.url())?.[1] ?? "";
    await page.waitForSelector("[data-testid=stat-round]");
    await waitFor(
      async () => ((await page.locator("[data-testid=stat-round] .value").textContent()) ?? "").startsWith("24 / 24"),
      "the dashboard to show 24 / 24",
    );
    expect(Number(await page.locator(".grid.two").getAttribute("data-rounds"))).toBe(24);
    await screenshot(page, "02-live-dashboard");

    // murmur serve analyses the finished run and stores its report and graph.
    await waitFor(hasReport(id), "the stored report");

    // Influence explorer: drawn, searched, fitted, exported, scrubbed, played, and a node clicked through to its agent.
    await page.goto(`${base}/#/e/${id}/influence`);
    const canvas = page.locator("[data-testid=influence-canvas]");
    await waitFor(async () => Number((await canvas.getAttribute("data-drawn-nodes")) ?? 0) > 0, "the graph to be drawn");
    expect(Number(await canvas.getAttribute("data-drawn-edges"))).toBeGreaterThan(0);
    await waitFor(async () => (await canvas.getAttribute("data-layout")) === "done", "the ForceAtlas2 layout", 60_000);
    // The persistent-leader count is shown with what the leader null expects of it.
    expect(await page.locator("[data-testid=leader-null]").textContent()).toMatch(
      /null expects \d+(\.\d)? \(95 % \d+(\.\d)?-\d+(\.\d)?, 50 replicates\)/,
    );
    const graph = influenceGraphSchema.parse(await (await apiGet(`/api/experiments/${id}/artifacts/graph`)).json());
    const sought = graph.nodes[graph.nodes.length - 1];
    await checkSearchAndFit(page, canvas, sought?.name ?? "", sought?.id ?? "");
    await screenshot(page, "03-influence-explorer-search");
    await checkExports(page, graph, 0);
    const scrubber = page.locator("[data-testid=window-scrubber]");
    const last = await scrubber.getAttribute("max");
    await scrubber.fill(last ?? "1");
    await waitFor(async () => (await canvas.getAttribute("data-window")) === last, "the scrubbed window to be drawn", 10_000);
    await screenshot(page, "03-influence-explorer");
    await scrubber.fill("0");
    await page.click("[data-testid=play]");
    await waitFor(async () => (await canvas.getAttribute("data-window")) !== "0", "playback to advance", 10_000);
    await page.click("[data-testid=play]");
    const top = await canvas.getAttribute("data-top-node");
    const x = Number(await canvas.getAttribute("data-top-node-x"));
    const y = Number(await canvas.getAttribute("data-top-node-y"));
    expect(top).toMatch(/^a\d+$/);
    await canvas.click({ position: { x, y } });
    await page.waitForURL(new RegExp(`#/e/${id}/agent/${top ?? ""}$`));

    // Agent inspector: persona, karma, writings with what they recalled, memory with provenance.
    await page.waitForSelector("[data-testid=memory] .memory");
    expect(await page.locator("[data-testid=agent-title]").textContent()).toContain(top ?? "");
    expect(await page.locator("[data-testid=memory] .memory").count()).toBeGreaterThan(0);
    await screenshot(page, "04-agent-inspector");

    // Feed: communities, sorts, and a thread.
    await page.goto(`${base}/#/e/${id}/feed?sort=top`);
    await page.waitForSelector("[data-testid=posts] .post");
    expect(await page.locator("[data-testid=submolts] a").count()).toBe(8);
    await screenshot(page, "05-feed");
    await page.locator("[data-testid=posts] .post .title a").first().click();
    await page.waitForSelector("[data-testid=thread]");
    await screenshot(page, "06-thread");

    // Metrics: the verdict table and the stored report's charts.
    await page.goto(`${base}/#/e/${id}/metrics`);
    await page.waitForSelector("[data-testid=verdicts] tbody tr");
    expect(await page.locator("[data-testid=verdicts] tbody tr").count()).toBe(6);
    // Each diagnostic explained: its question, where it is defined, its delta, and why the verdict is what it is.
    expect(await page.locator("[data-testid=verdicts] [data-testid=question]").count()).toBe(6);
    const drift = page.locator("[data-testid=verdicts] tr[data-metric=individualDrift]");
    expect(await drift.textContent()).toContain("docs/metrics.md#6-individual-drift");
    expect(await drift.locator("[data-testid=why]").textContent()).toMatch(/^(emerged|negligible|absent|inconclusive) because \S/);
    expect(await page.locator("[data-testid=verdicts]").textContent()).toMatch(/delta 0\.\d+ /);
    // The twin table: every statistic with Moltbook's published value; the twin's seven have bands.
    expect(await page.locator("[data-testid=twin] tbody tr").count()).toBe(14);
    const reciprocity = page.locator("[data-testid=twin] tr[data-key=reciprocity]");
    expect(await reciprocity.textContent()).toContain("<= 0.08");
    expect(await reciprocity.getAttribute("data-in-band")).toMatch(/^(in|out)$/);
    const frame = page.frameLocator("[data-testid=report-frame]");
    expect(await frame.locator("svg").count()).toBeGreaterThan(10);
    // The embedded report leaves its own verdict table out: the page shows it once, above.
    expect(await frame.locator("table.verdicts").count()).toBe(0);
    expect(await frame.locator("header").textContent()).not.toMatch(/\/tmp\/|\/work\//);
    await screenshot(page, "07-metrics");

    // A second run at another size, launched over the API, then both compared.
    const created = await fetch(`${base}/api/experiments`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ config: { name: "smaller", agents: 40, rounds: 24, seed: 3 } }),
    });
    const second = experimentBodySchema.parse(await created.json()).experiment;
    await fetch(`${base}/api/experiments/${second.id}/start`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    await waitFor(hasReport(second.id), "the second run's report", 150_000);
    await page.goto(`${base}/#/compare?ids=${id},${second.id}`);
    await page.waitForSelector("[data-testid=compare-charts] svg");
    // One panel per diagnostic component (components of different units never share an axis),
    // each with its point(s) and error bars against N in agents; the config difference names the
    // conditions.
    type Components = { verdicts: { metric: string; components: { name: string }[] }[] };
    const componentsOf = async (run: string): Promise<string[]> =>
      ((await (await apiGet(`/api/experiments/${run}/artifacts/report`)).json()) as Components).verdicts.flatMap((v) =>
        v.components.map((c) => `${v.metric}.${c.name}`),
      );
    // The union over both runs: a verdict below its minimum n has no components.
    const components = new Set([...(await componentsOf(id)), ...(await componentsOf(second.id))]).size;
    expect(components).toBeGreaterThan(6);
    const panels = page.locator("[data-testid=compare-panel]");
    expect(await panels.count()).toBe(components);
    for (let i = 0; i < components; i++) expect(await panels.nth(i).locator("circle.effect-point").count()).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=compare-charts]").textContent()).not.toContain("log10");
    expect(await page.locator("[data-testid=compare-conditions] tbody tr").count()).toBeGreaterThan(0);
    await screenshot(page, "08-compare");

    expect(errors).toEqual([]);
  }, 420_000);

  it("draws an influence graph of 5,000 agents, finds one of them and exports its window", async () => {
    const { page, errors } = await watchedPage(browser);
    // A real experiment (for its name and page), whose graph.json the browser is served from a generated fixture.
    const created = await fetch(`${base}/api/experiments`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ config: { name: "five thousand", agents: 40, rounds: 6, seed: 3 } }),
    });
    const { id } = experimentBodySchema.parse(await created.json()).experiment;
    const graph = generatedInfluenceGraph(5_000, 6, 12_000);
    await page.route(`**/api/experiments/${id}/artifacts/graph`, (route) =>
      route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(graph) }),
    );
    await page.goto(`${base}/#token=${token}`);
    await page.goto(`${base}/#/e/${id}/influence`);
    const canvas = page.locator("[data-testid=influence-canvas]");
    await waitFor(async () => (await canvas.getAttribute("data-layout")) === "done", "the layout of 5,000 nodes", 120_000);
    expect(Number(await canvas.getAttribute("data-drawn-nodes"))).toBe(5_000);
    // Timings are reported, not asserted (test/README.md): bench numbers belong in bench/.
    console.log(
      `influence explorer at 5,000 nodes: first render ${await canvas.getAttribute("data-first-render-ms")} ms, ForceAtlas2 layout ${await canvas.getAttribute("data-layout-ms")} ms`,
    );
    await checkSearchAndFit(page, canvas, "agent-4321", "a04321");
    await checkExports(page, graph, 0);
    await screenshot(page, "09-influence-explorer-5000-nodes");
    // Every window at once: all the run's commenter -> author pairs.
    await page.locator("text=Cumulative").click();
    await waitFor(async () => (await canvas.getAttribute("data-cumulative")) === "true", "the cumulative view", 30_000);
    const pairs = new Set(graph.windows.flatMap((w) => w.edges.filter(([s, t]) => s !== t).map(([s, t]) => `${s}:${t}`)));
    expect(Number(await canvas.getAttribute("data-drawn-edges"))).toBe(pairs.size);
    await screenshot(page, "09-influence-explorer-5000-nodes-cumulative");
    expect(errors).toEqual([]);
  }, 300_000);
});

/** Search suggests the agent for a query, highlights it and centres the camera on it; Fit zooms back out. */
async function checkSearchAndFit(page: Page, canvas: Locator, query: string, agent: string): Promise<void> {
  expect(query).not.toBe("");
  await page.fill("[data-testid=agent-search]", query);
  const suggestion = page.locator(`[data-testid=agent-suggestions] [data-agent="${agent}"]`);
  await suggestion.waitFor();
  expect(await suggestion.textContent()).toContain(`(${agent})`);
  await suggestion.click();
  const box = await canvas.boundingBox();
  const centred = async (): Promise<boolean> =>
    (await canvas.getAttribute("data-focus")) === agent &&
    Math.abs(Number(await canvas.getAttribute("data-focus-x")) - (box?.width ?? 0) / 2) < 3 &&
    Math.abs(Number(await canvas.getAttribute("data-focus-y")) - (box?.height ?? 0) / 2) < 3;
  await waitFor(centred, `${agent} highlighted in the middle of the graph`, 10_000);
  expect(Number(await canvas.getAttribute("data-zoom-ratio"))).toBeLessThanOrEqual(0.3);
  await page.locator("[data-testid=fit]").click();
  await waitFor(async () => Number(await canvas.getAttribute("data-zoom-ratio")) > 0.99, "the view to fit again", 10_000);
}

/** The export buttons download the shown window: a PNG, and a GEXF with the window's agents and edges. */
async function checkExports(page: Page, graph: InfluenceGraph, window: number): Promise<void> {
  const [gexfDownload] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-gexf]")]);
  expect(gexfDownload.suggestedFilename()).toMatch(new RegExp(`-window-${graph.windows[window]?.index ?? window}\\.gexf$`));
  const exported = parseGexf(Graph, readFileSync(await gexfDownload.path(), "utf8"));
  // The window's own graph, from graph.json: agents with a PageRank in it and both ends of its comments.
  const slice = graph.windows[window];
  const members = new Set(Object.keys(slice?.pagerank ?? {}).map(Number));
  for (const [s, t] of slice?.edges ?? []) members.add(s).add(t);
  expect(exported.order).toBe(members.size);
  expect(exported.size).toBe(slice?.edges.filter(([s, t]) => s !== t).length);
  const [pngDownload] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-png]")]);
  expect(pngDownload.suggestedFilename()).toMatch(/\.png$/);
  const png = readFileSync(await pngDownload.path());
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  expect(png.length).toBeGreaterThan(10_000);
}
