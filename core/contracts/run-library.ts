import { z } from "zod";

/**
 * The library of runs (docs/run-library.md): run directories on the local disk that `murmur serve`
 * lists beside the experiments it ran, under the same API shapes. Only the local server has them:
 * the Worker forwards their ids to the `LIBRARY` binding the local server gives it, and a deployed
 * Worker, which has no such binding, lists none.
 */

/** Ids of run directories: `r` and 12 hex digits of the sha256 of the directory's real path (experiments are `x...`). */
export const libraryIdSchema = z.string().regex(/^r[0-9a-f]{12}$/, "run directory ids look like r0123456789ab");
/** The same ids as a route pattern (Hono's `:id{...}` takes no `{n}` inside), checked again by the schema. */
export const libraryIdPattern = "r[0-9a-f]+";

/** Where the analysis of a run directory stands: in the directory, made by this server, pending, or failed. */
export const libraryAnalysisSchema = z.object({
  state: z.enum(["ready", "pending", "failed"]),
  /** Whether graph.json exists (the influence metric needs exposures). */
  graph: z.boolean(),
  /** Why it failed, or why there is no graph; null when nothing needs saying. */
  note: z.string().nullable(),
});
export type LibraryAnalysis = z.infer<typeof libraryAnalysisSchema>;

/** How a run directory differs from an experiment of this server; carried by its status view. */
export const runSourceSchema = z.object({
  kind: z.literal("runDirectory"),
  /** The directory's absolute path on the serving machine. */
  path: z.string(),
  /** An imported log (`murmur import`), as opposed to a simulated run. */
  imported: z.boolean(),
  /** What its data cannot show, one sentence each (an import has no exposures, ...). */
  limits: z.array(z.string()),
  analysis: libraryAnalysisSchema,
});
export type RunSource = z.infer<typeof runSourceSchema>;
