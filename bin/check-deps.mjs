#!/usr/bin/env node
// `npm run deps`, and the first test of `npm test`: checks the layer rules of .dependency-cruiser.cjs
// (ARCHITECTURE.md's arrows, no import circles) over every source folder, printing each violation
// with the rule it breaks. Exit 0 when there is none. Takes about two seconds.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Every folder that holds source; one not there yet (a layer still to be made) is skipped.
const sourceFolders = [
  "core",
  "analysis",
  "report",
  "durable-objects",
  "workers",
  "web",
  "node",
  "import",
  "cli",
  "bench",
  "bin",
  "test",
].filter((folder) => existsSync(join(root, folder)));

const cruise = spawnSync(
  process.execPath,
  [
    join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs"),
    "--config",
    ".dependency-cruiser.cjs",
    "--output-type",
    "err-long",
    ...sourceFolders,
  ],
  { cwd: root, stdio: "inherit" },
);
process.exit(cruise.status ?? 1);
