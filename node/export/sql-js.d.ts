/**
 * The part of sql.js 1.16.0 (SQLite compiled to WebAssembly, shipped inside the npm package: no
 * native build, no download) that the export and its tests use. sql.js ships no type declarations.
 */
declare module "sql.js" {
  export type SqlValue = number | string | Uint8Array | null;

  export interface QueryExecResult {
    columns: string[];
    values: SqlValue[][];
  }

  export interface Statement {
    run(values?: SqlValue[]): void;
    step(): boolean;
    get(): SqlValue[];
    free(): boolean;
  }

  export interface Database {
    run(sql: string, params?: SqlValue[]): Database;
    exec(sql: string): QueryExecResult[];
    prepare(sql: string): Statement;
    export(): Uint8Array;
    close(): void;
  }

  export interface SqlJsStatic {
    Database: new (data?: Uint8Array) => Database;
  }

  export default function initSqlJs(config?: { locateFile?: (file: string) => string }): Promise<SqlJsStatic>;
}
