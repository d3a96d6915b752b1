/** How much of its history an agent loads per turn: pages, never whole tables (DESIGN.md 2). */
export const ownPostsPage = 20;
export const imitationWordsKept = 60;
export const votedTargetsPage = 400;
export const familiarityPage = 100;
/** Turn results kept for idempotent replays of recent rounds. */
export const turnResultsKept = 4;
