#!/usr/bin/env node
// `npm test`: the dependency rules (bin/check-deps.mjs), the size rules (bin/check-sizes.mjs) and
// the type check, each counted as one test, then the three layers
// of test/README.md in order - unit (node), workers (workerd), end to end (the real CLI on a real
// workerd) - then one plain `N passed, N failed` line, which CI reads (vitest's own summary is not
// among the formats it understands).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// First, because they take seconds and a broken arrow or an overgrown function is cheaper to read
// than a failed suite. A violation fails its one test; the suites still run.
const checks = ["bin/check-deps.mjs", "bin/check-sizes.mjs"].map((script) => {
  console.log(`${script}:`);
  return spawnSync(process.execPath, [script], { stdio: "inherit" }).status === 0;
});
// The type checker over every layer (vitest strips types without checking them), one test too.
console.log("npm run typecheck:");
checks.push(spawnSync("npm", ["run", "-s", "typecheck"], { stdio: "inherit" }).status === 0);
const checksPassed = checks.filter(Boolean).length;
const checksFailed = checks.length - checksPassed;

// The Worker's assets directory (web/dist) is built, not committed; the workers pool needs it.
const build = spawnSync(process.execPath, ["bin/murmur.mjs", "build"], { stdio: "inherit" });
if (build.status !== 0) {
  console.log(`${checksPassed} passed, ${checksFailed + 1} failed`);
  process.exit(1);
}

const layers = ["vitest.unit.config.ts", "vitest.workers.config.ts", "vitest.e2e.config.ts"];
const reports = mkdtempSync(join(tmpdir(), "murmur-tests-"));
let passed = checksPassed;
let failed = checksFailed;
let broken = false;
for (const config of layers) {
  const report = join(reports, `${config}.json`);
  const run = spawnSync(
    process.execPath,
    ["node_modules/vitest/vitest.mjs", "run", "-c", config, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    {
      stdio: "inherit",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_ERROR_REPORTS: "false" },
    },
  );
  try {
    const result = JSON.parse(readFileSync(report, "utf8"));
    passed += result.numPassedTests;
    failed += result.numFailedTests + result.numPendingTests + result.numTodoTests;
    if (result.numTotalTests === 0) broken = true;
  } catch {
    broken = true;
  }
  if (run.status !== 0) broken = true;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken ? 1 : 0);
