import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { tarGz, ustarHeader } from "../../../../cli/library/tar-archive.js";

/** The hand-written ustar archive, read back by GNU tar (an independent implementation). */
describe("tarGz", () => {
  it("writes an archive GNU tar lists and extracts byte for byte", async () => {
    const dir = mkdtempSync(join(tmpdir(), "murmur-tar-"));
    const files = {
      "events.ndjson": "x".repeat(513) + "\n",
      "empty.ndjson": "",
      "config.json": JSON.stringify({ name: "ünïcode" }),
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const archive = join(dir, "run.tar.gz");
    await pipeline(
      tarGz(
        "my-run",
        Object.keys(files).map((name) => ({ name, path: join(dir, name) })),
      ),
      createWriteStream(archive),
    );
    const listed = spawnSync("tar", ["-tzf", archive], { encoding: "utf8" });
    expect(listed.status).toBe(0);
    expect(listed.stdout.split("\n").filter(Boolean)).toEqual([
      "my-run/",
      "my-run/events.ndjson",
      "my-run/empty.ndjson",
      "my-run/config.json",
    ]);
    const out = join(dir, "out");
    mkdirSync(out);
    expect(spawnSync("tar", ["-xzf", archive, "-C", out]).status).toBe(0);
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(out, "my-run", name), "utf8")).toBe(text);
  });

  it("checksums a header as the sum of its bytes with the checksum field read as spaces", () => {
    const header = ustarHeader("a/b.txt", 10, 0, false);
    const stored = parseInt(header.subarray(148, 154).toString("ascii"), 8);
    const copy = Buffer.from(header);
    copy.fill(0x20, 148, 156);
    expect(stored).toBe(copy.reduce((sum, byte) => sum + byte, 0));
    expect(header.subarray(124, 135).toString("ascii")).toBe("00000000012");
  });
});
