import { eventSchema } from "../../core/events/event-schema.js";
import type { EventType, MurmurEvent } from "../../core/events/event-schema.js";
import type {
  AnalysisLog,
  LogAgent,
  LogComment,
  LogExposure,
  LogFollow,
  LogMemoryRef,
  LogMemoryWrite,
  LogPost,
  LogProbe,
  LogProbeAnswer,
  LogScoreSnapshot,
  LogVote,
} from "./analysis-log.js";

export class LogFormatError extends Error {
  override readonly name = "LogFormatError";
}

/**
 * Reads an EVENTS.md log line by line into the analysis's compact view. Each line is validated
 * against the event schema; a bad line fails with its line number.
 */
export async function readLog(lines: AsyncIterable<string> | Iterable<string>): Promise<AnalysisLog> {
  const builder = new LogBuilder();
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new LogFormatError(`line ${lineNumber}: not JSON`);
    }
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) {
      throw new LogFormatError(`line ${lineNumber}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    builder.add(parsed.data);
  }
  return builder.build();
}

/** Builds an AnalysisLog from already parsed events (tests and in-memory callers). */
export function logFromEvents(events: Iterable<MurmurEvent>): AnalysisLog {
  const builder = new LogBuilder();
  for (const event of events) builder.add(event);
  return builder.build();
}

class LogBuilder {
  private maxRound = -1;
  private startMs: number | null = null;
  private secondRoundMs: number | null = null;
  private readonly agents = new Map<string, LogAgent>();
  private readonly posts: LogPost[] = [];
  private readonly comments: LogComment[] = [];
  private readonly votes: LogVote[] = [];
  private readonly exposures: LogExposure[] = [];
  private readonly follows: LogFollow[] = [];
  private readonly memoryWrites: LogMemoryWrite[] = [];
  private readonly memoryRefs: LogMemoryRef[] = [];
  private readonly probes: LogProbe[] = [];
  private readonly probeAnswers: LogProbeAnswer[] = [];
  private readonly scoreSnapshots: LogScoreSnapshot[] = [];
  private readonly types = new Set<EventType>();
  private readonly snapshots = new Map<string, readonly string[]>();
  private readonly voteState = new Map<string, number>();
  private imported = false;

  add(event: MurmurEvent): void {
    this.types.add(event.type);
    this.maxRound = Math.max(this.maxRound, event.round);
    const ms = Date.parse(event.t);
    if (event.round === 0 && this.startMs === null) this.startMs = ms;
    if (event.round > 0 && this.secondRoundMs === null && this.startMs !== null) this.secondRoundMs = (ms - this.startMs) / event.round;
    switch (event.type) {
      case "agent":
        this.agents.set(event.agent, { id: event.agent, policy: event.policy, group: event.group ?? null });
        if (event.policy === "imported") this.imported = true;
        break;
      case "post":
        this.posts.push({
          id: event.id,
          author: event.agent,
          round: event.round,
          submolt: event.submolt,
          text: `${event.title} ${event.content}`,
        });
        break;
      case "comment":
        this.comments.push({
          id: event.id,
          author: event.agent,
          round: event.round,
          post: event.post,
          parent: event.parent,
          text: event.content,
        });
        break;
      case "vote": {
        const key = `${event.agent}\u0000${event.target}`;
        const before = this.voteState.get(key) ?? 0;
        this.voteState.set(key, event.value);
        this.votes.push({
          voter: event.agent,
          target: event.target,
          targetType: event.targetType,
          targetAuthor: event.targetAuthor,
          round: event.round,
          delta: event.value - before,
        });
        break;
      }
      case "feedSnapshot":
        this.snapshots.set(event.id, event.items);
        break;
      case "exposure": {
        let items: readonly string[] = event.items ?? [];
        if (event.snapshot !== undefined) {
          const snapshot = this.snapshots.get(event.snapshot) ?? [];
          items = (event.ranks ?? []).flatMap((rank) => {
            const id = snapshot[rank];
            return id === undefined ? [] : [id];
          });
        }
        this.exposures.push({ agent: event.agent, round: event.round, kind: event.kind, items });
        break;
      }
      case "follow":
        this.follows.push({ agent: event.agent, target: event.target, value: event.value, round: event.round });
        break;
      case "memoryWrite":
        this.memoryWrites.push({
          agent: event.agent,
          id: event.id,
          round: event.round,
          kind: event.kind,
          importance: event.importance,
          sources: event.sources,
        });
        break;
      case "memoryRef":
        this.memoryRefs.push({ agent: event.agent, round: event.round, action: event.action, refs: event.refs });
        break;
      case "probe":
        this.probes.push({ id: event.id, round: event.round, mode: event.mode, question: event.question, targets: event.targets });
        break;
      case "probeAnswer":
        this.probeAnswers.push({
          agent: event.agent,
          round: event.round,
          probe: event.probe,
          agents: event.agents,
          posts: event.posts,
          names: event.names,
          text: event.text,
        });
        break;
      case "scoreSnapshot":
        this.scoreSnapshots.push({ target: event.target, round: event.round, up: event.up, down: event.down });
        break;
      default:
        break;
    }
  }

  build(): AnalysisLog {
    const hourMs = 3_600_000;
    const roundHours = this.secondRoundMs !== null && this.secondRoundMs > 0 ? this.secondRoundMs / hourMs : 1;
    return {
      rounds: this.maxRound + 1,
      roundHours,
      startTime: new Date(this.startMs ?? 0).toISOString(),
      agents: this.agents,
      posts: this.posts,
      comments: this.comments,
      votes: this.votes,
      exposures: this.exposures,
      follows: this.follows,
      memoryWrites: this.memoryWrites,
      memoryRefs: this.memoryRefs,
      probes: this.probes,
      probeAnswers: this.probeAnswers,
      scoreSnapshots: this.scoreSnapshots,
      types: this.types,
      imported: this.imported,
    };
  }
}
