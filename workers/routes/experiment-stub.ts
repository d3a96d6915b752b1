import { z } from "zod";
import type { Outcome } from "../../durable-objects/experiment/experiment-object.js";
import type { ExperimentStatusView } from "../../core/contracts/experiment-status.js";
import { experimentObjectName } from "../../durable-objects/common/names.js";
import { ApiError } from "../http/errors.js";

/** What every experiment route needs: the id's shape, its object, and RPC outcomes as HTTP errors. */
export const experimentIdSchema = z.string().regex(/^x[0-9a-f]{12}$/, "experiment ids look like x0123456789ab");

export function stubFor(env: Env, id: string) {
  return env.EXPERIMENT.get(env.EXPERIMENT.idFromName(experimentObjectName(id)));
}

export function parseId(raw: string): string {
  const parsed = experimentIdSchema.safeParse(raw);
  if (!parsed.success) throw new ApiError("NOT_FOUND", `no experiment ${raw}`, "List experiments with GET /api/experiments.");
  return parsed.data;
}

export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new ApiError(
    outcome.code,
    outcome.error,
    outcome.code === "NOT_FOUND" ? "List experiments with GET /api/experiments." : "Check the experiment's status first.",
  );
}

/** The status of an experiment that must exist (404 otherwise). */
export async function requireExperiment(env: Env, id: string): Promise<ExperimentStatusView> {
  return unwrap(await stubFor(env, id).status());
}
