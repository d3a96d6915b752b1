export { importMoltbook, ImportError } from "./import-moltbook.js";
export type { ImportOptions, ImportSummary } from "./import-moltbook.js";
export type { SameHourReplies } from "./placement.js";
export type { DropCounts, DropReason } from "./drop-reasons.js";
