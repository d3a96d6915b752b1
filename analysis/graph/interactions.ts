import { authorOfContent } from "../../core/ids.js";
import { contentIndex } from "../log/analysis-log.js";
import type { AnalysisLog, LogComment, LogPost } from "../log/analysis-log.js";

export type ContentKind = "post" | "comment";

/** One comment as an edge: its author engaged the author of what it answers (a post or a comment). */
export interface Interaction {
  readonly source: string;
  readonly target: string;
  readonly round: number;
  readonly on: ContentKind;
}

/** The author of a post or comment id, or null when the log cannot tell. */
export function authorResolver(log: AnalysisLog): (id: string) => string | null {
  const index: Map<string, LogPost | LogComment> = contentIndex(log);
  return (id) => {
    const item = index.get(id);
    if (item) return item.author;
    // Imports may drop the item while keeping replies to it; sim ids name their author.
    try {
      return authorOfContent(id);
    } catch {
      return null;
    }
  };
}

/** Whether an id names a comment (in the log, or by the engine's `c.` prefix) or a post. */
export function kindResolver(log: AnalysisLog): (id: string) => ContentKind {
  const comments = new Set(log.comments.map((c) => c.id));
  return (id) => (comments.has(id) || id.startsWith("c.") ? "comment" : "post");
}

/** Every comment as commenter -> author of the post (top-level) or parent comment (reply); self-loops dropped. */
export function interactions(log: AnalysisLog, authorOf: (id: string) => string | null = authorResolver(log)): Interaction[] {
  const out: Interaction[] = [];
  for (const comment of log.comments) {
    const target = authorOf(comment.parent ?? comment.post);
    if (target !== null && target !== comment.author) {
      out.push({ source: comment.author, target, round: comment.round, on: comment.parent === null ? "post" : "comment" });
    }
  }
  return out;
}
