import { execFileSync } from "node:child_process";
import { repoRoot } from "./repo-paths.js";

/** The checkout's HEAD commit, recorded in every manifest; `unknown` outside a git checkout. */
export function codeCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}
