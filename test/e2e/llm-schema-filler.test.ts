import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simRunSummarySchema } from "../../core/contracts/run-directory.js";
import { startFakeLlmServer } from "../support/fake-llm-server.js";
import type { FakeLlmServer } from "../support/fake-llm-server.js";
import { assertValidLog, murmur } from "../support/murmur-cli.js";
import { schemaAnswer } from "../support/schema-filling-model.js";

/**
 * A model that answers under the JSON Schema each request carries and reads nothing else of a turn
 * prompt - what a server decoding under the request's own schema (guided decoding, grammars,
 * strict structured outputs) does when its model follows the schema rather than the text. Every
 * label, community and agent a turn may name is enumerated by its schema, so such a server can
 * only name what the prompt showed, and its turns must land as posts, comments and citations.
 */

let server: FakeLlmServer;
const key = "sk-test-never-logged-0987654321";

beforeAll(async () => {
  server = await startFakeLlmServer(({ body, userText, n }) => {
    const schema = (body.response_format as { json_schema?: { schema?: unknown } } | undefined)?.json_schema?.schema;
    return { kind: "answer", content: schemaAnswer(17, n, schema, userText) };
  });
});
afterAll(async () => {
  await server.close();
});

describe("llm agents against a server that fills the schema it is sent", () => {
  it("50 agents x 12 rounds write posts and comments, and cite only memory rows their prompt showed", async () => {
    const out = mkdtempSync(join(tmpdir(), "murmur-schema-filler-"));
    const args = ["run", "--policy", "llm", "--base-url", server.baseUrl, "--model", "fake-model", "--agents", "50", "--rounds", "12"];
    const run = await murmur([...args, "--seed", "5", "--out", out], undefined, { ...process.env, OPENAI_API_KEY: key });
    expect(run.code, run.stderr).toBe(0);
    const events = assertValidLog(readFileSync(join(out, "events.ndjson"), "utf8"));
    const count = (type: string) => events.filter((e) => e.type === type).length;
    // The run before valid-by-construction turns wrote no post at all from such a server.
    expect(count("post")).toBeGreaterThan(0);
    expect(count("comment")).toBeGreaterThan(0);
    // A model that only ever names what the schema enumerates has nothing dropped and no failed call.
    const summary = simRunSummarySchema.parse(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")));
    expect(summary.llm?.calls).toBeGreaterThan(0);
    expect(summary.llm?.failedCalls).toBe(0);
    expect(summary.llm?.droppedActions).toBe(0);
    // Every request went out under a JSON Schema (`response_format: json_schema`), what a constrained
    // decoder decodes under; `json_schema_strict` in the model's config also marks it strict.
    const formats = server.requests.map((r) => (r.body.response_format as { type?: string } | undefined)?.type);
    expect(formats.length).toBeGreaterThan(0);
    expect(formats.every((f) => f === "json_schema")).toBe(true);
    // A citation names rows of the citing agent's own prompt in that round: its memoryShown.
    const shown = new Map<string, Set<string>>();
    for (const e of events) if (e.type === "memoryShown") shown.set(`${e.agent} ${e.round}`, new Set(e.rows));
    const refs = events.flatMap((e) => (e.type === "memoryRef" ? [e] : []));
    expect(refs.length).toBeGreaterThan(0);
    const unshown = refs.filter((e) => e.refs.some((row) => !(shown.get(`${e.agent} ${e.round}`)?.has(row) ?? false)));
    expect(unshown).toEqual([]);
  });
});
