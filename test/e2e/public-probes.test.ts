import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MurmurEvent } from "../../core/events/event-schema.js";
import { assertValidLog, murmur } from "../support/murmur-cli.js";

describe("public probes (end to end, sim agents, real workerd)", () => {
  it("post the question for everyone, and log each top-level reply as that probe's answer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "murmur-probes-"));
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ agents: 150, rounds: 36, seed: 2, probes: { publicEveryRounds: 12, privateEveryRounds: 0 } }));
    const run = await murmur(["run", "--config", config, "--out", join(dir, "run"), "--quiet"]);
    expect(run.code).toBe(0);
    const events = assertValidLog(readFileSync(join(dir, "run", "events.ndjson"), "utf8"));
    const probes = events.filter((e): e is Extract<MurmurEvent, { type: "probe" }> => e.type === "probe");
    expect(probes.map((p) => [p.round, p.id, p.mode])).toEqual([
      [11, "q.11.1", "public"],
      [23, "q.23.1", "public"],
      [35, "q.35.1", "public"],
    ]);
    const probePosts = events.filter((e) => e.type === "post" && e.agent === "murmur-probe");
    expect(probePosts.map((p) => (p.type === "post" ? p.id : ""))).toEqual([
      "p.11.murmur-probe.0",
      "p.23.murmur-probe.0",
      "p.35.murmur-probe.0",
    ]);
    const replies = events.filter(
      (e): e is Extract<MurmurEvent, { type: "comment" }> => e.type === "comment" && e.parent === null && e.post.includes(".murmur-probe."),
    );
    const answers = events.filter((e): e is Extract<MurmurEvent, { type: "probeAnswer" }> => e.type === "probeAnswer");
    expect(replies.length).toBeGreaterThan(0);
    expect(answers.map((a) => [a.round, a.agent, a.probe, a.text])).toEqual(
      replies.map((c) => [c.round, c.agent, `q.${c.post.split(".")[1]}.1`, c.content]),
    );
    // A sim agent answers from memory: the ids it names exist, and posts it names were posted before.
    const agents = new Set(events.flatMap((e) => (e.type === "agent" ? [e.agent] : [])));
    const posted = new Map(events.flatMap((e) => (e.type === "post" ? [[e.id, e.round] as const] : [])));
    for (const answer of answers) {
      for (const a of answer.agents) expect(agents.has(a)).toBe(true);
      for (const p of answer.posts) expect(posted.get(p)).toBeLessThanOrEqual(answer.round);
    }
    expect(answers.some((a) => a.agents.length > 0)).toBe(true);
  });
});
