import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { defaultLocalLiveObjectBudget } from "../../core/tunables.js";
import { buildAll } from "./build.js";
import { quietEnvironment } from "./quiet-environment.js";
import { repoRoot, workerBundlePath } from "../../node/repo-paths.js";
import { apiKeySecretName } from "../../core/contracts/llm-config.js";
import { localHost } from "./port-check.js";
import { libraryBinding } from "../library/library-binding.js";

export interface LocalServer {
  readonly url: string;
  readonly adminToken: string;
  /** The library's roots, absolute. */
  readonly runRoots?: readonly string[];
  dispose(): Promise<void>;
}

export interface LocalServerOptions {
  readonly port: number;
  readonly stateDir: string;
  readonly adminToken?: string;
  readonly liveObjectBudget?: number;
  /** Directories of run directories served beside the experiments (docs/run-library.md); `./runs` always is. */
  readonly runRoots?: readonly string[];
}

/**
 * workerd's own diagnostics, minus the ones it marks NOSENTRY (expected conditions, such as an
 * alarm cancelled by a pause), which would only alarm a user.
 */
function forwardLines(from: Readable, to: NodeJS.WritableStream): void {
  createInterface({ input: from }).on("line", (line) => {
    if (!line.includes("NOSENTRY")) to.write(`${line}\n`);
  });
}

/**
 * Starts the real Workers runtime (workerd) through Miniflare's API with the bindings of
 * wrangler.jsonc - one source of truth - and persisted state (docs/design.md decision 11).
 */
/**
 * Model API keys reach the local Worker as secrets, from the environment (`OPENAI_API_KEY`, or
 * any `*_API_KEY` a config names as `apiKeySecret`); they are never written to config or state.
 */
function modelApiKeys(): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (apiKeySecretName.test(name) && value !== undefined && value !== "") keys[name] = value;
  }
  return keys;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  quietEnvironment();
  await buildAll();
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(repoRoot, "wrangler.jsonc"));
  mkdirSync(options.stateDir, { recursive: true });
  const adminToken = options.adminToken ?? randomBytes(24).toString("hex");
  const library = libraryBinding(options.runRoots ?? [], options.stateDir, (line) => console.error(line));
  const miniflare = new Miniflare({
    modules: true,
    scriptPath: workerBundlePath,
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags ?? [],
    durableObjects: workerOptions.durableObjects ?? {},
    r2Buckets: workerOptions.r2Buckets ?? {},
    serviceBindings: { LIBRARY: library.serviceBinding },
    ...(workerOptions.assets ? { assets: workerOptions.assets } : {}),
    bindings: {
      ...workerOptions.bindings,
      ADMIN_TOKEN: adminToken,
      LIVE_OBJECT_BUDGET: String(options.liveObjectBudget ?? defaultLocalLiveObjectBudget),
      LIBRARY_KEY: library.key,
      ...modelApiKeys(),
    },
    durableObjectsPersist: join(options.stateDir, "do"),
    r2Persist: join(options.stateDir, "r2"),
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      forwardLines(stdout, process.stdout);
      forwardLines(stderr, process.stderr);
    },
    host: localHost,
    port: options.port,
  });
  const url = (await miniflare.ready).toString().replace(/\/$/, "");
  library.connect(url, adminToken);
  return { url, adminToken, runRoots: library.roots, dispose: () => miniflare.dispose() };
}
