import Graph from "graphology";
import { contentIndex } from "../../log/analysis-log.js";
import type { AnalysisLog } from "../../log/analysis-log.js";

/** One comment's directed tie: its author -> the author of the post or comment it answers (never a self-tie). */
export interface CommenterTie {
  readonly from: string;
  readonly to: string;
  readonly round: number;
}

/** Every commenter -> author tie in log order, one per comment (a repeated pair repeats). */
export function commenterTies(log: AnalysisLog): CommenterTie[] {
  const index = contentIndex(log);
  const ties: CommenterTie[] = [];
  for (const comment of log.comments) {
    const target = index.get(comment.parent ?? comment.post);
    if (target === undefined || target.author === comment.author) continue;
    ties.push({ from: comment.author, to: target.author, round: comment.round });
  }
  return ties;
}

/** Share of distinct directed ties a -> b whose reverse b -> a is among them; null without ties. */
export function reciprocityOf(ties: readonly CommenterTie[]): number | null {
  const distinct = new Set(ties.map((t) => `${t.from}\u0000${t.to}`));
  let mutual = 0;
  for (const tie of distinct) {
    const [a, b] = tie.split("\u0000");
    if (distinct.has(`${b}\u0000${a}`)) mutual++;
  }
  return distinct.size > 0 ? mutual / distinct.size : null;
}

/**
 * Upvotes per post, posts without any included. An upvote is a voter whose final state on the
 * post is +1: the log's vote events are state changes, and one that removes a downvote (delta > 0)
 * or is later retracted is not an upvote received. Imports without voters use their latest score
 * snapshot's `up`.
 */
export function upvotesByPost(log: AnalysisLog): Map<string, number> {
  const counts = new Map<string, number>(log.posts.map((p) => [p.id, 0]));
  if (log.types.has("vote")) {
    const state = new Map<string, number>();
    for (const vote of log.votes) {
      if (vote.targetType !== "post") continue;
      const key = `${vote.voter}\u0000${vote.target}`;
      state.set(key, (state.get(key) ?? 0) + vote.delta);
    }
    for (const [key, s] of state) {
      const target = key.slice(key.indexOf("\u0000") + 1);
      if (s === 1 && counts.has(target)) counts.set(target, (counts.get(target) ?? 0) + 1);
    }
  } else {
    for (const snapshot of log.scoreSnapshots) if (counts.has(snapshot.target)) counts.set(snapshot.target, snapshot.up);
  }
  return counts;
}

/**
 * Agent names as graph keys that cannot collide with Object.prototype: graphology keeps neighbours
 * in plain objects, so an agent named "constructor" or "__proto__" would break a graph keyed by name.
 */
export class AgentKeys {
  private readonly keys = new Map<string, string>();
  private readonly names: string[] = [];

  key(name: string): string {
    let key = this.keys.get(name);
    if (key === undefined) {
      key = `n${this.names.length}`;
      this.keys.set(name, key);
      this.names.push(name);
    }
    return key;
  }

  name(key: string): string {
    return this.names[Number(key.slice(1))] ?? key;
  }
}

/** The ties as a graphology graph keyed by AgentKeys, one edge per pair weighted by its comments. */
export function tieGraph(ties: readonly CommenterTie[], type: "directed" | "undirected"): { graph: Graph; agents: AgentKeys } {
  const agents = new AgentKeys();
  const graph = new Graph({ type });
  for (const tie of ties) {
    const from = agents.key(tie.from);
    const to = agents.key(tie.to);
    graph.mergeNode(from);
    graph.mergeNode(to);
    graph.updateEdge(from, to, (attr) => ({ weight: ((attr["weight"] as number | undefined) ?? 0) + 1 }));
  }
  return { graph, agents };
}
