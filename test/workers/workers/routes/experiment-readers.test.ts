import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  experimentBodySchema,
  experimentConfigBodySchema,
  experimentListBodySchema,
  roundsBodySchema,
} from "../../../../core/contracts/experiment-status.js";
import { agentInspectorBodySchema, feedBodySchema, threadBodySchema } from "../../../../core/contracts/readers.js";
import { api, createExperiment, driveUntil, smallConfig } from "../../helpers.js";

/** Every answer a page or the CLI reads, parsed with the contract it is read with (core/contracts). */
async function read<T extends z.ZodType>(path: string, schema: T): Promise<z.output<T>> {
  const response = await api(path);
  expect(response.status).toBe(200);
  const body: unknown = await response.json();
  expect(
    z
      .object({ success: z.literal(true) })
      .loose()
      .parse(body).success,
  ).toBe(true);
  return schema.parse(body);
}

describe("the experiment API's answers match their contracts", () => {
  it("status, rounds, config, feed, thread and agent inspector of a finished run", async () => {
    const id = await createExperiment(smallConfig);
    await api(`/api/experiments/${id}/start`, { method: "POST" });
    await driveUntil(id, (s) => s.status === "finished");

    const { experiment } = await read(`/api/experiments/${id}`, experimentBodySchema);
    expect(experiment).toMatchObject({ id, status: "finished", roundsDone: smallConfig.rounds });
    const { experiments } = await read("/api/experiments", experimentListBodySchema);
    expect(experiments.map((e) => e.id)).toContain(id);
    const { rounds } = await read(`/api/experiments/${id}/rounds`, roundsBodySchema);
    expect(rounds).toHaveLength(smallConfig.rounds);
    const { config } = await read(`/api/experiments/${id}/config`, experimentConfigBodySchema);
    expect(config.agents).toBe(smallConfig.agents);

    const feed = await read(`/api/experiments/${id}/feed?sort=new&limit=5`, feedBodySchema);
    expect(feed.posts.length).toBeGreaterThan(0);
    const post = feed.posts[0];
    if (!post) throw new Error("no post in the feed");
    expect(post.external).toBe(false);

    const thread = await read(`/api/experiments/${id}/posts/${post.id}`, threadBodySchema);
    expect(thread.post.id).toBe(post.id);

    const inspector = await read(`/api/experiments/${id}/agents/${post.author}`, agentInspectorBodySchema);
    expect(inspector.agent).toMatchObject({ id: post.author, external: false, policy: "sim" });
    expect(inspector.agent.persona?.name).toEqual(expect.any(String));
    // The feed and the inspector name the same agent the same way.
    expect(post.authorName).toBe(inspector.agent.persona?.name);
    expect(thread.post.authorName).toBe(post.authorName);
    expect(inspector.posts.map((p) => p.id)).toContain(post.id);
  });
});

describe("readers of an experiment that does not exist", () => {
  it("answer 404 with the API's error shape, never 500", async () => {
    const id = await createExperiment(smallConfig);
    // Same shape as a real id, one character off: an id nobody created.
    const missing = `${id.slice(0, -1)}${id.endsWith("0") ? "1" : "0"}`;
    for (const path of [`/feed`, `/posts/p.0.a01.0`, `/agents/a01`, `/live`, `/artifacts/report`, `/config`, `/rounds`]) {
      const response = await api(`/api/experiments/${missing}${path}`);
      expect(response.status, path).toBe(404);
      expect(
        z
          .object({ success: z.literal(false), code: z.literal("NOT_FOUND") })
          .loose()
          .parse(await response.json()),
      ).toBeTruthy();
    }
  });
});
