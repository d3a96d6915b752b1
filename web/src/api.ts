import { z } from "zod";
import { experimentBodySchema } from "../../core/contracts/experiment-status.js";
import { apiErrorBodySchema } from "../../core/contracts/api-error.js";
import type { ExperimentStatusView } from "../../core/contracts/experiment-status.js";

/**
 * The pages talk only to the Worker's HTTP API (docs/design.md decision 10). The admin token comes
 * from the URL fragment `#token=...` that `murmur serve` prints (a fragment never reaches a
 * server) and is kept in localStorage. Every answer is validated before a page uses it.
 */
const tokenKey = "murmur-admin-token";

export function adminToken(): string | null {
  const match = /(?:^#|[&?])token=([0-9a-zA-Z_-]+)/.exec(location.hash);
  if (match?.[1]) {
    localStorage.setItem(tokenKey, match[1]);
    history.replaceState(null, "", `${location.pathname}#/`);
  }
  return localStorage.getItem(tokenKey);
}

export class ApiFailure extends Error {
  override readonly name = "ApiFailure";
  constructor(
    message: string,
    readonly status: number,
    readonly hint: string | null,
  ) {
    super(message);
  }
}

export async function api<T extends z.ZodType>(path: string, schema: T, init: RequestInit = {}): Promise<z.output<T>> {
  const token = adminToken();
  const response = await fetch(path, {
    ...init,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(init.body ? { "Content-Type": "application/json" } : {}),
      ...init.headers,
    },
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = apiErrorBodySchema.safeParse(body);
    throw new ApiFailure(
      parsed.success ? parsed.data.error : `HTTP ${response.status}`,
      response.status,
      parsed.success ? (parsed.data.hint ?? null) : null,
    );
  }
  return schema.parse(body);
}

export function control(id: string, verb: "start" | "pause" | "resume" | "stop"): Promise<ExperimentStatusView> {
  return api(`/api/experiments/${id}/${verb}`, experimentBodySchema, { method: "POST" }).then((r) => r.experiment);
}
