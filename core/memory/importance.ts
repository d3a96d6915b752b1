/**
 * The importance scale of memory rows: 0 (mundane) to 10 (poignant), the scale of the generative
 * agents paper (Park et al. 2023), which asks the model to rate each memory on it. Here nothing
 * calls a model to rate a row: each kind of row has a fixed place on the scale, below. Importance
 * decides what is forgotten (forgetting.ts: the least important first) and is one of the three
 * parts of both retrieval scores (retrieval.ts).
 *
 * Sim and llm agents place observed posts and vote feedback differently (their functions say
 * why); every other row sits at the same place for both.
 */

/** The top of the scale: the sim retrieval score divides by it to bring importance into [0, 1]. */
export const importanceScaleMax = 10;

/** An observed post's importance never reaches the top of the scale: a popular post is still only seen. */
export const observedPostImportanceCap = 9;
/** An observed post with no votes: barely above nothing, it was only skimmed. */
export const observedPostImportanceBase = 2;

/**
 * A reply to the agent: somebody spoke to it, the strongest feedback it gets (above a vote, below
 * a reflection).
 */
export const replyImportance = 6;

/** The agent's own accepted post: what it chose to say at length, mid-scale. */
export const ownPostImportance = 5;
/** The agent's own accepted comment: a smaller act than a post. */
export const ownCommentImportance = 3;

/** The note an llm agent chose to keep of a visit: it said it mattered, as much as its own post. */
export const keptNoteImportance = 5;

/**
 * A reflection condenses many rows into one insight: it outranks every feedback row, own action
 * and note, and every observed post but the most upvoted (`observedPostImportanceCap`), so it is
 * among the first retrieved and the last forgotten.
 */
export const reflectionImportance = 8;

/** A sim agent's vote feedback: a vote is small news (3), a bigger swing (|delta|) matters more. */
export const simVoteImportanceBase = 3;

/**
 * An llm agent's vote feedback: one fixed place, between an own comment and a reply. Its rows show
 * the direction only ("voted up my post"), so the size of the delta does not weigh in.
 */
export const llmVoteImportance = 4;

/** Sim: a vote of `delta` on the agent's content (the delta is in the row's text too). */
export function simVoteImportance(delta: number | undefined): number {
  return simVoteImportanceBase + Math.abs(delta ?? 0);
}

/**
 * Sim: a post seen in the feed, by its score - whole steps (2 ln(1 + score), rounded), so sim
 * importances stay integers.
 */
export function simObservedPostImportance(score: number): number {
  return Math.min(observedPostImportanceCap, observedPostImportanceBase + Math.round(Math.log1p(Math.max(0, score)) * 2));
}

/**
 * Llm: a post seen in the feed, by its score - log2(1 + score), unrounded (the llm retrieval score
 * rescales importance over its candidates, so fractions order rows finer).
 */
export function llmObservedPostImportance(score: number): number {
  return Math.min(observedPostImportanceCap, observedPostImportanceBase + Math.log2(1 + Math.max(0, score)));
}
