import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { z } from "zod";

export const adminHeaders = { Authorization: "Bearer test-admin-token-0123456789", "Content-Type": "application/json" };

const statusSchema = z.object({ id: z.string(), status: z.string(), round: z.number(), roundsDone: z.number(), phase: z.string() }).loose();
const experimentBodySchema = z.object({ success: z.literal(true), experiment: statusSchema });

export function api(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(
    new Request(`http://murmur.test${path}`, { ...init, headers: { ...adminHeaders, ...(init.headers ?? {}) } }),
  );
}

export async function createExperiment(config: Record<string, unknown>): Promise<string> {
  const response = await api("/api/experiments", { method: "POST", body: JSON.stringify({ config }) });
  expect(response.status).toBe(201);
  return experimentBodySchema.parse(await response.json()).experiment.id;
}

export async function control(id: string, verb: "start" | "pause" | "resume" | "stop"): Promise<z.infer<typeof statusSchema>> {
  const response = await api(`/api/experiments/${id}/${verb}`, { method: "POST" });
  expect(response.status).toBe(200);
  return experimentBodySchema.parse(await response.json()).experiment;
}

export async function status(id: string): Promise<z.infer<typeof statusSchema>> {
  const response = await api(`/api/experiments/${id}`);
  return experimentBodySchema.parse(await response.json()).experiment;
}

export function experimentStub(id: string) {
  return env.EXPERIMENT.get(env.EXPERIMENT.idFromName(`experiment:${id}`));
}

/** Fires the experiment's alarm step by step until `until` holds (bounded, never sleeps). */
export async function driveUntil(
  id: string,
  until: (s: z.infer<typeof statusSchema>) => boolean,
  beforeStep?: (step: number) => Promise<void>,
): Promise<void> {
  for (let step = 0; step < 2_000; step++) {
    if (until(await status(id))) return;
    if (beforeStep) await beforeStep(step);
    const ran = await runDurableObjectAlarm(experimentStub(id));
    if (!ran) await runInDurableObject(experimentStub(id), (instance) => instance.alarm());
  }
  throw new Error(`experiment ${id} did not reach the expected state`);
}

export async function exportEvents(id: string): Promise<string> {
  const response = await api(`/api/experiments/${id}/events`);
  expect(response.status).toBe(200);
  return response.text();
}

export const smallConfig = {
  name: "small",
  agents: 24,
  rounds: 6,
  seed: 11,
  scale: { shards: 2, agentsPerCoordinator: 8, coordinatorsPerAlarm: 2 },
};
