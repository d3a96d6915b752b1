import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout's root: the CLI and the importer always work from the repository they ship in. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const buildDir = join(repoRoot, ".murmur", "build");
export const workerBundlePath = join(buildDir, "worker.mjs");
export const webDistDir = join(repoRoot, "web", "dist");
export const presetsDir = join(repoRoot, "experiments");

/**
 * Where a run keeps its Durable Object and R2 state when no --state is given. tmpfs when the
 * machine has it: SQLite on ext4 is several times slower (an fsync per write; bench/results.md).
 */
export function defaultStateDir(label: string): string {
  const base = existsSync("/dev/shm") ? "/dev/shm" : join(repoRoot, ".murmur");
  return join(base, `murmur-state-${label}`);
}
