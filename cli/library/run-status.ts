import type { ExperimentStatusView } from "../../core/contracts/experiment-status.js";
import type { LibraryAnalysis } from "../../core/contracts/run-library.js";
import { experimentStatusSchema } from "../../core/contracts/experiment-status.js";
import type { LibraryRun } from "./run-scan.js";

/**
 * A run directory as the experiment API's status view (core/contracts/experiment-status.ts), marked
 * with its source: the pages list and open it like an experiment of the server, read-only.
 */

/** What a log cannot show, from its counts per event type (docs/events.md: an import lacks what its data lacks). */
export function limitsOf(run: LibraryRun): string[] {
  const has = (type: string): boolean => (run.manifest.counts[type] ?? 0) > 0;
  const limits: string[] = [];
  if (!has("exposure"))
    limits.push(
      "No exposures: who was shown what is not in the log, so attention, shared references and the influence leaders' null cannot be computed (the influence graph is drawn from replies alone).",
    );
  if (!has("vote"))
    limits.push(has("scoreSnapshot") ? "No individual votes: scores are the data's own totals." : "No votes: every score is 0.");
  if (!has("memoryWrite")) limits.push("No memory: the inspector's memory stream is empty.");
  else limits.push("Memory rows show their provenance only: the log records no memory text, nor which rows an agent later forgot.");
  if (!has("follow")) limits.push("No follows.");
  if (run.config === null) limits.push("No simulated personas: the agents are the data's authors.");
  return limits;
}

export function statusOf(run: LibraryRun, analysis: LibraryAnalysis): ExperimentStatusView {
  const { manifest, summary } = run;
  const imported = summary.experimentId === "import";
  const status = "status" in summary ? experimentStatusSchema.catch("finished").parse(summary.status) : "finished";
  const name =
    run.config?.name ?? (imported ? `import ${run.dir.split("/").pop() ?? ""}` : (run.dir.split("/").pop() ?? manifest.experimentId));
  const actions = ["post", "comment", "vote", "follow", "subscribe", "delete"].reduce((n, type) => n + (manifest.counts[type] ?? 0), 0);
  return {
    id: run.id,
    name,
    status,
    reason: null,
    agents: summary.agents,
    rounds: run.config?.rounds ?? manifest.rounds,
    round: manifest.rounds,
    phase: "close",
    roundsDone: manifest.rounds,
    lastRound: null,
    totals: {
      active: "agentTurns" in summary ? summary.agentTurns : 0,
      actions: "actions" in summary ? summary.actions : actions,
      rejected: "rejectedActions" in summary ? summary.rejectedActions : 0,
      timeouts: "turnTimeouts" in summary ? summary.turnTimeouts : 0,
      events: manifest.events,
      wallMs: "engineWallMs" in summary ? summary.engineWallMs : summary.wallMs,
    },
    createdAt: run.writtenAt,
    startedAt: null,
    finishedAt: run.writtenAt,
    source: { kind: "runDirectory", path: run.dir, imported, limits: limitsOf(run), analysis },
  };
}
