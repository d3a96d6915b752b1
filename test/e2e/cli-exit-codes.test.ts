import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { murmur } from "../support/murmur-cli.js";

const repo = resolve(import.meta.dirname, "..", "..");

describe("murmur's exit codes and messages (end to end)", () => {
  it("prints its version with --version and exits 0", async () => {
    const { version } = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(repo, "package.json"), "utf8")));
    const run = await murmur(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it("exits 2 on a usage error, 1 on a missing file with one line and no stack", async () => {
    const unknownOption = await murmur(["run", "--no-such-option"]);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--no-such-option'");
    expect((await murmur(["no-such-command"])).code).toBe(2);
    expect((await murmur(["analyze"])).code).toBe(2);
    const missing = await murmur(["analyze", join(repo, "no-such-run")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split("\n")).toEqual([`murmur: no such file or directory: ${join(repo, "no-such-run")}`]);
  });

  it("ends `serve` on a busy port with a clear message instead of waiting forever", async () => {
    const holder = createServer();
    await new Promise<void>((done) => holder.listen(0, "127.0.0.1", () => done()));
    const { port } = holder.address() as AddressInfo;
    try {
      const run = await murmur(["serve", "--port", String(port)]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    } finally {
      holder.close();
    }
  });

  it("ends `start` on an unknown preset before any server starts", async () => {
    const run = await murmur(["start", "--preset", "typo"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown preset "typo"');
    expect(run.stdout).not.toContain("serving on");
  });
});
