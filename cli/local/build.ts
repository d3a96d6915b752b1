import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildDir, repoRoot, webDistDir, workerBundlePath } from "./paths.js";

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
    build({
      entryPoints: [join(repoRoot, "web", "src", "status-page.ts")],
      outfile: join(webDistDir, "status-page.js"),
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      logLevel: "warning",
    }),
    copyStatic(),
  ]);
}

async function copyStatic(): Promise<void> {
  const { cp } = await import("node:fs/promises");
  await cp(join(repoRoot, "web", "public"), webDistDir, { recursive: true });
}
