/** `murmur export --format`: three table formats and two graph formats (docs/export.md). Kept apart so the CLI can check an option without loading the writers. */
export const exportFormats = ["csv", "parquet", "sqlite", "gexf", "graphml"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export function isExportFormat(value: string): value is ExportFormat {
  return (exportFormats as readonly string[]).includes(value);
}
