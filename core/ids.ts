import { agentIdWidth } from "./contracts/experiment-config.js";

/** Deterministic ids of docs/events.md: they never contain the experiment id. */
export function agentId(index: number, agents: number): string {
  return `a${String(index).padStart(agentIdWidth(agents), "0")}`;
}

export function agentIndex(id: string): number {
  const match = /^a(\d+)$/.exec(id);
  if (!match?.[1]) throw new RangeError(`not a simulated agent id: ${id}`);
  return Number(match[1]);
}

export const postId = (round: number, agent: string, k: number): string => `p.${round}.${agent}.${k}`;
export const commentId = (round: number, agent: string, k: number): string => `c.${round}.${agent}.${k}`;
/** A post id (`postId`) as a regular-expression source, for finding ids in text. */
export const postIdSource = String.raw`p\.\d+\.[A-Za-z0-9_-]+\.\d+`;
/** A post or comment id (`postId`, `commentId`) as a regular-expression source. */
export const contentIdSource = String.raw`[pc]\.\d+\.[A-Za-z0-9_-]+\.\d+`;
export const memoryRowId = (agent: string, n: number): string => `m.${agent}.${n}`;
export const snapshotId = (round: number): string => `s.${round}`;

/** The author of a post or comment id, read from the id itself. */
export function authorOfContent(id: string): string {
  const parts = id.split(".");
  const author = parts[2];
  if ((parts[0] !== "p" && parts[0] !== "c") || author === undefined) {
    throw new RangeError(`not a content id: ${id}`);
  }
  return parts.slice(2, -1).join(".");
}

export function roundOfContent(id: string): number {
  return Number(id.split(".")[1]);
}
export const probeId = (round: number, k: number): string => `q.${round}.${k}`;
