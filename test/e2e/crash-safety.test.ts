import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { experimentBodySchema } from "../../core/contracts/experiment-status.js";
import { murmur } from "../support/murmur-cli.js";

/**
 * Issue 6, crash safety: SIGKILL the local server (Node and workerd together) in the middle of a
 * run, start it again on the same state, resume - the run ends with exactly the log of an
 * uninterrupted run with the same seed.
 */
const repo = resolve(import.meta.dirname, "..", "..");
const config = { name: "crash", agents: 150, rounds: 30, seed: 7 };

function startServe(state: string): Promise<{ child: ChildProcess; base: string; token: string }> {
  // Its own process group, so one kill reaches workerd too - as a machine losing power would.
  const child = spawn(process.execPath, [join(repo, "bin", "murmur.mjs"), "serve", "--port", "0", "--state", state], {
    cwd: repo,
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  return new Promise((ready, fail) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const link = /murmur: open (http:\/\/127\.0\.0\.1:\d+)\/#token=([0-9a-f]+)/.exec(out);
      if (link?.[1] && link[2]) ready({ child, base: link[1], token: link[2] });
    });
    child.on("exit", (code) => fail(new Error(`murmur serve exited ${code}: ${out}`)));
  });
}

describe("crash safety (SIGKILL of the local server mid-run)", () => {
  it("restarts on the same state, resumes, and ends with the uninterrupted run's log", async () => {
    const dir = mkdtempSync(join(tmpdir(), "murmur-crash-"));
    const configPath = join(dir, "config.json");
    writeFileSync(configPath, JSON.stringify(config));
    const reference = await murmur(["run", "--config", configPath, "--out", join(dir, "reference"), "--quiet"]);
    expect(reference.code).toBe(0);

    const state = join(dir, "state");
    const first = await startServe(state);
    const headers = { Authorization: `Bearer ${first.token}`, "Content-Type": "application/json" };
    const created = experimentBodySchema.parse(
      await (await fetch(`${first.base}/api/experiments`, { method: "POST", headers, body: JSON.stringify({ config }) })).json(),
    );
    const id = created.experiment.id;
    await fetch(`${first.base}/api/experiments/${id}/start`, { method: "POST", headers });
    let done = 0;
    while (done < 10) {
      await new Promise((r) => setTimeout(r, 200));
      done = experimentBodySchema.parse(await (await fetch(`${first.base}/api/experiments/${id}`, { headers })).json()).experiment
        .roundsDone;
    }
    expect(done).toBeLessThan(config.rounds);
    const exited = new Promise((r) => first.child.on("exit", r));
    process.kill(-(first.child.pid ?? 0), "SIGKILL");
    await exited;

    // `murmur run --resume` against the same state: starts the server again and drives the run to its end.
    const resumed = await murmur(["run", "--resume", id, "--state", state, "--out", join(dir, "resumed"), "--quiet"]);
    expect(resumed.code).toBe(0);
    expect(readFileSync(join(dir, "resumed", "events.ndjson"), "utf8")).toBe(readFileSync(join(dir, "reference", "events.ndjson"), "utf8"));
  }, 300_000);
});
