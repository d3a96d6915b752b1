export { importMoltbook, ImportError, defaultChunkBytes } from "./import-moltbook.js";
export type { ImportOptions, ImportProgress, ImportSummary } from "./import-moltbook.js";
export type { SameHourReplies } from "./thread-placer.js";
export type { DropCounts, DropReason } from "./drop-reasons.js";
export { builtInMappings, loadColumnMapping, MappingError } from "./column-mapping.js";
export type { ColumnMapping } from "./column-mapping.js";
export { SourceReadError } from "./scan-sources.js";
