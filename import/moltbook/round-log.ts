import { createHash } from "node:crypto";
import type { Hash } from "node:crypto";
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { canonicalLine } from "../../core/events/canonical.js";
import type { UnsequencedEvent } from "../../core/events/event-schema.js";
import type { WrittenLog } from "../../node/run-directory.js";
import { codePointCompare } from "./id-alphabet.js";
import { roundTime } from "./source-time.js";
import type { PlacedItem } from "./thread-placer.js";

/** Lines are gathered to this size before one write call. */
const writeBlockBytes = 1 << 20;

/** Appends text to a file descriptor in blocks, hashing and counting what it writes when asked to. */
class BlockWriter {
  private pending: string[] = [];
  private size = 0;
  /** Bytes written to the file so far. */
  written = 0;

  constructor(
    private readonly fd: number,
    private readonly hash?: Hash,
  ) {}

  write(text: string): void {
    this.pending.push(text);
    this.size += text.length;
    if (this.size >= writeBlockBytes) this.flush();
  }

  writeBytes(bytes: Buffer): void {
    this.flush();
    this.hash?.update(bytes);
    writeSync(this.fd, bytes);
    this.written += bytes.length;
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const block = Buffer.from(this.pending.join(""), "utf8");
    this.hash?.update(block);
    writeSync(this.fd, block);
    this.written += block.length;
    this.pending = [];
    this.size = 0;
  }
}

/** Content in its round's canonical order: agent, then the agent's own order (time, then id). */
const byAgentTimeId = (a: PlacedItem, b: PlacedItem): number =>
  codePointCompare(a.agent, b.agent) || a.ms - b.ms || codePointCompare(a.eventId, b.eventId);

/**
 * events.ndjson, written while the merge runs. A round is written once the merge has passed its
 * hour (nothing later can land in it); its content waits in memory until then, so memory holds the
 * rounds still open - the current hour and replies deferred past it. Round 0 is held to the end,
 * because its setup events (the agents and submolts with kept content) are known only then; later
 * rounds go to a temporary body file, and the data's vote totals to a temporary score file, both
 * copied after round 0 into the log.
 */
export class RoundLog {
  private readonly open = new Map<number, PlacedItem[]>();
  private writtenBefore = 0;
  private roundZero: PlacedItem[] = [];
  private readonly bodyPath: string;
  private readonly scorePath: string;
  private readonly body: BlockWriter;
  private readonly scores: BlockWriter;
  private readonly bodyFd: number;
  private readonly scoreFd: number;
  private readonly counts: Record<string, number> = {};
  private events = 0;
  private lastRoundSize = 0;
  private lastWritten = -1;

  constructor(tempDir: string) {
    this.bodyPath = join(tempDir, "body.ndjson");
    this.scorePath = join(tempDir, "scores.ndjson");
    this.bodyFd = openSync(this.bodyPath, "w");
    this.scoreFd = openSync(this.scorePath, "w");
    this.body = new BlockWriter(this.bodyFd);
    this.scores = new BlockWriter(this.scoreFd);
  }

  add(item: PlacedItem): void {
    if (item.round < this.writtenBefore) throw new RangeError(`round ${item.round} was already written`);
    const bucket = this.open.get(item.round);
    if (bucket) bucket.push(item);
    else this.open.set(item.round, [item]);
  }

  /** Writes every open round before `round`: the merge has passed their hours. */
  closeBefore(round: number): void {
    if (round <= this.writtenBefore) return;
    for (const r of [...this.open.keys()].filter((key) => key < round).sort((a, b) => a - b)) this.closeRound(r);
    this.writtenBefore = round;
  }

  private closeRound(round: number): void {
    const items = (this.open.get(round) ?? []).sort(byAgentTimeId);
    this.open.delete(round);
    if (round === 0) {
      this.roundZero = items;
      return;
    }
    items.forEach((item, seq) => this.body.write(`${this.count(item.event, seq)}\n`));
    for (const item of items) if (item.score) this.scores.write(`${JSON.stringify([item.eventId, item.score.up, item.score.down])}\n`);
    this.lastWritten = round;
    this.lastRoundSize = items.length;
  }

  private count(event: UnsequencedEvent, seq: number): string {
    this.counts[event.type] = (this.counts[event.type] ?? 0) + 1;
    this.events++;
    return canonicalLine(event, seq);
  }

  /**
   * Closes every round and writes the log to `path`: round 0's `setup` events (in canonical order)
   * and content, the later rounds, then one `scoreSnapshot` per scored post or comment in log order,
   * closing the last round.
   */
  finish(
    path: string,
    setup: readonly UnsequencedEvent[],
    originMs: number,
    lastRound: number,
    onBytes: (bytes: number) => void = () => undefined,
  ): WrittenLog {
    this.closeBefore(Number.POSITIVE_INFINITY);
    this.body.flush();
    this.scores.flush();
    closeSync(this.bodyFd);
    closeSync(this.scoreFd);
    const hash = createHash("sha256");
    const fd = openSync(path, "w");
    try {
      const out = new BlockWriter(fd, hash);
      setup.forEach((event, seq) => out.write(`${this.count(event, seq)}\n`));
      this.roundZero.forEach((item, i) => out.write(`${this.count(item.event, setup.length + i)}\n`));
      if (lastRound === 0) this.lastRoundSize = setup.length + this.roundZero.length;
      else if (this.lastWritten !== lastRound) throw new RangeError(`last round ${lastRound} was not written`);
      copyFile(this.bodyPath, out, onBytes);
      const t = roundTime(originMs, lastRound);
      let seq = this.lastRoundSize;
      const snapshot = (target: string, up: number, down: number): void => {
        out.write(`${this.count({ type: "scoreSnapshot", round: lastRound, t, target, up, down }, seq++)}\n`);
      };
      for (const item of this.roundZero) if (item.score) snapshot(item.eventId, item.score.up, item.score.down);
      forEachLine(this.scorePath, (line) => {
        const cells: unknown = JSON.parse(line);
        if (!Array.isArray(cells) || typeof cells[0] !== "string" || typeof cells[1] !== "number" || typeof cells[2] !== "number") {
          throw new RangeError(`bad score line: ${line}`);
        }
        snapshot(cells[0], cells[1], cells[2]);
      });
      out.flush();
    } finally {
      closeSync(fd);
    }
    return { events: this.events, counts: { ...this.counts }, sha256: hash.digest("hex") };
  }

  /** Bytes of the body file written so far: what is left to copy once the merge ends. */
  get bodyBytes(): number {
    this.body.flush();
    return this.body.written;
  }
}

function copyFile(path: string, out: BlockWriter, onBytes: (bytes: number) => void): void {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(writeBlockBytes);
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      out.writeBytes(buffer.subarray(0, read));
      onBytes(read);
    }
  } finally {
    closeSync(fd);
  }
}

function forEachLine(path: string, each: (line: string) => void): void {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(writeBlockBytes);
    let rest = "";
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      // Score lines are ASCII ids and numbers after sanitising, so a block boundary cannot split a character.
      const lines = (rest + buffer.toString("latin1", 0, read)).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) if (line !== "") each(line);
    }
    if (rest !== "") each(rest);
  } finally {
    closeSync(fd);
  }
}
