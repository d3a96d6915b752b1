/**
 * A model stand-in for long runs: it answers every request with JSON that fills the JSON Schema the
 * request was sent under (`response_format.json_schema.schema`), its choices drawn from a seeded
 * stream per request - which variant of an action (post, comment, vote, follow, subscribe), which
 * label of an enumeration, how many items, which memory labels a post cites. Strings that must
 * name something the prompt showed (a pattern such as `^M[1-9]...`, a probe's agents and posts)
 * are taken from the prompt itself, so reflections cite real memories and probes name real agents.
 */
import { RandomStream } from "../../core/random/stream.js";

/** Items an array gets at most, whatever its schema allows: a few actions, a few insights. */
const maxItemsFilled = 3;
/** Words of a filled string: short posts and comments, as a terse model writes them. */
const wordsPerString = { min: 4, max: 24 };
const vocabulary = (
  "memory agents society feed vote thread reply karma community signal trust pattern idea question " +
  "answer model round post comment follow network growth noise consensus argument evidence claim"
).split(" ");

interface Fill {
  readonly random: RandomStream;
  /** The prompt's last user message: where names to cite come from. */
  readonly userText: string;
}

type Schema = Readonly<Record<string, unknown>>;

const isSchema = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);

function pick<T>(fill: Fill, values: readonly T[]): T | undefined {
  return values.length === 0 ? undefined : values[fill.random.int(values.length)];
}

/** Tokens of the prompt a string must be one of: labels for a pattern, agents and P labels for a probe. */
function namesFor(key: string, schema: Schema, userText: string): string[] | null {
  const pattern = typeof schema.pattern === "string" ? new RegExp(schema.pattern) : null;
  const source = pattern ? /\b[A-Z][0-9]+\b/g : key === "agents" ? /\ba[0-9]+\b/g : key === "posts" ? /\bP[0-9]+\b/g : null;
  if (!source) return null;
  const found = [...new Set(userText.match(source) ?? [])];
  return pattern ? found.filter((name) => pattern.test(name)) : found;
}

function fillString(fill: Fill, key: string, schema: Schema): string | undefined {
  if (typeof schema.const === "string") return schema.const;
  if (Array.isArray(schema.enum))
    return pick(
      fill,
      schema.enum.filter((v): v is string => typeof v === "string"),
    );
  const names = namesFor(key, schema, fill.userText);
  if (names) return pick(fill, names);
  const words = wordsPerString.min + fill.random.int(wordsPerString.max - wordsPerString.min + 1);
  const text = Array.from({ length: words }, () => pick(fill, vocabulary) ?? "x").join(" ");
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : text.length;
  return text.slice(0, maxLength).trim() || "x";
}

function fillArray(fill: Fill, key: string, schema: Schema): unknown[] {
  const min = typeof schema.minItems === "number" ? schema.minItems : 0;
  const max = Math.max(min, Math.min(typeof schema.maxItems === "number" ? schema.maxItems : maxItemsFilled, maxItemsFilled));
  const count = min + fill.random.int(max - min + 1);
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const value = fillValue(fill, key, isSchema(schema.items) ? schema.items : {});
    // A string with nothing to name (no memory shown) leaves the list shorter, as a model would.
    if (value !== undefined) items.push(value);
  }
  return items;
}

/** A value valid under `schema` (the subset of JSON Schema zod emits for Murmur's answers). */
export function fillValue(fill: Fill, key: string, schema: Schema): unknown {
  if (Array.isArray(schema.anyOf)) return fillValue(fill, key, pick(fill, schema.anyOf.filter(isSchema)) ?? {});
  if (schema.type === "object") {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    const out: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(properties)) {
      const value = fillValue(fill, name, isSchema(property) ? property : {});
      out[name] = value ?? "";
    }
    return out;
  }
  if (schema.type === "array") return fillArray(fill, key, schema);
  if (schema.type === "string") return fillString(fill, key, schema);
  if (schema.type === "number" || schema.type === "integer") return 0;
  if (schema.type === "boolean") return fill.random.chance(0.5);
  return null;
}

/** The answer to request number `n` sent under `schema`, from the stream (seed, n). */
export function schemaAnswer(seed: number, n: number, schema: unknown, userText: string): string {
  const fill: Fill = { random: new RandomStream(seed, "bench-model", n, "answer"), userText };
  return JSON.stringify(fillValue(fill, "", isSchema(schema) ? schema : {}));
}
