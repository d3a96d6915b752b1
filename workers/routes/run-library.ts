import { Hono } from "hono";
import { experimentListBodySchema } from "../../core/contracts/experiment-status.js";
import type { ExperimentStatusView } from "../../core/contracts/experiment-status.js";
import { libraryIdPattern } from "../../core/contracts/run-library.js";
import { requireAdmin } from "../http/admin-auth.js";
import { ApiError } from "../http/errors.js";
import { parseId, requireExperiment } from "./experiment-stub.js";

/**
 * The library of runs (docs/run-library.md). Run directories live on the disk of the machine that
 * runs `murmur serve`, so the local server binds `LIBRARY` - a handler in its Node process - and the
 * Worker stays the only HTTP surface: it checks the admin token, then forwards a run directory's
 * routes (`r...` ids) and the download of an experiment as a run directory. A deployed Worker has no
 * binding: its library is empty and its downloads go through `murmur pull`.
 */

const libraryKeyHeader = "x-murmur-library-key";

function forward(env: Env, path: string, search: string): Promise<Response> {
  const library = env.LIBRARY;
  if (!library)
    throw new ApiError("NOT_FOUND", "this server has no library of run directories", "Run directories are served by `murmur serve`.");
  return library.fetch(`http://library${path}${search}`, { headers: { [libraryKeyHeader]: env.LIBRARY_KEY ?? "" } });
}

/** The run directories the local server lists, or none (a deployed Worker, or a library that failed). */
export async function libraryList(env: Env): Promise<ExperimentStatusView[]> {
  if (!env.LIBRARY) return [];
  try {
    const response = await forward(env, "/runs", "");
    if (!response.ok) return [];
    return experimentListBodySchema.parse(await response.json()).experiments;
  } catch (error) {
    console.error("library list failed", error instanceof Error ? error.message : String(error));
    return [];
  }
}

/** Run directories answer every read route the pages use; writes are refused (a run directory is read-only). */
export const libraryRoutes = new Hono<{ Bindings: Env }>()
  .use("*", requireAdmin)
  .get("/:id{x[0-9a-f]+}/archive", async (c) => {
    const id = parseId(c.req.param("id"));
    await requireExperiment(c.env, id);
    if (!c.env.LIBRARY)
      throw new ApiError(
        "NOT_FOUND",
        "this server cannot build archives",
        `Download it as a run directory with: murmur pull ${id} --server <url>`,
      );
    return forward(c.env, `/experiments/${id}/archive`, "");
  })
  .get(`/:id{${libraryIdPattern}}/*`, (c) => {
    const url = new URL(c.req.url);
    return forward(c.env, url.pathname.replace(/^\/api\/experiments\//, "/runs/"), url.search);
  })
  .get(`/:id{${libraryIdPattern}}`, (c) => forward(c.env, `/runs/${c.req.param("id")}`, ""))
  .on(["POST", "PUT", "DELETE", "PATCH"], [`/:id{${libraryIdPattern}}`, `/:id{${libraryIdPattern}}/*`], () => {
    throw new ApiError("CONFLICT", "a run directory is read-only", "Fork its config into a new experiment to run it again.");
  });
