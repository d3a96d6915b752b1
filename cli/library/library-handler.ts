import { feedQuerySchema } from "../../core/contracts/readers.js";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { z } from "zod";
import type { ExperimentStatusView } from "../../core/contracts/experiment-status.js";
import { libraryIdSchema } from "../../core/contracts/run-library.js";
import { agentOf, feedOf, roundsOf, threadOf } from "./run-readers.js";
import type { TelemetryLine } from "./run-readers.js";
import type { RunLibrary } from "./run-library.js";
import type { LibraryRun } from "./run-scan.js";
import { runArchiveFiles } from "./run-archive.js";
import { tarGz } from "./tar-archive.js";

/**
 * The local server's `LIBRARY` binding (docs/run-library.md): the Worker checks the admin token and
 * forwards `/api/experiments/<run directory id>/...` here as `/runs/<id>/...`, and the download of an
 * experiment as `/experiments/<id>/archive`. Answers have the shapes of the Worker's own routes.
 * A per-server key the Worker sends keeps other local processes from calling the binding directly.
 */

export const libraryKeyHeader = "x-murmur-library-key";

const agentIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const postIdSchema = z.string().regex(/^p\.\d+\.[A-Za-z0-9._-]+\.[A-Za-z0-9._-]+$/);
const telemetryLineSchema = z.looseObject({
  round: z.number().int().min(0),
  wallMs: z.number().optional(),
  rejected: z.number().optional(),
  timeouts: z.number().optional(),
});

class LibraryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const notFound = (what: string, hint: string): LibraryError => new LibraryError(404, "NOT_FOUND", what, hint);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function sendStream(res: ServerResponse, stream: Readable, headers: Record<string, string>): void {
  res.writeHead(200, headers);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

function readTelemetry(run: LibraryRun): TelemetryLine[] {
  const path = join(run.dir, "telemetry.ndjson");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .flatMap((line) => {
      const parsed = line === "" ? null : telemetryLineSchema.safeParse(JSON.parse(line));
      return parsed?.success ? [parsed.data] : [];
    });
}

/** One run's status with its last round's summary, which the list leaves out (it needs the replayed log). */
async function statusWithLastRound(library: RunLibrary, run: LibraryRun): Promise<ExperimentStatusView> {
  const rounds = roundsOf(await library.replay(run), readTelemetry(run));
  return { ...library.status(run), lastRound: rounds[rounds.length - 1] ?? null };
}

/** An artifact of the run: its own file, or this server's analysis of it. */
function sendArtifact(library: RunLibrary, run: LibraryRun, name: string, res: ServerResponse): void {
  const file = name === "report" ? "report.json" : name === "graph" ? "graph.json" : name === "html" ? "report.html" : null;
  if (file === null) throw new LibraryError(400, "VALIDATION_ERROR", `no artifact ${name}`, "Artifacts are report, graph and html.");
  const path = join(library.artifactDir(run), file);
  if (!existsSync(path)) {
    const analysis = library.analysisOf(run);
    throw notFound(
      `no ${name} for ${run.id}`,
      analysis.note ??
        (analysis.state === "pending"
          ? "This server is analysing the run directory; the pages open it when done."
          : "Run murmur analyze on the directory."),
    );
  }
  const headers: Record<string, string> =
    name === "html"
      ? {
          "Content-Type": "text/html; charset=utf-8",
          "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        }
      : { "Content-Type": "application/json; charset=utf-8" };
  sendStream(res, createReadStream(path), headers);
}

async function runRoute(library: RunLibrary, run: LibraryRun, rest: string[], query: URLSearchParams, res: ServerResponse): Promise<void> {
  const [what = "", arg] = rest;
  const ok = (body: Record<string, unknown>): void => sendJson(res, 200, { success: true, ...body });
  if (what === "") return ok({ experiment: await statusWithLastRound(library, run) });
  if (what === "config") {
    if (run.config === null) throw notFound(`${run.id} is an import: it has no experiment config`, "Its config.json describes the import.");
    return ok({ config: run.config });
  }
  if (what === "live") {
    res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache" });
    res.end(`event: status\ndata: ${JSON.stringify(await statusWithLastRound(library, run))}\n\n`);
    return;
  }
  if (what === "events" || what === "telemetry") {
    return sendStream(res, createReadStream(join(run.dir, `${what}.ndjson`)), {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "X-Murmur-Rounds": String(run.manifest.rounds),
    });
  }
  if (what === "artifacts" && arg !== undefined) return sendArtifact(library, run, arg, res);
  if (what === "archive") return sendArchive(res, run.dir.split("/").pop() ?? run.id, runArchiveFiles(run.dir, library.artifactDir(run)));
  const replay = await library.replay(run);
  if (what === "rounds") return ok({ rounds: roundsOf(replay, readTelemetry(run)) });
  if (what === "feed") {
    const parsed = feedQuerySchema.safeParse(Object.fromEntries(query));
    if (!parsed.success)
      throw new LibraryError(400, "VALIDATION_ERROR", "invalid feed query", "Use ?submolt=general&sort=hot|new|top&limit=25&offset=0.");
    return ok({ ...feedOf(replay, { ...parsed.data, submolt: parsed.data.submolt ?? null }, run.config) });
  }
  if (what === "posts" && arg !== undefined && postIdSchema.safeParse(arg).success) {
    const thread = threadOf(replay, arg, run.config);
    if (!thread) throw notFound(`no post ${arg}`, "Post ids come from the feed.");
    return ok({ ...thread });
  }
  if (what === "agents" && arg !== undefined && agentIdSchema.safeParse(arg).success) {
    const before = query.get("before");
    const beforeRow = before === null ? null : Number(before);
    if (beforeRow !== null && !(Number.isInteger(beforeRow) && beforeRow >= 0))
      throw new LibraryError(400, "VALIDATION_ERROR", "before: expected a whole number", "before is a memory row number.");
    const body = agentOf(replay, run.config, arg, beforeRow);
    if (!body) throw notFound(`no agent ${arg} in this run`, "Agent ids come from the feed.");
    return ok({ ...body });
  }
  throw notFound(`no route GET /api/experiments/${run.id}/${rest.join("/")}`, "See docs/run-library.md.");
}

function sendArchive(res: ServerResponse, top: string, files: { name: string; path: string }[]): void {
  sendStream(res, tarGz(top, files), {
    "Content-Type": "application/gzip",
    "Content-Disposition": `attachment; filename="${top.replace(/[^A-Za-z0-9._-]/g, "_")}.tar.gz"`,
  });
}

export interface LibraryHandlerOptions {
  readonly library: RunLibrary;
  readonly key: string;
  /** Writes experiment `id` of this server as a run directory in a fresh temporary directory; returns it and a clean-up. */
  readonly downloadExperiment: (id: string) => Promise<{ dir: string; name: string; cleanup: () => void }>;
}

async function route(options: LibraryHandlerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.headers[libraryKeyHeader] !== options.key) throw new LibraryError(403, "FORBIDDEN", "not the local Worker", "");
  if (req.method !== "GET")
    throw new LibraryError(409, "CONFLICT", "a run directory is read-only", "Launch a new experiment to change anything.");
  const url = new URL(req.url ?? "/", "http://library");
  const [, head, id, ...rest] = url.pathname.split("/").map(decodeURIComponent);
  if (head === "runs" && id === undefined) return sendJson(res, 200, { success: true, experiments: options.library.list() });
  if (head === "runs" && libraryIdSchema.safeParse(id).success) {
    const run = options.library.run(id ?? "");
    if (!run) throw notFound(`no run directory ${id}`, "List the library with GET /api/experiments.");
    return runRoute(options.library, run, rest, url.searchParams, res);
  }
  if (head === "experiments" && id !== undefined && rest[0] === "archive") {
    const written = await options.downloadExperiment(id);
    res.on("close", written.cleanup);
    return sendArchive(res, written.name, runArchiveFiles(written.dir, written.dir));
  }
  throw notFound(`no library route ${url.pathname}`, "See docs/run-library.md.");
}

/** The Node handler Miniflare calls for the `LIBRARY` binding. */
export function libraryHandler(options: LibraryHandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      await route(options, req, res);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const e =
        error instanceof LibraryError
          ? error
          : new LibraryError(500, "INTERNAL_ERROR", error instanceof Error ? error.message : String(error), "See the server log.");
      sendJson(res, e.status, { success: false, error: e.message, code: e.code, hint: e.hint });
    }
  };
}
