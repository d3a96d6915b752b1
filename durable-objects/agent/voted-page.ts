import { z } from "zod";
import { compareCodePoints } from "../../core/util/compare.js";

/**
 * The targets an agent voted on most recently, as one `meta` row (`voted`) rather than a table:
 * newest round first, then target in code-point order, at most `size` entries. A sim agent reads
 * only this page (it does not vote twice on what it sees there), and a new agent creating a table
 * for it on its first vote cost a noticeable share of a round (bench/results.md). Keeping only the page loses
 * nothing the page could show later: an entry beyond it sorts after every kept entry and only a
 * new vote, which writes its round afresh, can move a target up.
 */
export type VotedPage = readonly (readonly [target: string, round: number])[];

export const votedPageSchema = z.array(z.tuple([z.string().min(1), z.number().int().min(0)]));

function compareEntries(a: readonly [string, number], b: readonly [string, number]): number {
  return b[1] - a[1] || compareCodePoints(a[0], b[0]);
}

/** The page after votes on `targets` in `round` (a repeated vote moves its target to `round`). */
export function recordVotes(page: VotedPage, targets: readonly string[], round: number, size: number): VotedPage {
  if (targets.length === 0) return page;
  const voted = new Set(targets);
  const next: (readonly [string, number])[] = page.filter(([target]) => !voted.has(target));
  for (const target of voted) next.push([target, round]);
  return next.sort(compareEntries).slice(0, size);
}

/** Sorts and bounds entries read from elsewhere (a table of an agent made before the page). */
export function votedPageOf(entries: readonly (readonly [string, number])[], size: number): VotedPage {
  return [...entries].sort(compareEntries).slice(0, size);
}
