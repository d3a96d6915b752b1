import { publicProbeAuthor } from "../../core/probes/public-probe.js";
import { eventSchema } from "../../core/events/event-schema.js";
import type { EventType, MurmurEvent } from "../../core/events/event-schema.js";
import type {
  AnalysisLog,
  LogAgent,
  LogComment,
  LogExposure,
  LogFollow,
  LogMemoryRef,
  LogPost,
  LogProbe,
  LogProbeAnswer,
  LogScoreSnapshot,
  LogVote,
} from "./analysis-log.js";
import { LogMemoryWrites } from "./memory-writes.js";

export class LogFormatError extends Error {
  override readonly name = "LogFormatError";
}

/**
 * Reads a docs/events.md log line by line into the analysis's compact view. Each line is validated
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
  private readonly memoryWrites = new LogMemoryWrites();
  private readonly memoryRefs: LogMemoryRef[] = [];
  private readonly probes: LogProbe[] = [];
  private readonly probeAnswers: LogProbeAnswer[] = [];
  private readonly scoreSnapshots: LogScoreSnapshot[] = [];
  private readonly types = new Set<EventType>();
  private readonly snapshots = new Map<string, readonly string[]>();
  /**
   * Public probe posts and every comment under them: the experiment's measuring instrument, not
   * society content (core/probes/public-probe.ts). They stay out of the social metrics; the
   * replies count through their `probeAnswer` events.
   */
  private readonly instrument = new Set<string>();
  private readonly ranks = new RankPool();
  private readonly voteState = new Map<string, number>();
  private imported = false;
  /**
   * One string per distinct id. JSON.parse makes a new string for every occurrence of an item id
   * (votes, replies, feed snapshots, memory sources name the same items again and again); sharing
   * one keeps the log's heap - live through every metric - tens of MB smaller on large logs.
   */
  private readonly strings = new Map<string, string>();

  private intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  private internAll(values: readonly string[]): string[] {
    return values.map((value) => this.intern(value));
  }

  add(event: MurmurEvent): void {
    this.types.add(event.type);
    this.maxRound = Math.max(this.maxRound, event.round);
    // Only the first event of round 0 and the first of a later round tell the timing.
    if (event.round === 0 && this.startMs === null) this.startMs = Date.parse(event.t);
    if (event.round > 0 && this.secondRoundMs === null && this.startMs !== null)
      this.secondRoundMs = (Date.parse(event.t) - this.startMs) / event.round;
    switch (event.type) {
      case "agent":
        this.agents.set(event.agent, { id: event.agent, name: event.name, policy: event.policy, group: event.group ?? null });
        if (event.policy === "imported") this.imported = true;
        break;
      case "post":
        if (event.agent === publicProbeAuthor) {
          this.instrument.add(event.id);
          break;
        }
        this.posts.push({
          id: this.intern(event.id),
          author: this.intern(event.agent),
          round: event.round,
          submolt: event.submolt,
          text: `${event.title} ${event.content}`,
        });
        break;
      case "comment":
        if (this.instrument.has(event.post)) {
          this.instrument.add(event.id);
          break;
        }
        this.comments.push({
          id: this.intern(event.id),
          author: this.intern(event.agent),
          round: event.round,
          post: this.intern(event.post),
          parent: event.parent === null ? null : this.intern(event.parent),
          text: event.content,
        });
        break;
      case "vote": {
        if (this.instrument.has(event.target)) break;
        const key = `${event.agent}\u0000${event.target}`;
        const before = this.voteState.get(key) ?? 0;
        this.voteState.set(key, event.value);
        this.votes.push({
          voter: this.intern(event.agent),
          target: this.intern(event.target),
          targetType: event.targetType,
          targetAuthor: this.intern(event.targetAuthor),
          round: event.round,
          delta: event.value - before,
        });
        break;
      }
      case "feedSnapshot":
        // An instrument item keeps its rank (exposures index the snapshot) but names nothing.
        this.snapshots.set(event.id, this.internAll(event.items.map((id) => (this.instrument.has(id) ? "" : id))));
        break;
      case "exposure": {
        const agent = this.intern(event.agent);
        if (event.snapshot !== undefined) {
          const snapshot = this.snapshots.get(event.snapshot) ?? [];
          const ranks = event.ranks ?? [];
          this.exposures.push(
            new SnapshotExposure(agent, event.round, event.kind, snapshot, this.ranks, this.ranks.add(ranks), ranks.length),
          );
        } else {
          const items = event.items === undefined ? [] : this.internAll(event.items.filter((id) => !this.instrument.has(id)));
          this.exposures.push({ agent, round: event.round, kind: event.kind, items });
        }
        break;
      }
      case "follow":
        this.follows.push({ agent: event.agent, target: event.target, value: event.value, round: event.round });
        break;
      case "memoryWrite":
        this.memoryWrites.push(
          {
            agent: this.intern(event.agent),
            id: event.id,
            round: event.round,
            kind: this.intern(event.kind),
            importance: event.importance,
            sources: event.sources,
          },
          (source) => this.intern(source),
        );
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
    this.ranks.trim();
    this.memoryWrites.trim();
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

/**
 * The ranks of every snapshot exposure, end to end in one typed array. The array is replaced as
 * it grows, so exposures hold the pool, not the array.
 */
class RankPool {
  values = new Int32Array(4096);
  private length = 0;

  /** Appends the ranks; returns where they start. */
  add(ranks: readonly number[]): number {
    if (this.length + ranks.length > this.values.length) {
      const bigger = new Int32Array(Math.max(this.values.length * 2, this.length + ranks.length));
      bigger.set(this.values.subarray(0, this.length));
      this.values = bigger;
    }
    const from = this.length;
    for (const rank of ranks) this.values[this.length++] = rank;
    return from;
  }

  /** Drops the unused tail of the array (it doubles as it grows). */
  trim(): void {
    this.values = this.values.slice(0, this.length);
  }
}

/**
 * An exposure to a feed snapshot, which is most exposures of a sim log. Its items are the
 * snapshot's ids at its ranks, looked up when `items` is read (a new array each time): held as
 * arrays, ~125k exposures of ~40 items each kept ~45 MB more on the heap through every metric.
 */
class SnapshotExposure implements LogExposure {
  constructor(
    readonly agent: string,
    readonly round: number,
    readonly kind: string,
    private readonly snapshot: readonly string[],
    private readonly pool: RankPool,
    /** The exposure's ranks are pool.values[from .. from + count). */
    private readonly from: number,
    private readonly count: number,
  ) {}

  get items(): readonly string[] {
    const items: string[] = [];
    const values = this.pool.values;
    for (let i = this.from; i < this.from + this.count; i++) {
      // A rank past the snapshot's end names nothing (as a missing snapshot does).
      const id = this.snapshot[values[i] ?? -1];
      if (id !== undefined && id !== "") items.push(id);
    }
    return items;
  }
}
