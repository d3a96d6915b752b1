/** A comment as the thread builder needs it; the platform API adds its own fields around it. */
export interface ThreadComment {
  readonly id: string;
  readonly parent: string | null;
  readonly up: number;
  readonly down: number;
  readonly round: number;
}

export type CommentSort = "top" | "new" | "controversial";

/** Reddit's controversy: many votes, evenly split. 0 when all votes point one way. */
export function controversy(up: number, down: number): number {
  if (up <= 0 || down <= 0) return 0;
  const magnitude = up + down;
  const balance = up > down ? down / up : up / down;
  return Math.pow(magnitude, balance);
}

/** Total orders (ties by id) so that the same comments always thread the same way. */
export function compareComments(sort: CommentSort, a: ThreadComment, b: ThreadComment): number {
  let primary = 0;
  if (sort === "new") primary = b.round - a.round;
  else if (sort === "controversial") primary = controversy(b.up, b.down) - controversy(a.up, a.down);
  else primary = b.up - b.down - (a.up - a.down);
  if (primary !== 0) return primary;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export type Threaded<T> = T & { replies: Threaded<T>[] };

/**
 * Nests comments through their parents, each level in `sort` order. A comment whose parent is
 * missing from the list (cut by a limit, or deleted) is shown at the top level rather than lost.
 */
export function threadComments<T extends ThreadComment>(comments: readonly T[], sort: CommentSort): Threaded<T>[] {
  const nodes = new Map<string, Threaded<T>>(comments.map((c) => [c.id, { ...c, replies: [] }]));
  const roots: Threaded<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent === null ? undefined : nodes.get(node.parent);
    if (parent) parent.replies.push(node);
    else roots.push(node);
  }
  const order = (list: Threaded<T>[]): void => {
    list.sort((a, b) => compareComments(sort, a, b));
    for (const node of list) order(node.replies);
  };
  order(roots);
  return roots;
}
