import type { ExperimentConfig, ExperimentConfigInput } from "../core/contracts/experiment-config.js";
import {
  experimentBodySchema,
  experimentConfigBodySchema,
  experimentListBodySchema,
  roundsBodySchema,
} from "../core/contracts/experiment-status.js";
import { apiErrorBodySchema } from "../core/contracts/api-error.js";
import type { ExperimentStatusView, RoundSummary } from "../core/contracts/experiment-status.js";

/** The experiment status as the API answers it (shared with the pages). */
export type StatusView = ExperimentStatusView;

/** Tries of one GET before a network error is reported. */
const getAttempts = 3;

export class ApiRequestError extends Error {
  override readonly name = "ApiRequestError";
}

/** The experiment API over HTTP, as the CLI (and any script) uses it. */
export class MurmurClient {
  constructor(
    readonly baseUrl: string,
    private readonly adminToken: string,
  ) {}

  /**
   * One connection per request: the local server closes idle sockets, and a write sent on one it
   * has just closed fails ("other side closed", EPIPE) without reaching it - seen in long
   * calibration runs (bench/results.md). Requests are a few per second, so reuse saves nothing worth that race.
   */
  private headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.adminToken}`, Connection: "close" };
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const send = (): Promise<Response> =>
      fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...this.headers(), ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    let response: Response | undefined;
    // A GET is safe to repeat: Node's fetch can fail on a kept-alive socket the server just closed
    // ("fetch failed", seen once at the end of a 5-minute run); writes are never repeated.
    for (let attempt = 1; response === undefined; attempt++) {
      try {
        response = await send();
      } catch (error) {
        if (method !== "GET" || attempt >= getAttempts || !(error instanceof TypeError)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
    if (!response.ok) {
      const parsed = apiErrorBodySchema.safeParse(await response.json().catch(() => null));
      throw new ApiRequestError(parsed.success ? `${parsed.data.code}: ${parsed.data.error}` : `HTTP ${response.status} from ${path}`);
    }
    return response;
  }

  private async experiment(method: string, path: string, body?: unknown): Promise<StatusView> {
    const response = await this.request(method, path, body);
    return experimentBodySchema.parse(await response.json()).experiment;
  }

  create(config: ExperimentConfigInput): Promise<StatusView> {
    return this.experiment("POST", "/api/experiments", { config });
  }

  status(id: string): Promise<StatusView> {
    return this.experiment("GET", `/api/experiments/${id}`);
  }

  control(id: string, verb: "start" | "pause" | "resume" | "stop"): Promise<StatusView> {
    return this.experiment("POST", `/api/experiments/${id}/${verb}`);
  }

  async config(id: string): Promise<ExperimentConfig> {
    const response = await this.request("GET", `/api/experiments/${id}/config`);
    return experimentConfigBodySchema.parse(await response.json()).config;
  }

  async rounds(id: string): Promise<RoundSummary[]> {
    const response = await this.request("GET", `/api/experiments/${id}/rounds`);
    return roundsBodySchema.parse(await response.json()).rounds;
  }

  async list(): Promise<StatusView[]> {
    const response = await this.request("GET", "/api/experiments");
    return experimentListBodySchema.parse(await response.json()).experiments;
  }

  /** Whether an artifact (report, graph) is stored with the experiment. */
  async hasArtifact(id: string, name: "report" | "graph" | "html"): Promise<boolean> {
    const response = await fetch(`${this.baseUrl}/api/experiments/${id}/artifacts/${name}`, {
      headers: this.headers(),
    });
    await response.body?.cancel();
    return response.ok;
  }

  /** An artifact's text, or null when none is stored (404). */
  async artifact(id: string, name: "report" | "graph" | "html"): Promise<string | null> {
    const response = await fetch(`${this.baseUrl}/api/experiments/${id}/artifacts/${name}`, { headers: this.headers() });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) throw new ApiRequestError(`reading ${name} of ${id}: HTTP ${response.status}`);
    return response.text();
  }

  /**
   * A PUT of a whole artifact is idempotent, so unlike other writes it is repeated on a network
   * error: after a long analysis the kept-alive socket may be one the server has closed (EPIPE).
   */
  async putArtifact(id: string, name: "report" | "graph" | "html", body: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(`${this.baseUrl}/api/experiments/${id}/artifacts/${name}`, {
          method: "PUT",
          headers: { ...this.headers(), "Content-Type": name === "html" ? "text/html" : "application/json" },
          body,
        });
        if (!response.ok) throw new ApiRequestError(`storing ${name} of ${id}: HTTP ${response.status}`);
        return;
      } catch (error) {
        if (attempt >= getAttempts || !(error instanceof TypeError)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  /** The raw NDJSON stream of events or telemetry. */
  async stream(id: string, which: "events" | "telemetry"): Promise<ReadableStream<Uint8Array>> {
    const response = await this.request("GET", `/api/experiments/${id}/${which}`);
    if (!response.body) throw new ApiRequestError(`empty ${which} stream`);
    return response.body;
  }
}
