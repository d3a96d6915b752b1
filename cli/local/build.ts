import { build } from "esbuild";
import { build as viteBuild } from "vite";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildDir, repoRoot, webDistDir, workerBundlePath } from "../../node/repo-paths.js";
import { experimentConfigJsonSchema } from "../../core/contracts/config-diagnostics.js";

/** Bundles the Worker (for Miniflare) and the pages (for the assets binding). */
export async function buildAll(): Promise<void> {
  mkdirSync(buildDir, { recursive: true });
  mkdirSync(webDistDir, { recursive: true });
  await Promise.all([
    build({
      entryPoints: [join(repoRoot, "workers", "index.ts")],
      outfile: workerBundlePath,
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      conditions: ["workerd", "worker", "browser"],
      mainFields: ["module", "main"],
      external: ["cloudflare:*", "node:*"],
      logLevel: "warning",
    }),
    // The pages go through Vite (docs/design.md decision 10); its config is web/vite.config.ts.
    viteBuild({ configFile: join(repoRoot, "web", "vite.config.ts"), logLevel: "warn" }),
  ]);
  // The config's JSON Schema, generated from the zod schema (its one definition) and served beside
  // the pages at /experiment.schema.json, for editors and other tools.
  writeFileSync(join(webDistDir, "experiment.schema.json"), `${JSON.stringify(experimentConfigJsonSchema(), null, 2)}\n`);
}
