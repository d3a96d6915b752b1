import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddingRequestError, RemoteEmbedder } from "../../../../analysis/text/remote-embedder.js";
import { norm } from "../../../../analysis/text/vector.js";

/** A local OpenAI-compatible /embeddings endpoint over real HTTP, scripted by the model name. */
let server: Server;
let baseUrl = "";
const seen: { auth: string | undefined; inputs: string[] }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const parsed: unknown = JSON.parse(body);
      const model = typeof parsed === "object" && parsed !== null && "model" in parsed ? String(parsed.model) : "";
      const input =
        typeof parsed === "object" && parsed !== null && "input" in parsed && Array.isArray(parsed.input) ? parsed.input.map(String) : [];
      seen.push({ auth: request.headers.authorization, inputs: input });
      if (request.url !== "/v1/embeddings" || model === "broken") {
        response.writeHead(500).end("{}");
        return;
      }
      if (model === "wrong-shape") {
        response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ data: [{ vector: [1] }] }));
        return;
      }
      // Answer out of order, as the API allows: vector i = (len(text), i + 1).
      const data = input.map((text: string, index: number) => ({ index, embedding: [text.length, index + 1] })).reverse();
      response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ data }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("RemoteEmbedder (OpenAI-compatible /embeddings over HTTP)", () => {
  it("batches requests, restores the order by index, and L2-normalises", async () => {
    const embedder = new RemoteEmbedder({ baseUrl, model: "mini", apiKey: "test-key", batchSize: 2 });
    const vectors = await embedder.embed(["abc", "a", "abcd"]);
    expect(seen.slice(-2).map((s) => s.inputs)).toEqual([["abc", "a"], ["abcd"]]);
    expect(seen.at(-1)?.auth).toBe("Bearer test-key");
    expect(embedder.dims).toBe(2);
    // (3, 1) / sqrt(10), (1, 2) / sqrt(5), (4, 1) / sqrt(17)
    expect([...(vectors[0] ?? [])].map((v) => Number(v.toFixed(5)))).toEqual([
      Number((3 / Math.sqrt(10)).toFixed(5)),
      Number((1 / Math.sqrt(10)).toFixed(5)),
    ]);
    expect([...(vectors[1] ?? [])].map((v) => Number(v.toFixed(5)))).toEqual([
      Number((1 / Math.sqrt(5)).toFixed(5)),
      Number((2 / Math.sqrt(5)).toFixed(5)),
    ]);
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 6);
    expect(embedder.name).toBe("openai-compatible:mini");
  });

  it("reports HTTP errors and answers of the wrong shape as EmbeddingRequestError", async () => {
    await expect(new RemoteEmbedder({ baseUrl, model: "broken" }).embed(["x"])).rejects.toThrow(EmbeddingRequestError);
    await expect(new RemoteEmbedder({ baseUrl, model: "wrong-shape" }).embed(["x"])).rejects.toThrow(/unexpected shape/);
  });
});
