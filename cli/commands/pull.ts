import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { MurmurClient } from "../api-client.js";
import { downloadRun } from "../run-download.js";

/**
 * `murmur pull EXPERIMENT_ID --server URL [--token T] [--out DIR]`: an experiment of a running
 * server (local, or a deployed Worker) as a run directory - the files `murmur run` writes, with
 * the analysis stored with the experiment, or analysed here when none is. The CLI twin of the
 * pages' download button (docs/run-library.md).
 */

export interface PullOptions {
  readonly server: string;
  readonly token?: string | undefined;
  readonly out?: string | undefined;
}

export async function pullCommand(id: string, options: PullOptions): Promise<number> {
  const token = options.token ?? process.env["MURMUR_ADMIN_TOKEN"];
  if (!token) {
    console.error("murmur: pull needs the server's admin token: --token or $MURMUR_ADMIN_TOKEN");
    return 2;
  }
  const out = resolve(options.out ?? `runs/${id}`);
  if (existsSync(out) && readdirSync(out).length > 0) {
    console.error(`murmur: ${out} is not empty; choose another --out`);
    return 2;
  }
  const started = Date.now();
  const run = await downloadRun(new MurmurClient(options.server.replace(/\/$/, ""), token), id, out);
  const analysis = run.analysis === "stored" ? "its stored report" : "report analysed here";
  console.log(
    `murmur: pulled ${id} (${run.name}): ${run.events} events, ${analysis} -> ${run.dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return 0;
}
