import { uniqueSanitisedIds } from "./id-alphabet.js";
import type { AuthorRef } from "./moltbook-records.js";

/**
 * Imported authors become agents whose id is their Moltbook name, brought to the id alphabet
 * (id-alphabet.ts): names are unique and stable on Moltbook and readable in reports, unlike
 * `a<index>`, which would depend on which files were imported. An author known only by id gets its
 * id; an id seen with a name anywhere in the import is that name, so tables that keep only
 * `author_id` join the same agent.
 */
export interface ImportedAgent {
  readonly id: string;
  /** The author's name as the data spells it (or its id, if the data never names it). */
  readonly name: string;
  readonly persona: Record<string, unknown>;
}

export interface AgentDirectory {
  /** The agent id of an author, or undefined when the record names no author. */
  agentOf(author: AuthorRef): string | undefined;
  readonly agents: ReadonlyMap<string, ImportedAgent>;
}

// Names and ids are different namespaces in the data; the prefixes keep an id from joining a name that happens to spell it.
const nameKey = (name: string): string => `name:${name}`;
const idKey = (id: string): string => `id:${id}`;
const valueOfKey = (key: string): string => key.slice(key.indexOf(":") + 1);

/**
 * The distinct authors of an import in the order the directory reads them: the authors of posts in
 * reading order, then those of comments. Keeping each distinct (id, name, description) once, at its
 * first occurrence, gives the same directory as every record would (the first name of an id and the
 * first description of an agent are both decided by first occurrences), in memory per author.
 */
export class AuthorLog {
  private readonly posts = new Map<string, AuthorRef>();
  private readonly comments = new Map<string, AuthorRef>();

  add(author: AuthorRef, kind: "post" | "comment"): void {
    // Length-prefixed parts: an exact key without JSON.stringify's cost on every record.
    const part = (value: string | undefined): string => (value === undefined ? "-" : `${value.length}:${value}`);
    const key = part(author.id) + part(author.name) + part(author.description);
    const seen = kind === "post" ? this.posts : this.comments;
    if (!seen.has(key)) seen.set(key, author);
  }

  authors(): AuthorRef[] {
    return [...this.posts.values(), ...this.comments.values()];
  }
}

export function buildAgentDirectory(authorRefs: Iterable<AuthorRef>): AgentDirectory {
  const nameOfId = new Map<string, string>();
  const authors: AuthorRef[] = [];
  for (const author of authorRefs) {
    authors.push(author);
    const { id, name } = author;
    if (id !== undefined && name !== undefined && !nameOfId.has(id)) nameOfId.set(id, name);
  }
  const keyOf = (author: AuthorRef): string | undefined => {
    const name = author.name ?? (author.id !== undefined ? nameOfId.get(author.id) : undefined);
    if (name !== undefined) return nameKey(name);
    return author.id !== undefined ? idKey(author.id) : undefined;
  };
  const descriptions = new Map<string, string>();
  const keys: string[] = [];
  for (const author of authors) {
    const key = keyOf(author);
    if (key === undefined) continue;
    keys.push(key);
    if (author.description !== undefined && !descriptions.has(key)) descriptions.set(key, author.description);
  }
  const ids = uniqueSanitisedIds(keys, valueOfKey);
  const agents = new Map<string, ImportedAgent>();
  for (const [key, id] of ids) {
    const description = descriptions.get(key);
    agents.set(id, { id, name: valueOfKey(key), persona: description !== undefined ? { description } : {} });
  }
  return {
    agents,
    agentOf: (author) => {
      const key = keyOf(author);
      return key === undefined ? undefined : ids.get(key);
    },
  };
}
