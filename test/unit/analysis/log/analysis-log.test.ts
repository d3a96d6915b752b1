import { describe, expect, it } from "vitest";
import { logFromEvents, readLog } from "../../../../analysis/log/read-log.js";
import { LogFixture } from "../fixtures.js";

const t = "2026-01-28T00:00:00.000Z";

function fixture(): LogFixture {
  const f = new LogFixture().agent("a1").agent("a2");
  f.events.push({ v: 1, type: "feedSnapshot", round: 0, seq: 90, t, id: "s.0", items: ["p.0.a1.0", "p.0.a2.0", "c.0.a1.0"], feed: "hot" });
  f.events.push({
    v: 1,
    type: "exposure",
    round: 0,
    seq: 91,
    t,
    agent: "a1",
    kind: "feed",
    feed: "hot",
    snapshot: "s.0",
    ranks: [2, 0, 7],
  });
  f.events.push({ v: 1, type: "exposure", round: 0, seq: 92, t, agent: "a2", kind: "feed", feed: "hot", snapshot: "s.9", ranks: [0] });
  f.exposure(0, "a2", ["p.0.a1.0"]);
  f.memoryWrite(1, "a1", "m.a1.0", ["p.0.a2.0", "a2"])
    .memoryWrite(1, "a1", "m.a1.12", [], "reflection")
    .memoryWrite(2, "a2", "m.a2.007", ["c.0.a1.0"])
    .memoryWrite(2, "a2", "note-1", ["a1"], "feedback")
    .memoryWrite(2, "a2", "m.a1.3", ["a1"]);
  return f;
}

describe("the analysis log", () => {
  it("resolves snapshot exposures to the ids at their ranks (past the end and unknown snapshots give none)", () => {
    const log = logFromEvents(fixture().events);
    expect(log.exposures.map((e) => [e.agent, e.round, e.kind, [...e.items]])).toEqual([
      ["a1", 0, "feed", ["c.0.a1.0", "p.0.a1.0"]],
      ["a2", 0, "feed", []],
      ["a2", 0, "feed", ["p.0.a1.0"]],
    ]);
  });

  it("keeps memory writes column by column and gives them back as rows, ids of any form", () => {
    const log = logFromEvents(fixture().events);
    const rows = [...log.memoryWrites];
    expect(log.memoryWrites.length).toBe(5);
    expect(rows.map((r) => [r.agent, r.id, r.round, r.kind, r.importance, r.sources])).toEqual([
      ["a1", "m.a1.0", 1, "observation", 5, ["p.0.a2.0", "a2"]],
      ["a1", "m.a1.12", 1, "reflection", 5, []],
      ["a2", "m.a2.007", 2, "observation", 5, ["c.0.a1.0"]],
      ["a2", "note-1", 2, "feedback", 5, ["a1"]],
      ["a2", "m.a1.3", 2, "observation", 5, ["a1"]],
    ]);
    expect(log.memoryWrites.idAt(5)).toBeUndefined();
    expect(log.memoryWrites.at(-1)).toBeUndefined();
  });

  it("reads the same log from lines as from events", async () => {
    const events = fixture().post(0, "a1", "p.0.a1.0", "hello").comment(1, "a2", "c.1.a2.0", "p.0.a1.0", null, "hi").events;
    const fromLines = await readLog(events.map((e) => JSON.stringify(e)));
    const fromEvents = logFromEvents(events);
    expect(fromLines.posts).toEqual(fromEvents.posts);
    expect(fromLines.comments).toEqual(fromEvents.comments);
    expect([...fromLines.memoryWrites]).toEqual([...fromEvents.memoryWrites]);
    expect(fromLines.exposures.map((e) => [...e.items])).toEqual(fromEvents.exposures.map((e) => [...e.items]));
  });
});

describe("public probe posts in the log", () => {
  it("are kept out of the social data: the post, every comment under it, votes on them and their impressions", () => {
    const f = new LogFixture().agent("a1").agent("a2");
    f.events.push({
      v: 1,
      type: "post",
      round: 0,
      seq: 1,
      t,
      agent: "murmur-probe",
      id: "p.0.murmur-probe.0",
      submolt: "general",
      title: "Who?",
      content: "Name them.",
    });
    f.events.push({ v: 1, type: "feedSnapshot", round: 1, seq: 0, t, id: "s.1", items: ["p.0.murmur-probe.0", "p.0.a1.0"], feed: "hot" });
    f.events.push({ v: 1, type: "exposure", round: 1, seq: 1, t, agent: "a2", kind: "feed", feed: "hot", snapshot: "s.1", ranks: [0, 1] });
    f.events.push({
      v: 1,
      type: "post",
      round: 1,
      seq: 2,
      t,
      agent: "a1",
      id: "p.1.a1.0",
      submolt: "general",
      title: "Mine",
      content: "A post.",
    });
    f.events.push({
      v: 1,
      type: "comment",
      round: 1,
      seq: 3,
      t,
      agent: "a1",
      id: "c.1.a1.0",
      post: "p.0.murmur-probe.0",
      parent: null,
      content: "I remember a2.",
    });
    f.events.push({
      v: 1,
      type: "comment",
      round: 1,
      seq: 4,
      t,
      agent: "a2",
      id: "c.1.a2.0",
      post: "p.0.murmur-probe.0",
      parent: "c.1.a1.0",
      content: "Me?",
    });
    f.events.push({
      v: 1,
      type: "comment",
      round: 1,
      seq: 5,
      t,
      agent: "a2",
      id: "c.1.a2.1",
      post: "p.1.a1.0",
      parent: null,
      content: "Nice.",
    });
    f.events.push({
      v: 1,
      type: "vote",
      round: 1,
      seq: 6,
      t,
      agent: "a2",
      target: "c.1.a1.0",
      targetType: "comment",
      value: 1,
      targetAuthor: "a1",
    });
    f.events.push({
      v: 1,
      type: "vote",
      round: 1,
      seq: 7,
      t,
      agent: "a2",
      target: "p.1.a1.0",
      targetType: "post",
      value: 1,
      targetAuthor: "a1",
    });
    f.events.push({
      v: 1,
      type: "exposure",
      round: 1,
      seq: 8,
      t,
      agent: "a1",
      kind: "notification",
      feed: "notifications",
      items: ["c.1.a2.0", "c.1.a2.1"],
    });
    const log = logFromEvents(f.events);
    expect(log.posts.map((p) => p.id)).toEqual(["p.1.a1.0"]);
    expect(log.comments.map((c) => c.id)).toEqual(["c.1.a2.1"]);
    expect(log.votes.map((v) => v.target)).toEqual(["p.1.a1.0"]);
    expect(log.exposures.map((e) => [...e.items])).toEqual([["p.0.a1.0"], ["c.1.a2.1"]]);
  });
});
