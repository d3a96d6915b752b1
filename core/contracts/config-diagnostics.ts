import { distance } from "fastest-levenshtein";
import { findNodeAtLocation, parseTree, printParseErrorCode } from "jsonc-parser";
import type { Node, ParseError } from "jsonc-parser";
import { z } from "zod";
import { experimentConfigSchema } from "./experiment-config.js";
import type { ExperimentConfig } from "./experiment-config.js";

/**
 * A config's text checked against the experiment schema, every problem placed at its line and
 * column - a syntax error where the parser stopped, a schema issue at the value (or key) it names -
 * with the nearest known key suggested for a misspelt one. The launch form and `murmur run
 * --config` read the same messages.
 */

export interface ConfigProblem {
  /** 1-based line and column of the offending text. */
  readonly line: number;
  readonly column: number;
  /** Dotted path in the config ("knobs.authorAppeal"); "" for the whole text. */
  readonly path: string;
  readonly message: string;
  /** The known key nearest a key the schema does not know, when one is close. */
  readonly suggestion?: string | undefined;
}

export type ConfigDiagnosis =
  { readonly ok: true; readonly config: ExperimentConfig } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Keys within this edit distance (and under half the key's length, or 3) count as a likely misspelling. */
const maxSuggestionDistance = 3;

let jsonSchema: Record<string, unknown> | undefined;

/**
 * The JSON Schema of the experiment config (zod's input side: what a user writes, defaults
 * optional), made once: the form's fields and every misspelt key's suggestion read it.
 */
export function experimentConfigJsonSchema(): Record<string, unknown> {
  jsonSchema ??= z.toJSONSchema(experimentConfigSchema, { io: "input", unrepresentable: "any" });
  return jsonSchema;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

export function diagnoseConfigText(text: string): ConfigDiagnosis {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || tree === undefined) {
    const problems = errors.map((e) => ({
      ...lineColumn(text, e.offset),
      path: "",
      message: `JSON syntax: ${printParseErrorCode(e.error)
        .replace(/([a-z])([A-Z])/g, "$1 $2")
        .toLowerCase()}`,
    }));
    return {
      ok: false,
      problems: problems.length > 0 ? problems : [{ line: 1, column: 1, path: "", message: "JSON syntax: the text is empty" }],
    };
  }
  const value: unknown = JSON.parse(text);
  const parsed = experimentConfigSchema.safeParse(value);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.flatMap((issue) => problemsOf(text, tree, issue));
  return { ok: false, problems: problems.sort((a, b) => a.line - b.line || a.column - b.column) };
}

type Issue = z.core.$ZodIssue;

function problemsOf(text: string, tree: Node, issue: Issue): ConfigProblem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const dotted = path.join(".");
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(path);
    return issue.keys.map((key) => {
      const keyNode = findNodeAtLocation(tree, [...path, key])?.parent?.children?.[0];
      const suggestion = nearest(key, known);
      return {
        ...lineColumn(text, keyNode?.offset ?? 0),
        path: dotted === "" ? key : `${dotted}.${key}`,
        message: `unknown key "${key}"${suggestion ? ` - did you mean "${suggestion}"?` : known.length > 0 ? ` (known here: ${known.join(", ")})` : ""}`,
        suggestion,
      };
    });
  }
  // The deepest node that exists: a missing key is reported at the object that lacks it.
  let node: Node | undefined;
  for (let depth = path.length; depth >= 0 && node === undefined; depth--) node = findNodeAtLocation(tree, path.slice(0, depth));
  const missing = issue.code === "invalid_type" && findNodeAtLocation(tree, path) === undefined;
  return [
    {
      ...lineColumn(text, node?.offset ?? 0),
      path: dotted,
      message: missing ? `required key "${String(path[path.length - 1])}" is missing` : issue.message,
    },
  ];
}

/** The keys the schema allows in the object at `path` (none when it is not a plain object). */
function knownKeys(path: readonly (string | number)[]): string[] {
  let schema: unknown = experimentConfigJsonSchema();
  for (const part of path) {
    const record = asRecord(schema);
    if (record === null) return [];
    schema = typeof part === "number" ? record["items"] : asRecord(record["properties"])?.[part];
  }
  const properties = asRecord(asRecord(schema)?.["properties"]);
  return properties ? Object.keys(properties) : [];
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : null;
}

function nearest(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; d: number } | undefined;
  for (const candidate of known) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d <= maxSuggestionDistance && d < Math.max(3, candidate.length / 2) && (best === undefined || d < best.d))
      best = { key: candidate, d };
  }
  return best?.key;
}

/** One line per problem: "3:5 knobs.authorApeal: unknown key ... - did you mean ...?". */
export function formatConfigProblems(problems: readonly ConfigProblem[], source = ""): string[] {
  return problems.map((p) => `${source}${source ? ":" : ""}${p.line}:${p.column} ${p.path === "" ? "" : `${p.path}: `}${p.message}`);
}
