/**
 * The launch form's fields, generated from the config's JSON Schema (itself generated from the zod
 * schema): every plain setting - a number, an integer, a boolean, a string or a choice - gets an
 * input, grouped by its top-level section. Lists and objects of variable shape (persona groups,
 * llm providers, submolts) are edited in the JSON below the fields, and the form names them.
 */

export type FieldKind = "number" | "integer" | "boolean" | "string" | "choice";

export interface FieldSpec {
  readonly path: readonly string[];
  readonly kind: FieldKind;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly defaultValue?: unknown;
  readonly options?: readonly string[] | undefined;
  readonly description?: string | undefined;
}

export interface FieldSection {
  readonly name: string;
  readonly fields: readonly FieldSpec[];
}

export interface FieldPlan {
  readonly sections: readonly FieldSection[];
  /** Dotted paths of settings edited only in the JSON (lists, unions, free-form objects). */
  readonly jsonOnly: readonly string[];
}

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : null;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/** The field of one leaf schema, or null when it is not a plain setting. */
function leafField(path: readonly string[], schema: Json): FieldSpec | null {
  const common = {
    path,
    defaultValue: schema["default"],
    description: typeof schema["description"] === "string" ? schema["description"] : undefined,
  };
  const options = schema["enum"];
  if (Array.isArray(options) && options.every((o): o is string => typeof o === "string")) return { ...common, kind: "choice", options };
  const type = schema["type"];
  if (type === "number" || type === "integer") {
    return { ...common, kind: type, min: numberOrUndefined(schema["minimum"]), max: numberOrUndefined(schema["maximum"]) };
  }
  if (type === "boolean") return { ...common, kind: "boolean" };
  if (type === "string") return { ...common, kind: "string" };
  return null;
}

function walk(path: readonly string[], schema: Json, fields: FieldSpec[], jsonOnly: string[]): void {
  const properties = schema["type"] === "object" ? asRecord(schema["properties"]) : null;
  if (properties) {
    for (const [key, child] of Object.entries(properties)) {
      const childSchema = asRecord(child);
      if (childSchema) walk([...path, key], childSchema, fields, jsonOnly);
    }
    return;
  }
  const field = leafField(path, schema);
  if (field) fields.push(field);
  else jsonOnly.push(path.join("."));
}

/** Top-level plain settings form the "basics" section; each top-level object its own section. */
export function fieldPlan(jsonSchema: Json): FieldPlan {
  const properties = asRecord(jsonSchema["properties"]) ?? {};
  const basics: FieldSpec[] = [];
  const sections: FieldSection[] = [];
  const jsonOnly: string[] = [];
  for (const [key, child] of Object.entries(properties)) {
    const schema = asRecord(child);
    if (!schema) continue;
    if (schema["type"] === "object" && asRecord(schema["properties"])) {
      const fields: FieldSpec[] = [];
      walk([key], schema, fields, jsonOnly);
      if (fields.length > 0) sections.push({ name: key, fields });
    } else {
      const field = leafField([key], schema);
      if (field) basics.push(field);
      else jsonOnly.push(key);
    }
  }
  return { sections: [{ name: "basics", fields: basics }, ...sections], jsonOnly };
}

export function valueAt(config: Json, path: readonly string[]): unknown {
  let node: unknown = config;
  for (const key of path) node = asRecord(node)?.[key];
  return node;
}

/** Sets (or, with undefined, removes - the default then applies) the value at path, creating objects on the way. */
export function setValueAt(config: Json, path: readonly string[], value: unknown): void {
  let node: Json = config;
  for (const key of path.slice(0, -1)) {
    const next = asRecord(node[key]);
    const child = next ?? {};
    node[key] = child;
    node = child;
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  if (value === undefined) delete node[last];
  else node[last] = value;
}
