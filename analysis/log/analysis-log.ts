/**
 * The analysis's view of an event log (docs/events.md): what the metrics need, compact, built in one
 * streaming pass. Nothing here imports from Cloudflare or Node; it runs in Node, workers and the
 * browser.
 */
import type { EventType } from "../../core/events/event-schema.js";
import type { LogMemoryWrites } from "./memory-writes.js";

export interface LogAgent {
  readonly id: string;
  /** The name the agent posts under (an id-like handle in imports). */
  readonly name: string;
  readonly policy: string;
  readonly group: string | null;
}

export interface LogPost {
  readonly id: string;
  readonly author: string;
  readonly round: number;
  readonly submolt: string;
  /** Title and content, as the text metrics read it. */
  readonly text: string;
}

export interface LogComment {
  readonly id: string;
  readonly author: string;
  readonly round: number;
  readonly post: string;
  readonly parent: string | null;
  readonly text: string;
}

export interface LogVote {
  readonly voter: string;
  readonly target: string;
  readonly targetType: "post" | "comment";
  readonly targetAuthor: string;
  readonly round: number;
  /** Change of the target's score this event made (resulting state minus the voter's previous one). */
  readonly delta: number;
}

export interface LogExposure {
  readonly agent: string;
  readonly round: number;
  readonly kind: string;
  /** Post and comment ids shown, in rank order (snapshots resolved). */
  readonly items: readonly string[];
}

export interface LogFollow {
  readonly agent: string;
  readonly target: string;
  readonly value: number;
  readonly round: number;
}

export interface LogMemoryRef {
  readonly agent: string;
  readonly round: number;
  readonly action: string;
  readonly refs: readonly string[];
}

export interface LogProbe {
  readonly id: string;
  readonly round: number;
  readonly mode: "private" | "public";
  readonly question: string;
  readonly targets: readonly string[];
}

export interface LogProbeAnswer {
  readonly agent: string;
  readonly round: number;
  readonly probe: string;
  readonly agents: readonly string[];
  readonly posts: readonly string[];
  readonly names: readonly string[];
  readonly text: string;
}

export interface LogScoreSnapshot {
  readonly target: string;
  readonly round: number;
  readonly up: number;
  readonly down: number;
}

export interface AnalysisLog {
  /** Rounds seen: 0 .. rounds - 1. */
  readonly rounds: number;
  /** Simulated hours per round, read from the log's `t` values (1 when it cannot tell). */
  readonly roundHours: number;
  /** Simulated time of round 0 (ISO-8601). */
  readonly startTime: string;
  readonly agents: ReadonlyMap<string, LogAgent>;
  readonly posts: readonly LogPost[];
  readonly comments: readonly LogComment[];
  readonly votes: readonly LogVote[];
  readonly exposures: readonly LogExposure[];
  readonly follows: readonly LogFollow[];
  /** Columnar (see LogMemoryWrites in memory-writes.ts): iterable as LogMemoryWrite rows. */
  readonly memoryWrites: LogMemoryWrites;
  readonly memoryRefs: readonly LogMemoryRef[];
  readonly probes: readonly LogProbe[];
  readonly probeAnswers: readonly LogProbeAnswer[];
  readonly scoreSnapshots: readonly LogScoreSnapshot[];
  /** Event types present in the log, so metrics can say `log lacks <type>`. */
  readonly types: ReadonlySet<EventType>;
  /** Whether the log came from an importer (`policy: imported`): windows fall on UTC days. */
  readonly imported: boolean;
}

/** Posts and comments by id. */
export function contentIndex(log: AnalysisLog): Map<string, LogPost | LogComment> {
  const index = new Map<string, LogPost | LogComment>();
  for (const post of log.posts) index.set(post.id, post);
  for (const comment of log.comments) index.set(comment.id, comment);
  return index;
}

/** The first of `needed` that the log lacks, as the reason docs/metrics.md asks for, or null. */
export function missingTypes(log: AnalysisLog, needed: readonly EventType[]): string | null {
  const missing = needed.filter((type) => !log.types.has(type));
  return missing.length > 0 ? `log lacks ${missing.join(", ")}` : null;
}
